/// Runs the rule catalogue (SPEC §6) over a record and turns findings into `disclosure.anomaly/v1` events.
///
/// The engine applies the configuration (rules switched off, severities overridden, tolerances), keeps one event
/// per broken relation (a rule that reports the same subject twice says so once, the most severe finding kept),
/// gives each event its deterministic id (`anomaly:` + SHA-256 hex of `documentId \0 ruleId \0 subject`) and quotes
/// the evidence from the normalized text with Unicode-scalar offsets. Events come out sorted by rule id, then
/// subject, so the same record always yields byte-identical output.
public struct RuleEngine: Sendable {
    /// The configuration applied.
    public let configuration: RulesConfiguration
    /// The rules run, in registry order.
    public let rules: [any Rule]

    /// Creates an engine over the full catalogue.
    public init(configuration: RulesConfiguration = RulesConfiguration(), rules: [any Rule] = RuleRegistry.all) {
        self.configuration = configuration
        self.rules = rules
    }

    /// Every finding for `record`, in a deterministic order (rule id, then subject).
    public func evaluate(_ record: DisclosureRecord, text: NormalizedText) -> [Anomaly] {
        var kept: [(ruleId: String, finding: Finding)] = []
        // One pass over the text finds every pattern the text rules look for; each rule reads its share.
        let textIndex = RuleTextIndex(text.bytes)
        // Scalar offsets serve parse.unrecognized's subjects and every event's evidence: built once, when needed.
        let sharedOffsets = record.observations.unplacedSentences.isEmpty ? nil : ScalarOffsets(text)
        for rule in rules where configuration.isEnabled(rule.id) {
            let context = RuleContext(
                record: record,
                text: text,
                tolerance: configuration.tolerance(for: rule.id),
                textIndex: textIndex,
                scalarOffsets: sharedOffsets
            )
            var bySubject: [String: Finding] = [:]
            var order: [String] = []
            for var finding in rule.check(context) {
                if finding.kind == .violation, let severity = configuration.severity(for: rule.id) {
                    finding.severity = severity
                }
                if let existing = bySubject[finding.subject] {
                    if finding.severity > existing.severity { bySubject[finding.subject] = finding }
                } else {
                    bySubject[finding.subject] = finding
                    order.append(finding.subject)
                }
            }
            kept += order.compactMap { subject in bySubject[subject].map { (rule.id, $0) } }
        }
        guard !kept.isEmpty else { return [] }
        kept.sort { ($0.ruleId, $0.finding.subject) < ($1.ruleId, $1.finding.subject) }
        let offsets = sharedOffsets ?? ScalarOffsets(text)
        return kept.map {
            anomaly(ruleId: $0.ruleId, finding: $0.finding, record: record, text: text, offsets: offsets)
        }
    }

    /// The deterministic anomaly id: `anomaly:` + SHA-256 hex of `documentId \0 ruleId \0 subject`.
    public static func anomalyId(documentId: String, ruleId: String, subject: String) -> String {
        // The hashed bytes are built directly: no interpolated String per event.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(documentId.utf8.count + ruleId.utf8.count + subject.utf8.count + 2)
        bytes.append(contentsOf: documentId.utf8)
        bytes.append(0)
        bytes.append(contentsOf: ruleId.utf8)
        bytes.append(0)
        bytes.append(contentsOf: subject.utf8)
        return "anomaly:" + SHA256.hexDigest(bytes)
    }

    private func anomaly(
        ruleId: String,
        finding: Finding,
        record: DisclosureRecord,
        text: NormalizedText,
        offsets: ScalarOffsets
    ) -> Anomaly {
        Anomaly(
            anomalyId: RuleEngine.anomalyId(documentId: record.documentId, ruleId: ruleId, subject: finding.subject),
            documentId: record.documentId,
            unitName: record.unit.name?.value,
            fiscalYear: record.fiscalYear,
            ruleId: ruleId,
            subject: finding.subject,
            severity: finding.severity,
            message: finding.message,
            messageZh: finding.messageZh,
            expected: finding.expected,
            actual: finding.actual,
            difference: finding.difference,
            tolerance: finding.tolerance,
            evidence: RuleEngine.evidence(finding.evidence, text: text, offsets: offsets)
        )
    }

    /// One quote per distinct span (the first path that used it), spans that are empty or outside the text skipped.
    static func evidence(
        _ references: [EvidenceReference],
        text: NormalizedText,
        offsets: ScalarOffsets
    ) -> [Anomaly.Evidence] {
        var seen: Set<TextSpan> = []
        var out: [Anomaly.Evidence] = []
        for reference in references {
            let span = reference.span
            guard span.length > 0, span.end <= text.bytes.count, seen.insert(span).inserted else { continue }
            out.append(
                Anomaly.Evidence(
                    path: reference.path,
                    quote: text.text(span),
                    start: offsets.scalar(span.start),
                    end: offsets.scalar(span.end)
                )
            )
        }
        return out
    }
}
