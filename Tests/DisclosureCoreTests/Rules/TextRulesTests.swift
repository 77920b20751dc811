import DisclosureCore
import Foundation
import Testing

@Suite struct TextRulesTests {
    // MARK: - code.name

    @Test func codeNameHoldsForCurrentNames() {
        var record = emptyRecord()
        record.fiscalYear = 2024
        record.expenditure.byFunction = [FunctionLine(code: "210", name: "卫生健康支出")]
        #expect(run(CodeNameRule(), record, text: "卫生健康支出(210类)行政事业单位医疗(11款)").isEmpty)
    }

    @Test func codeNameFailsForANameOfAnotherClass() {
        var record = emptyRecord()
        record.fiscalYear = 2024
        record.expenditure.byFunction = [FunctionLine(code: "208", name: "卫生健康支出")]
        #expect(summary(run(CodeNameRule(), record)) == ["expenditure.byFunction[208] error"])
    }

    @Test func codeNameFormerNameInALaterYear() {
        // justice-2026: 医疗卫生与计划生育支出（210类） in a 2026 budget.
        var record = emptyRecord()
        record.fiscalYear = 2026
        let text = "11、医疗卫生与计划生育支出(210类)行政事业单位医疗(11款)行政单位医疗(01项)98.27万元。"
        let findings = run(CodeNameRule(), record, text: text)
        #expect(summary(findings) == ["expenditure.byFunction[210] error"])
        #expect(
            findings.first?.evidence.first.map { NormalizedText(normalized: text).text($0.span) } == "医疗卫生与计划生育支出(210类)"
        )
        // The year after the rename (templates lag) and before it: accepted.
        record.fiscalYear = 2019
        #expect(run(CodeNameRule(), record, text: text).isEmpty)
        record.fiscalYear = 2017
        #expect(run(CodeNameRule(), record, text: text).isEmpty)
        // No year: a former name cannot be judged.
        record.fiscalYear = nil
        #expect(run(CodeNameRule(), record, text: text).isEmpty)
    }

    @Test func codeNameOneEventPerDocumentAndSilentOnUnknownNames() {
        var record = emptyRecord()
        record.fiscalYear = 2026
        let text = "医疗卫生与计划生育支出(210类)。文化体育与传媒支出(207类)。某某支出(299类)。"
        #expect(summary(run(CodeNameRule(), record, text: text)) == ["expenditure.byFunction[210] error"])
        #expect(run(CodeNameRule(), record, text: "某某支出(299类)").isEmpty)
        #expect(run(CodeNameRule(), emptyRecord()).isEmpty)
    }

    // MARK: - template.residue

    @Test func templateResidueNamesTheBlockItsSentenceTalksAbout() {
        let cases: [(String, String)] = [
            ("财政拨款收入支出增加(减少)的主要原因是业务量增加。", "appropriation.change"),
            ("2024年度“三公”经费财政拨款支出决算数比2023年度减\n少0.15万元,下降(增长)27.78%。", "threePublic.total.change"),
            ("第二部分 上海市普陀区XX局2024年度部门决算表", "unit.name"),
            ("退休费等。(按“部门预算公开06表 财政拨款基本支出预算表”中实际发生经济分类支出事项填写)", "appropriation.basic"),
            ("公务用车购置及运行费9.98万元,与2025年预算数持平,主要原因是。", "threePublic.total.change"),
            ("本段XX。", "text"),
        ]
        for (text, subject) in cases {
            #expect(summary(run(TemplateResidueRule(), emptyRecord(), text: text)) == ["\(subject) error"], "\(text)")
        }
    }

    @Test func templateResidueReportsTheStrongestResidueOnce() {
        let text = "本表填列数应与收入数一致。财政拨款收入支出增加(减少)的主要原因是业务量增加。"
        let findings = run(TemplateResidueRule(), emptyRecord(), text: text)
        #expect(summary(findings) == ["appropriation.change error"])
        #expect(findings.first?.message.contains("增加(减少)") == true)
    }

    @Test func templateResidueIsSilentOnFilledText() {
        let text = "2024年支出比上年增加10万元(主要是人员增加)。XXL型号设备1台。根据批复填列。"
        #expect(run(TemplateResidueRule(), emptyRecord(), text: text).isEmpty)
        #expect(run(TemplateResidueRule(), emptyRecord()).isEmpty)
    }

    @Test func templateResidueFromTheParsersObservations() {
        var record = emptyRecord()
        let text = "三公经费预算【请填写】万元。"
        record.observations.templateResidue = [Stated("【请填写】", evidence: TextSpan(start: 12, end: 27))]
        #expect(summary(run(TemplateResidueRule(), record, text: text)) == ["threePublic.total error"])
    }

    // MARK: - completeness.sections

    static let completeBudget = """
        一、部门职责
        负责全区审计工作。
        二、机构设置
        内设3个科室。核定行政编制5名。
        三、收支预算总体情况
        收入预算100万元，支出预算100万元。一般公共预算财政拨款收入100万元，一般公共预算财政拨款支出100万元，其中基本支出80万元，项目支出20万元。
        政府性基金预算拨款收入0万元。国有资本经营预算收入0万元。
        四、“三公”经费预算情况
        “三公”经费预算5万元，其中因公出国(境)费0万元，公务接待费2万元，公务用车购置费0万元，公务用车运行维护费3万元。
        五、机关运行经费
        机关运行经费30万元。
        六、政府采购情况
        政府采购预算10万元。
        七、国有资产占用情况
        共有车辆1辆。
        八、绩效目标设置情况
        实行绩效目标管理的项目2个。
        九、名词解释
        1.机关运行经费:指为保障行政单位运行用于购买货物和服务的各项公用经费。
        """

    @Test func completenessHoldsForACompleteBudget() {
        #expect(
            run(CompletenessSectionsRule(), emptyRecord(kind: .budget), text: TextRulesTests.completeBudget).isEmpty
        )
    }

    @Test func completenessReportsAMissingRequiredSectionOnceAsAWarning() {
        // Drop the 三公 section: one warning on `threePublic`, its sub-items not reported separately.
        let text = TextRulesTests.completeBudget.split(separator: "\n").filter { !$0.contains("三公") }
            .joined(separator: "\n")
        let findings = run(CompletenessSectionsRule(), emptyRecord(kind: .budget), text: text)
        #expect(summary(findings) == ["threePublic warning"])
    }

    @Test func completenessIgnoresGlossaryDefinitionsAndReportsExpectedItemsAsInfo() {
        // The only 机关运行经费 left is the glossary's definition: missing. Assets missing: expected → info.
        let text = TextRulesTests.completeBudget.split(separator: "\n")
            .filter { !$0.hasPrefix("五、") && !$0.hasPrefix("机关运行经费30") && !$0.contains("车辆") && !$0.contains("国有资产") }
            .joined(separator: "\n")
        let findings = run(CompletenessSectionsRule(), emptyRecord(kind: .budget), text: text)
        #expect(summary(findings) == ["assets info", "operatingFunds warning"])
    }

    @Test func completenessAcceptsAStatementOfNone() {
        let text = TextRulesTests.completeBudget.replacingOccurrences(of: "政府采购预算10万元。", with: "本单位无政府采购预算。")
        #expect(run(CompletenessSectionsRule(), emptyRecord(kind: .budget), text: text).isEmpty)
    }

    @Test func completenessAcceptsRecordValuesAndIsSilentWithoutText() {
        var record = emptyRecord(kind: .budget)
        record.procurement.total = figure("10")
        let text = TextRulesTests.completeBudget.replacingOccurrences(of: "政府采购预算10万元。", with: "")
            .replacingOccurrences(of: "六、政府采购情况", with: "")
        #expect(run(CompletenessSectionsRule(), record, text: text).isEmpty)
        #expect(
            summary(run(CompletenessSectionsRule(), emptyRecord(kind: .budget), text: text)) == ["procurement warning"]
        )
        #expect(run(CompletenessSectionsRule(), emptyRecord(kind: .budget)).isEmpty)
    }

    @Test func completenessListsDifferForFinalAccounts() {
        // A final account without a performance evaluation: expected → info; the budget's targets item does not apply.
        let text = TextRulesTests.completeBudget.replacingOccurrences(of: "八、绩效目标设置情况\n实行绩效目标管理的项目2个。\n", with: "")
        let findings = run(CompletenessSectionsRule(), emptyRecord(kind: .finalAccounts), text: text)
        #expect(findings.contains { $0.subject == "performance" && $0.severity == .info })
        #expect(findings.allSatisfy { $0.severity != .error })
    }

    // MARK: - parse.unrecognized

    @Test func unplacedSentencesAreInfoWithTheirOwnSubjects() {
        var record = emptyRecord()
        let text = "一、概况\n其他支出12.5万元。"
        record.observations.unplacedSentences = [TextSpan(start: 13, end: text.utf8.count)]
        let findings = run(ParseUnrecognizedRule(), record, text: text)
        #expect(summary(findings) == ["text[5] info"])
        #expect(run(ParseUnrecognizedRule(), emptyRecord(), text: text).isEmpty)
    }
}
