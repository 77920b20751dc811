import Testing

@testable import DisclosureCore

/// What the standard tables give the record when the prose is silent (exactly converted, with their cells noted),
/// and `code.name` on the class rows of the tables.
@Suite struct TableFillAndCodeNameTests {
    /// A 支出总表 in 元 as the layout reader lines it up: header lines, then `[code, label, total, basic, project]`.
    static func expenditureTable(header: [[String]]? = nil, total: [String]) -> DocumentTable {
        let header = header ?? [["项目", "支出预算"], ["功能分类科目名称", "合计", "基本支出", "项目支出"]]
        let body: [[String]] = [
            ["201", "一般公共服务支出", "82,096,797.42", "15,686,797.42", "66,410,000.00"],
            ["201 03 01", "行政运行", "12,029,501.84", "11,919,501.84", "110,000.00"],
            ["208", "业支出", "4,213,779.28", "4,213,779.28", ""],
            ["210", "出卫生健康支出", "1,097,073.43", "1,097,073.43", ""],
            [""] + total,
        ]
        return DocumentTable(
            title: "2025年预算单位支出预算总表",
            unit: "元",
            rows: header + body,
            span: TextSpan(start: 10, end: 20),
            standard: .expenditure,
            headerRowCount: header.count
        )
    }

    static func filled(
        _ tables: [DocumentTable],
        prose: (inout DisclosureRecord) -> Void = { _ in }
    ) -> DisclosureRecord {
        var record = DisclosureRecord(documentId: "t")
        prose(&record)
        record.tables = tables
        TableRecordFiller.fill(&record)
        return record
    }

    static func amount(_ text: String) -> Amount { Amount(parsing: text)! }

