import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// `text.table`'s row loop (the open segment kept as a target index and a label range) against the loop it replaced
/// (the open segment kept as a label buffer and a copied ``TextTableRule/Target``, closed by a local function), on
/// generated records and tables: rows of labels that name targets (fixed labels, function lines, the bare 总计 on
/// either side), labels that name none, amounts that agree or not, blanks and empty cells, units, partial tables
/// and values taken from tables.
@Suite struct TextTableRowLoopTests {
    /// The check as it was before the row loop kept plain values.
    static func referenceCheck(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard !record.tables.isEmpty else { return [] }
        let filled = Set(record.valueSources.map(\.path))
        let targets = TextTableRule.targets(record)
        var findings: [Finding] = []
        let cells = context.tableCells
        cells.withLabels { labels in
            for (tableIndex, table) in record.tables.enumerated()
            where !TextTableRule.partialTables.contains(table.standard) {
                for row in 0..<cells.rowCount(table: tableIndex) {
                    var side = -1
                    var open: (label: UnsafeBufferPointer<UInt8>, target: TextTableRule.Target)? = nil
                    var numbers: [Amount] = []
                    func close() {
                        guard let (label, target) = open else { return }
                        open = nil
                        let path = target.path
                        guard !filled.contains(path),
                            let finding = TextTableRule.compare(
                                label: String(decoding: label, as: UTF8.self),
                                numbers: numbers,
                                path: path,
                                figure: target.figure,
                                table: table,
                                context: context
                            )
                        else { return }
                        findings.append(finding)
                    }
                    for index in cells.cellRange(table: tableIndex, row: row) {
                        let cell = cells.cells[index]
                        if cell.isEmpty { continue }
                        if let amount = cell.amount {
                            if open != nil { numbers.append(amount) }
                            continue
                        }
                        close()
                        side += 1
                        guard let label = TableCellIndex.label(of: cell, in: labels),
                            let index = targets.firstIndex(forUTF8: label, isPlain: cell.isPlain, side: side)
                        else { continue }
                        let target = targets.target(index, in: record)
                        open = (label, target)
                        numbers.removeAll(keepingCapacity: true)
                    }
                    close()
                }
            }
        }
        return findings
    }

    @Test(arguments: 0..<4)
    func generatedTablesGiveTheReferenceFindings(seed: Int) {
        let names = ["一般公共服务支出", "教育支出", "卫生健康支出", "社会保障和就业支出", "住房保障支出", "e\u{301}支出"]
        let labels =
            names + [
                "本年收入合计", "收入合计", "本年收入", "本年支出合计", "支出合计", "本年支出", "收入总计", "支出总计", "总计", "公务接待费",
                "因公出国(境)费", "公务用车购置费", "公务用车运行维护费", "公务用车购置及运行费", "项目", "合计", "科目名称", "\u{E9}支出",
            ]
        // Cells as tables write them; the text's figures are plain decimals.
        let amounts = ["1.5", "2.14", "21400.00", "0", "12", "-3.2", "1,234.56", "99999", "20"]
        let figures = ["1.5", "2.14", "2.1", "0", "12", "-3.2", "1234.56", "99999", "20"]
        let units: [String?] = ["万元", "元", nil, "千元"]
        let standards: [StandardTable?] = [nil, .summary, .expenditure, .threePublic, .income, .generalBudgetBasic]
        var generator = SplitMix64(seed: UInt64(seed) &* 6_700_417 &+ 29)
        var findingsSeen = 0
        for round in 0..<300 {
            var record = emptyRecord()
            let maybe = { (generator: inout SplitMix64) -> Figure? in
                generator.below(4) == 0 ? nil : figure(generator.pick(figures))
            }
            record.income.total = maybe(&generator)
            record.income.grandTotal = maybe(&generator)
            record.expenditure.total = maybe(&generator)
            record.expenditure.grandTotal = maybe(&generator)
            record.threePublic.reception.amount = maybe(&generator)
            record.threePublic.outboundTravel.amount = maybe(&generator)
            record.threePublic.vehicleOperation.amount = maybe(&generator)
            record.threePublic.vehicleCombined.amount = maybe(&generator)
            record.expenditure.byFunction = (0..<generator.below(5)).map { _ in
                FunctionLine(code: nil, name: generator.pick(names), block: AmountBlock(amount: maybe(&generator)))
            }
            if generator.below(4) == 0 {
                record.valueSources = [
                    ValueSource(
                        path: generator.pick([
                            "threePublic.reception.amount", "income.total", "expenditure.byFunction[教育支出].amount",
                        ]),
                        table: 0,
                        row: 1,
                        column: 1,
                        written: "1",
                        unit: "万元"
                    )
                ]
            }
            record.tables = (0..<generator.below(3) + 1).map { _ in
                let rows = (0..<generator.below(8)).map { _ in
                    (0..<generator.below(7)).map { _ -> String in
                        switch generator.below(6) {
                        case 0, 1: return generator.pick(labels)
                        case 2, 3: return generator.pick(amounts)
                        case 4: return ""
                        default: return generator.pick(["-", " ", "（一）", "说明"])
                        }
                    }
                }
                return DocumentTable(
                    title: "表",
                    unit: generator.pick(units),
                    rows: rows,
                    span: TextSpan(start: 0, end: 0),
                    standard: generator.pick(standards)
                )
            }
            let context = RuleContext(record: record, text: NormalizedText(normalized: ""))
            let findings = TextTableRule().check(context)
            #expect(findings == Self.referenceCheck(context), "round \(round)")
            findingsSeen += findings.count
        }
        print("TextTableRowLoopTests seed \(seed): \(findingsSeen) findings")
        #expect(findingsSeen > 20)
    }
}
