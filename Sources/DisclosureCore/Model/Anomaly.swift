/// One finding: `disclosure.anomaly/v1` (SPEC §5).
///
/// Findings are values, never thrown errors. The id is a hash of document id, rule id and subject, so a
/// redelivered document yields byte-identical events.
public struct Anomaly: Sendable, Equatable {
    /// The contract's schema id.
    public static let schema = "disclosure.anomaly/v1"

    /// How serious a finding is.
    public enum Severity: String, Sendable, Equatable, Comparable, CaseIterable {
        case info
        case warning
        case error

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A quoted sentence the numbers came from.
    public struct Evidence: Sendable, Equatable {
        /// The record path the quoted value fills.
        public var path: String
        /// The sentence, from the normalized text.
        public var quote: String
        /// Unicode-scalar offset of the quote's start in the normalized text.
        public var start: Int
        /// Unicode-scalar offset one past its end.
        public var end: Int

        /// Creates evidence.
        public init(path: String, quote: String, start: Int, end: Int) {
            self.path = path
            self.quote = quote
            self.start = start
            self.end = end
        }
    }

    /// Deterministic id (`anomaly:` + hex of SHA-256 over document id, rule id and subject).
    public var anomalyId: String
    /// The document.
    public var documentId: String
    /// The reporting unit's name.
    public var unitName: String?
    /// The document's fiscal year.
    public var fiscalYear: Int?
    /// SPEC §6 rule id.
    public var ruleId: String
    /// Record path of the stated value checked.
    public var subject: String
    /// Severity after configuration.
    public var severity: Severity
    /// One English sentence.
    public var message: String
    /// The same in Chinese.
    public var messageZh: String
    /// The figure the document states, 万元 (or percent).
    public var expected: Amount?
    /// What its parts give.
    public var actual: Amount?
    /// `actual − expected`.
    public var difference: Amount?
    /// The rounding band applied.
    public var tolerance: Amount?
    /// Sentences the numbers came from.
    public var evidence: [Evidence]

    /// Creates an anomaly.
    public init(
        anomalyId: String,
        documentId: String,
        unitName: String?,
        fiscalYear: Int?,
        ruleId: String,
        subject: String,
        severity: Severity,
        message: String,
        messageZh: String,
        expected: Amount?,
        actual: Amount?,
        difference: Amount?,
        tolerance: Amount?,
        evidence: [Evidence]
    ) {
        self.anomalyId = anomalyId
        self.documentId = documentId
        self.unitName = unitName
        self.fiscalYear = fiscalYear
        self.ruleId = ruleId
        self.subject = subject
        self.severity = severity
        self.message = message
        self.messageZh = messageZh
        self.expected = expected
        self.actual = actual
        self.difference = difference
        self.tolerance = tolerance
        self.evidence = evidence
    }
}