    @Test func theExpenditureTableFillsTotalsBasicProjectAndClassesExactly() {
        let total = ["合计", "87,410,577.13", "21,000,577.13", "66,410,000.00"]
        let record = Self.filled([Self.expenditureTable(total: total)])
        #expect(record.expenditure.total?.value == Self.amount("8741.057713"))
        #expect(record.expenditure.basic.amount?.value == Self.amount("2100.057713"))
        #expect(record.expenditure.project.amount?.value == Self.amount("6641"))
        #expect(record.expenditure.byFunction.map(\.code) == ["201", "208", "210"])
        // The wrapped tail glued onto a class name is dropped, a label cut by the header is completed from its
        // code; the code column is not an amount.
        #expect(record.expenditure.byFunction.map(\.name) == ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出"])
        #expect(record.expenditure.byFunction[0].block.amount?.value == Self.amount("8209.679742"))
        #expect(record.expenditure.basic.amount?.evidence == TextSpan(start: 10, end: 20))
        let sources = record.valueSources.map { "\($0.path) r\($0.row) c\($0.column) \($0.written) \($0.unit)" }
        #expect(
            sources == [
                "expenditure.total r6 c2 87,410,577.13 元", "expenditure.basic.amount r6 c3 21,000,577.13 元",
                "expenditure.project.amount r6 c4 66,410,000.00 元",
                "expenditure.byFunction[201].amount r2 c2 82,096,797.42 元",
                "expenditure.byFunction[208].amount r4 c2 4,213,779.28 元",
                "expenditure.byFunction[210].amount r5 c2 1,097,073.43 元",
            ]
        )
    }

    @Test func proseValuesAreNeverReplaced() {
        let total = ["合计", "87,410,577.13", "21,000,577.13", "66,410,000.00"]
        let record = Self.filled([Self.expenditureTable(total: total)]) { record in
            record.expenditure.total = Figure(Self.amount("9999.99"), evidence: TextSpan(start: 1, end: 2))
            record.expenditure.byFunction = [
                FunctionLine(
                    code: "201",
                    name: "一般公共服务支出",
                    block: AmountBlock(amount: Figure(Self.amount("1"), evidence: TextSpan(start: 1, end: 2)))
                )
            ]
        }
        #expect(record.expenditure.total?.value == Self.amount("9999.99"))
        #expect(record.expenditure.byFunction.map(\.code) == ["201", "208", "210"])
        #expect(record.expenditure.byFunction[0].block.amount?.value == Self.amount("1"))
        #expect(!record.valueSources.contains { $0.path == "expenditure.total" })
    }

    @Test func basicAndProjectNeedTheirHeaderAndAnExactSum() {
        // The total is not the sum of the other two: a misread row fills neither.
        let wrong = Self.filled([
            Self.expenditureTable(total: ["合计", "87,410,577.13", "21,000,577.13", "66,400,000.00"])
        ])
        #expect(wrong.expenditure.basic.amount == nil && wrong.expenditure.project.amount == nil)
        #expect(wrong.expenditure.total != nil)
        // `项目 | 支出预算` squeezes to 项目支出预算: no project column is named.
        let noColumns = Self.filled([
            Self.expenditureTable(
                header: [["项目", "支出预算"], ["合计", "基本支出"]],
                total: ["合计", "87,410,577.13", "21,000,577.13", "66,410,000.00"]
            )
        ])
        #expect(noColumns.expenditure.basic.amount == nil)
        // Named the other way round on one header line.
        let reversed = Self.filled([
            Self.expenditureTable(
                header: [["合计", "项目支出", "基本支出"]],
                total: ["合计", "87,410,577.13", "66,410,000.00", "21,000,577.13"]
            )
        ])
        #expect(reversed.expenditure.basic.amount?.value == Self.amount("2100.057713"))
        #expect(reversed.expenditure.project.amount?.value == Self.amount("6641"))
    }

    @Test func aTableWithoutAUnitFillsNothing() {
        var table = Self.expenditureTable(total: ["合计", "87,410,577.13", "21,000,577.13", "66,410,000.00"])
        table.unit = nil
        #expect(Self.filled([table]).valueSources.isEmpty)
    }

    @Test func theSummaryGivesTotalsAndCarryOverEvenWhenLayoutMergedALabel() {
        let summary = DocumentTable(
            title: "收入支出决算总表",
            unit: "万元",
            rows: [
                ["收入", "支出"], ["本年收入合计", "2946.25", "本年支出合计", "2940.05"],
                ["年初结转和结余", "49.14", "年末结转和结余", "55.34"],
                ["四、其他收入收入总计", "2995.39", "支出总计", "2995.39"],
            ],
            span: TextSpan(start: 0, end: 5),
            standard: .summary,
            headerRowCount: 1
        )
        let record = Self.filled([summary])
        #expect(record.income.total?.value == Self.amount("2946.25"))
        #expect(record.expenditure.total?.value == Self.amount("2940.05"))
        #expect(record.carryover.opening?.value == Self.amount("49.14"))
        #expect(record.carryover.closing?.value == Self.amount("55.34"))
        #expect(record.income.grandTotal?.value == Self.amount("2995.39"))
        #expect(record.expenditure.grandTotal?.value == Self.amount("2995.39"))
    }

    @Test func aBareTotalOnBothHalvesIsIncomeThenSpending() {
        let summary = DocumentTable(
            title: "收入支出决算总表",
            unit: "万元",
            rows: [
                ["收入", "支出"], ["本年收入合计", "2,946.25", "", "本年支出合计", "2,940.05"],
                ["总计", "2,995.39", "总计", "", "2,995.39"],
            ],
            span: TextSpan(start: 0, end: 5),
            standard: .summary,
            headerRowCount: 1
        )
        let filled = Self.filled([summary])
        #expect(filled.income.grandTotal?.value == Self.amount("2995.39"))
        #expect(filled.expenditure.grandTotal?.value == Self.amount("2995.39"))
        // The text says 0 (the seeded copy's planted 总计): kept, and text.table reports the table's figure.
        let stated = Self.filled([summary]) { record in
            record.income.grandTotal = Figure(Self.amount("0"), evidence: TextSpan(start: 1, end: 2))
            record.expenditure.grandTotal = Figure(Self.amount("0"), evidence: TextSpan(start: 1, end: 2))
        }
        #expect(stated.income.grandTotal?.value == Self.amount("0"))
        let findings = TextTableRule().check(RuleContext(record: stated, text: NormalizedText(normalized: "")))
        #expect(findings.map(\.subject) == ["income.grandTotal", "expenditure.grandTotal"])
        #expect(findings.first?.actual == Self.amount("2995.39"))
        // A value taken from the table is not checked against the table.
        #expect(TextTableRule().check(RuleContext(record: filled, text: NormalizedText(normalized: ""))).isEmpty)
    }

    static func threePublicTable(_ rows: [[String]]) -> DocumentTable {
        DocumentTable(
            title: "2026年部门“三公”经费和机关运行经费预算表",
            unit: "万元",
            rows: [["合计", "因公出国(境)费", "公务接待费", "机关运行经费预算数"], ["小计", "购置费", "运行费"]] + rows,
            span: TextSpan(start: 0, end: 5),
            standard: .threePublic,
            headerRowCount: 2
        )
    }

    @Test func threePublicIsReadOnlyWhenItsColumnsAddUp() {
        // Shanghai's budget order (合计, 出国, 接待, 小计, 购置, 运行, 机关运行经费), as the justice budget prints it.
        let budget = Self.filled([Self.threePublicTable([["", "10.81", "0", "0.83", "9.98", "0", "9.98", "217.83"]])])
        #expect(budget.threePublic.total.amount?.value == Self.amount("10.81"))
        #expect(budget.threePublic.reception.amount?.value == Self.amount("0.83"))
        #expect(budget.threePublic.vehicleCombined.amount?.value == Self.amount("9.98"))
        #expect(budget.threePublic.vehicleOperation.amount?.value == Self.amount("9.98"))
        #expect(budget.operatingFunds.amount?.value == Self.amount("217.83"))
        // A final account: budget and final side by side, in the national order (…, 小计, 购置, 运行, 接待).
        let final = Self.filled([
            Self.threePublicTable([
                ["", "2.85", "0.39", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2.85", "0.39"]
            ])
        ])
        #expect(final.threePublic.total.amount?.value == Self.amount("0.39"))
        #expect(final.threePublic.total.budget?.value == Self.amount("2.85"))
        #expect(final.threePublic.reception.amount?.value == Self.amount("0.39"))
        #expect(final.operatingFunds.amount == nil)
        // Layout moved a cell (运行费 25 printed first), or lost empty ones: nothing is taken.
        let moved = Self.filled([Self.threePublicTable([["25", "", "47.91", "0", "1.35", "46.56", "21.56", "443.18"]])])
        #expect(moved.valueSources.isEmpty)
        #expect(Self.filled([Self.threePublicTable([["", "1.00", "1.00", "171.01"]])]).valueSources.isEmpty)
        // The prose's figure stays.
        let stated = Self.filled([Self.threePublicTable([["", "10.81", "0", "0.83", "9.98", "0", "9.98", "217.83"]])]) {
            $0.threePublic.total.amount = Figure(Self.amount("11"), evidence: TextSpan(start: 1, end: 2))
        }
        #expect(stated.threePublic.total.amount?.value == Self.amount("11"))
        #expect(stated.threePublic.reception.amount?.value == Self.amount("0.83"))
    }

    @Test func theAppropriationSummaryGivesTheGeneralBudgetIncome() {
        let table = DocumentTable(
            title: "财政拨款收支预算总表",
            unit: "万元",
            rows: [
                ["收入", "支出"], ["一、一般公共预算", "24169.74", "一、基本支出", "", "15844.04"],
                ["二、政府性基金预算", "", "二、项目支出", "", "4335.3"],
            ],
            span: TextSpan(start: 0, end: 5),
            standard: .appropriationSummary,
            headerRowCount: 1
        )
        let record = Self.filled([table])
        #expect(record.appropriation.income?.value == Self.amount("24169.74"))
        #expect(record.valueSources.map(\.path) == ["appropriation.income"])
        // The spending half's labels are not income.
        var spendingOnly = table
        spendingOnly.rows = [["收入", "支出"], ["", "", "一、一般公共预算", "", "100.00"]]
        #expect(Self.filled([spendingOnly]).appropriation.income == nil)
    }

    // MARK: - code.name on tables

    static func codeName(_ rows: [[String]], year: Int) -> [String] {
        var record = DisclosureRecord(documentId: "t")
        record.fiscalYear = year
        record.tables = [
            DocumentTable(title: "支出总表", unit: "元", rows: rows, span: TextSpan(start: 0, end: 0), headerRowCount: 0)
        ]
        return CodeNameRule().check(RuleContext(record: record, text: NormalizedText(normalized: "")))
            .map { "\($0.subject) \($0.severity) \($0.message)" }
    }

    @Test func aTableClassRowWithAFormerNameIsAnErrorAfterItsLastYear() {
        let rows = [["201", "一般公共服务支出", "1.00"], ["210", "医疗卫生与计划生育支出", "2.00"]]
        let findings = Self.codeName(rows, year: 2026)
        #expect(findings.count == 1)
        #expect(findings.first?.hasPrefix("expenditure.byFunction[210] error") == true)
        #expect(findings.first?.contains("last used in 2018") == true)
        // The year after the change is tolerated (templates lag), and before it the name was current.
        #expect(Self.codeName(rows, year: 2019).isEmpty)
        #expect(Self.codeName(rows, year: 2017).isEmpty)
    }

    @Test func aTableClassRowWithAnotherClassNameIsAnError() {
        let findings = Self.codeName([["208", "卫生健康支出", "1.00"]], year: 2024)
        #expect(findings.first?.hasPrefix("expenditure.byFunction[208] error") == true)
    }

    @Test func economicCodesSubLevelsAndUnknownNamesAreLeftAlone() {
        let rows = [
            ["399", "其他支出", "1.00"], ["301", "工资福利支出", "1.00"], ["21011", "医疗卫生与计划生育支出", "1.00"],
            ["210", "医疗卫生", "1.00"],
        ]
        #expect(Self.codeName(rows, year: 2026).isEmpty)
    }
}
