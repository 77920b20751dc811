import DisclosureCore
import Testing

@testable import DisclosurePDF

/// The standard tables of every whole corpus document, read from the PDF, and whether their totals agree with
/// their items (class rows against the 合计 row, column by column).
@Suite struct TableCorpusTests {
    /// What each document must yield: the standard tables found, and every column whose items do not add up to
    /// its total exactly (`table column: stated vs sum`).
    static let expectations: [String: (tables: Set<StandardTable>, disagreements: [String])] = {
        let shanghaiBudget: Set<StandardTable> = [
            .summary, .income, .expenditure, .appropriationSummary, .generalBudgetExpenditure, .governmentFund,
            .stateCapital, .generalBudgetBasic, .threePublic,
        ]
        let shanghaiFinal: Set<StandardTable> = shanghaiBudget
        return [
            // Tables printed as images: the explanation only.
            "jiangsu-cppcc-office-2019-dept-budget": ([], []),
            "jiangsu-party-office-2019-dept-budget": ([], []),
            "jiangsu-procuratorate-2019-dept-budget": (
                [
                    .summary, .income, .expenditure, .appropriationSummary, .appropriationExpenditure,
                    .appropriationBasic, .generalBudgetExpenditure, .generalBudgetBasic, .threePublic,
                    .governmentFund, .operatingFunds, .procurement,
                ], []
            ),
            "shanghai-putuo-commerce-2025-dept-budget": (shanghaiBudget, []),
            // The broken copy drops the 支出决算表; its class rows add up to 2940.06 against a stated 2940.05.
            "shanghai-putuo-finance-2024-dept-final-seeded-errors": (
                shanghaiFinal.subtracting([.expenditure]),
                [
                    "generalBudgetExpenditure col 2: 2940.05 vs 2940.06",
                    "generalBudgetExpenditure col 3: 2336.91 vs 2336.92",
                ]
            ),
            "shanghai-putuo-govoffice-2025-unit-budget": (shanghaiBudget, []),
            "shanghai-putuo-justice-2026-dept-budget": (shanghaiBudget, []),
            // The basic-expenditure total is printed without its cents (22,118,861 for 22,118,861.34).
            "shanghai-putuo-justice-2026-unit-budget": (
                shanghaiBudget,
                [
                    "expenditure col 3: 22118861 vs 22118861.34",
                    "generalBudgetExpenditure col 3: 22118861 vs 22118861.34",
                ]
            ),
            // 人员经费合计 4884.09 against items adding up to 4884.10: rounding, inside the band.
            "shanghai-putuo-planning-2024-dept-final": (
                shanghaiFinal, ["generalBudgetBasic col 2: 4884.09 vs 4884.10"]
            ),
            "shanghai-putuo-socialwork-2024-dept-final": (shanghaiFinal, []),
            "shanghai-putuo-wanli-street-2024-dept-budget": (shanghaiBudget, []),
        ]
    }()

    @Test(arguments: CorpusPDF.names)
    func findsTheStandardTablesAndChecksTheirTotals(name: String) throws {
        guard let bytes = CorpusPDF.bytes(name, ".pdf") else {
            print("skip: corpus document \(name) not found under \(CorpusPDF.wholeDirectory)")
            return
        }
        let expected = try #require(Self.expectations[name])
        let text = try PDFTextExtractor().extract(bytes)
        let document = DecodedDocument(
            text: text.text,
            documentId: name,
            source: SourceInfo(contentType: "application/pdf")
        )
        let (record, _) = DisclosureParser().parse(document)
        if FileBytes.environment("TABLE_REPORT") != nil {
            // A readable dump for whoever tunes the detector.
            for table in record.tables {
                print("== \(name) [\(table.standard?.rawValue ?? "-")] \(table.title ?? "") (\(table.unit ?? "?"))")
                for row in table.rows { print("   " + row.joined(separator: " | ")) }
                for note in table.notes { print("   NOTE " + note) }
            }
        }
        let found = Set(record.tables.compactMap(\.standard))
        #expect(expected.tables.isSubset(of: found), "missing: \(expected.tables.subtracting(found))")

        var disagreements: [String] = []
        var checkedColumns = 0
        for table in record.tables {
            for finding in TableSumCheck.check(table) {
                checkedColumns += 1
                guard !finding.isExact else { continue }
                #expect(finding.isWithinTolerance || finding.stated.scale == 0, "\(name): \(finding)")
                disagreements.append(
                    "\(table.standard?.rawValue ?? "-") col \(finding.column): \(finding.stated) vs \(finding.sum)"
                )
            }
        }
        #expect(disagreements == expected.disagreements)
        if !expected.tables.isEmpty { #expect(checkedColumns >= 4, "only \(checkedColumns) columns checked") }
        // Units: every standard table of these documents names its unit.
        for table in record.tables where table.standard != nil {
            #expect(table.unit == "元" || table.unit == "万元", "\(table.title ?? "?") has no unit")
        }
    }
}
