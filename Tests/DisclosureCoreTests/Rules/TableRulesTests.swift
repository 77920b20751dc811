import DisclosureCore
import Testing

@Suite struct TableRulesTests {
    static func table(_ rows: [[String]], unit: String? = "万元", title: String? = "支出总表") -> DocumentTable {
        DocumentTable(title: title, unit: unit, rows: rows, span: TextSpan(start: 0, end: 0))
    }

    // MARK: - table.sum

    static func classTable(total: String, items: [String]) -> DocumentTable {
        table(
            [["科目编码", "科目名称", "合计"], ["", "合计", total]]
                + items.enumerated().map { index, item in [String(201 + index), "class \(index)", item] }
        )
    }

    @Test func tableSum() {
        func findings(_ total: String, _ items: [String], _ tolerance: TolerancePolicy = TolerancePolicy()) -> [Finding]
        {
            var record = emptyRecord()
            record.tables = [TableRulesTests.classTable(total: total, items: items)]
            return TableSumRule().check(
                RuleContext(record: record, text: NormalizedText(normalized: ""), tolerance: tolerance)
            )
        }
        #expect(findings("1652.00", ["1335.23", "198.07", "61.17", "57.53"]).isEmpty)
        #expect(summary(findings("1700.00", ["1335.23", "198.07", "61.17", "57.53"])) == ["tables[0] info"])
        let inside = findings("1651.99", ["1335.23", "198.07", "61.17", "57.53"])
        #expect(summary(inside) == ["tables[0] info"])
        #expect(inside.first?.tolerance == amount("0.025"))
        let edge = TolerancePolicy(multiplier: .zero, minimum: amount("0.02"))
        #expect(summary(findings("1651.98", ["1335.23", "198.07", "61.17", "57.53"], edge)) == ["tables[0] info"])
        #expect(summary(findings("1651.97", ["1335.23", "198.07", "61.17", "57.53"], edge)) == ["tables[0] info"])
        // Missing: one item row only, or a blank cell in the column.
        #expect(findings("1700.00", ["1335.23"]).isEmpty)
        #expect(findings("1700.00", ["1335.23", ""]).isEmpty)
        #expect(run(TableSumRule(), emptyRecord()).isEmpty)
    }

    // MARK: - table.emptyNote

    @Test func tableEmptyNote() {
        var record = emptyRecord()
        record.tables = [TableRulesTests.table([["项目", "金额"], ["政府性基金预算支出", "0.00"]], title: "政府性基金预算支出表(本表为空表)")]
        #expect(run(TableEmptyNoteRule(), record).isEmpty)
        record.tables = [TableRulesTests.table([["项目", "金额"], ["公务接待费", "2.50"]], title: "三公经费支出表(本表无数据)")]
        #expect(summary(run(TableEmptyNoteRule(), record)) == ["tables[0] info"])
        record.tables = [TableRulesTests.table([["项目", "金额"], ["政府性基金预算支出", "0"]], title: "政府性基金预算支出表")]
        #expect(summary(run(TableEmptyNoteRule(), record)) == ["tables[0] info"])
        record.tables = [TableRulesTests.table([["项目", "金额"], ["公务接待费", "2.50"]])]
        #expect(run(TableEmptyNoteRule(), record).isEmpty)
        #expect(run(TableEmptyNoteRule(), emptyRecord()).isEmpty)
    }

    @Test func tableRuleViolationsAreInfoUnlessConfiguredUp() throws {
        // A filled table noted as empty, the note in a cell: a violation, reported as info by default.
        var record = emptyRecord()
        record.tables = [
            DocumentTable(
                title: "政府性基金预算支出表",
                unit: nil,
                rows: [["公务接待费", "2.50"], ["注:本表为空表"]],
                span: TextSpan(start: 0, end: 0)
            )
        ]
        let findings = run(TableEmptyNoteRule(), record)
        #expect(findings.map(\.kind) == [.violation])
        let text = NormalizedText(normalized: "")
        #expect(RuleEngine().evaluate(record, text: text).first { $0.ruleId == "table.emptyNote" }?.severity == .info)
        let strict = try RulesConfiguration(yaml: "rules:\n  table.emptyNote: { severity: error }\n")
        let raised = RuleEngine(configuration: strict).evaluate(record, text: text)
        #expect(raised.first { $0.ruleId == "table.emptyNote" }?.severity == .error)
    }

    // MARK: - text.table

    @Test func textTable() {
        func findings(
            text: String,
            cell: String,
            unit: String? = "万元",
            tolerance: TolerancePolicy = TolerancePolicy()
        ) -> [Finding] {
            var record = emptyRecord()
            record.threePublic.reception.amount = figure(text)
            record.tables = [TableRulesTests.table([["项目", "预算数"], ["公务接待费", cell]], unit: unit)]
            return TextTableRule().check(
                RuleContext(record: record, text: NormalizedText(normalized: ""), tolerance: tolerance)
            )
        }
        #expect(findings(text: "2.14", cell: "2.14").isEmpty)
        // A table in 元.
        #expect(findings(text: "2.14", cell: "21400.00", unit: "元").isEmpty)
        #expect(findings(text: "2.14", cell: "21400.00", unit: nil).isEmpty)
        let failure = findings(text: "2.14", cell: "3.14")
        #expect(summary(failure) == ["threePublic.reception info"])
        #expect(failure.first?.actual == amount("3.14"))
        // Inside the band (2.1 ± 0.05 against 2.14 ± 0.005): agrees, no finding.
        #expect(findings(text: "2.1", cell: "2.14").isEmpty)
        // At the edge of a configured band of 0.05: 2.1 against 2.15 agrees, 2.16 does not.
        let edge = TolerancePolicy(multiplier: .zero, minimum: amount("0.05"))
        #expect(findings(text: "2.1", cell: "2.15", tolerance: edge).isEmpty)
        #expect(summary(findings(text: "2.1", cell: "2.16", tolerance: edge)) == ["threePublic.reception info"])
        // Missing: no table, or no matching row.
        var record = emptyRecord()
        record.threePublic.reception.amount = figure("2.14")
        #expect(run(TextTableRule(), record).isEmpty)
        record.tables = [TableRulesTests.table([["项目", "预算数"], ["会议费", "9"]])]
        #expect(run(TextTableRule(), record).isEmpty)
    }
}
