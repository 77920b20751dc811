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

    /// A rule whose one finding quotes spans of every kind: duplicated, empty, outside the text, cutting a scalar.
    struct Quoting: Rule {
        let id = "template.residue"
        let subjects = ["text[<offset>]"]
        let references: [EvidenceReference]
        func check(_ context: RuleContext) -> [Finding] {
            [Finding(subject: "text[0]", severity: .error, message: "m", messageZh: "中", evidence: references)]
        }
    }

    @Test func eventsQuoteTheirFindingsReferencesAsGivenQuotesWouldBeWritten() throws {
        let text = NormalizedText(normalized: "一、概况\n收入\"100\"万元。\n支出90万元。")
        let count = text.bytes.count
        let cases: [[EvidenceReference]] = [
            [],
            [EvidenceReference(path: "one", span: TextSpan(start: 0, end: 12))],
            [EvidenceReference(path: "empty", span: TextSpan(start: 3, end: 3))],
            [EvidenceReference(path: "outside", span: TextSpan(start: 3, end: count + 1))],
            [
                EvidenceReference(path: "a", span: TextSpan(start: 13, end: 33)),
                EvidenceReference(path: "b", span: TextSpan(start: 13, end: 33)),
                EvidenceReference(path: "cut", span: TextSpan(start: 1, end: 7)),
                EvidenceReference(path: "c", span: TextSpan(start: 34, end: count)),
                EvidenceReference(path: "empty", span: TextSpan(start: 5, end: 5)),
            ],
        ]
        for references in cases {
            let anomalies = RuleEngine(rules: [Quoting(references: references)]).evaluate(emptyRecord(), text: text)
            var event = try #require(anomalies.first)
            let bytes = AnomalyJSON.bytes(event)
            let quotes = event.evidence
            // Given back as quotes, the same evidence writes the same bytes.
            event.evidence = quotes
            #expect(AnomalyJSON.bytes(event) == bytes, "\(references.map(\.path))")
            #expect(event == anomalies[0])
            #expect(AnomalyJSON.lines(anomalies + [event]) == [bytes, bytes])
        }
        let mixed = try #require(
            RuleEngine(rules: [Quoting(references: cases[4])]).evaluate(emptyRecord(), text: text).first
        )
        #expect(mixed.evidence.map(\.path) == ["a", "cut", "c"])
        #expect(mixed.evidence[0].quote == "收入\"100\"万元。")
        #expect(mixed.evidence[1].quote == String(decoding: text.bytes[1..<7], as: UTF8.self))
        #expect(mixed.evidence[2].start == text.scalarOffset(ofByte: 34))
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
