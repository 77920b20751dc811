import DisclosureCore
import Testing

@Suite struct RuleEngineTests {
    @Test func evidenceQuotesTheNormalizedTextWithScalarOffsets() throws {
        let text = "一、概况\n收入预算100万元，支出预算90万元。"
        let normalized = NormalizedText(normalized: text)
        let sentenceStart = Array("一、概况\n".utf8).count
        let span = TextSpan(start: sentenceStart, end: text.utf8.count)
        var record = emptyRecord(kind: .budget)
        record.income.total = figure("100", at: span)
        record.expenditure.total = figure("90", at: span)
        let anomalies = RuleEngine().evaluate(record, text: normalized).filter {
            $0.ruleId == "balance.incomeExpenditure"
        }
        let anomaly = try #require(anomalies.first)
        // Both figures come from the same sentence: one quote.
        #expect(anomaly.evidence.count == 1)
        #expect(anomaly.evidence.first?.quote == "收入预算100万元，支出预算90万元。")
        #expect(anomaly.evidence.first?.start == 5)
        #expect(anomaly.evidence.first?.end == 5 + "收入预算100万元，支出预算90万元。".unicodeScalars.count)
        #expect(anomaly.evidence.first?.path == "income.total")
        #expect(!anomaly.message.isEmpty && !anomaly.messageZh.isEmpty)
    }

    @Test func outputIsSortedByRuleThenSubjectAndByteIdentical() {
        let record = SeedRulesTests.seedRecord()
        let text = NormalizedText(normalized: "")
        let anomalies = RuleEngine().evaluate(record, text: text)
        let keys = anomalies.map { "\($0.ruleId)\u{0}\($0.subject)" }
        #expect(keys == keys.sorted())
        let first = anomalies.map(AnomalyJSON.bytes)
        let second = RuleEngine().evaluate(record, text: text).map(AnomalyJSON.bytes)
        #expect(first == second)
    }

    /// A rule that reports the same subject twice.
    struct Twice: Rule {
        let id = "sum.income.sources"
        let subjects = ["income.total"]
        func check(_ context: RuleContext) -> [Finding] {
            [
                Finding(subject: "income.total", severity: .info, kind: .rounding, message: "a", messageZh: "a"),
                Finding(subject: "income.total", severity: .error, message: "b", messageZh: "b"),
            ]
        }
    }

    @Test func oneEventPerBrokenRelationKeepingTheMostSevere() {
        let anomalies = RuleEngine(rules: [Twice()]).evaluate(emptyRecord(), text: NormalizedText(normalized: ""))
        #expect(anomalies.map(\.severity) == [.error])
        #expect(anomalies.first?.message == "b")
    }

    /// A rule that reports many findings (more than the engine searches linearly), subjects repeated with rising,
    /// falling and equal severities.
    struct Many: Rule {
        let id = "parse.unrecognized"
        let subjects = ["text[<offset>]"]
        static let severities: [Anomaly.Severity] = [.info, .error, .warning, .warning, .info, .error, .info]
        func check(_ context: RuleContext) -> [Finding] {
            (0..<70).map { index in
                Finding(
                    subject: "text[\((index * 7) % 23)]",
                    severity: Many.severities[index % Many.severities.count],
                    message: "m\(index)",
                    messageZh: "m"
                )
            }
        }
    }

    @Test func manyFindingsKeepTheFirstPlaceAndTheFirstMostSevereOfEachSubject() {
        let findings = Many().check(
            RuleContext(record: emptyRecord(), text: NormalizedText(normalized: ""), tolerance: TolerancePolicy())
        )
        #expect(findings.count > 32)
        // What the linear search kept: for each subject in first-seen order, its first most severe finding.
        var expected: [(subject: String, message: String, severity: Anomaly.Severity)] = []
        for finding in findings {
            if let at = expected.firstIndex(where: { $0.subject == finding.subject }) {
                if finding.severity > expected[at].severity {
                    expected[at] = (finding.subject, finding.message, finding.severity)
                }
            } else {
                expected.append((finding.subject, finding.message, finding.severity))
            }
        }
        expected.sort { $0.subject < $1.subject }
        let anomalies = RuleEngine(rules: [Many()]).evaluate(emptyRecord(), text: NormalizedText(normalized: ""))
        #expect(anomalies.map(\.subject) == expected.map(\.subject))
        #expect(anomalies.map(\.message) == expected.map(\.message))
        #expect(anomalies.map(\.severity) == expected.map(\.severity))
    }

    /// A rule reporting fixed subjects under a given id.
    struct Fixed: Rule {
        let id: String
        let subjects: [String]
        let tag: String
        func check(_ context: RuleContext) -> [Finding] {
            subjects.map { Finding(subject: $0, severity: .warning, message: tag, messageZh: tag) }
        }
    }

    @Test func rulesSharingAnIdInterleaveBySubjectAfterTheOtherIds() {
        let engine = RuleEngine(rules: [
            Fixed(id: "sum.b", subjects: ["d", "b"], tag: "first"),
            Fixed(id: "sum.a", subjects: ["z", "y"], tag: "alone"),
            Fixed(id: "sum.b", subjects: ["c", "b", "a"], tag: "second"),
        ])
        let anomalies = engine.evaluate(emptyRecord(), text: NormalizedText(normalized: ""))
        #expect(
            anomalies.map { "\($0.ruleId) \($0.subject) \($0.message)" } == [
                "sum.a y alone", "sum.a z alone", "sum.b a second", "sum.b b first", "sum.b b second",
                "sum.b c second", "sum.b d first",
            ]
        )
    }

    @Test func severityOverridesLeaveRoundingNotesAsInfo() throws {
        let configuration = try RulesConfiguration(
            yaml: "rules:\n  sum.expenditure.byFunction: { severity: warning }\n"
        )
        let anomalies = RuleEngine(configuration: configuration).evaluate(
            SeedRulesTests.seedRecord(),
            text: NormalizedText(normalized: "")
        )
        #expect(anomalies.first { $0.ruleId == "sum.expenditure.byFunction" }?.severity == .info)
    }

    @Test func everyRuleIdOfTheContractIsRegistered() {
        let contract: Set<String> = [
            "sum.income.sources", "sum.expenditure.byFunction", "sum.appropriation.basicProject", "sum.threePublic",
            "sum.procurement", "sum.vehicles", "change.drivers", "balance.incomeExpenditure", "balance.finalAccounts",
            "change.priorYear", "cross.appropriation", "cross.governmentFund", "cross.performance",
            "range.operatingFunds", "percent.change", "percent.completion", "balance.grandTotal", "text.table",
            "code.name", "template.residue", "table.emptyNote", "table.sum", "completeness.sections",
            "parse.unrecognized",
        ]
        #expect(RuleRegistry.ruleIds == contract)
        #expect(RuleRegistry.all.count == contract.count)
        #expect(RuleRegistry.all.allSatisfy { !$0.subjects.isEmpty })
    }
}
