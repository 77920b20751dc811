/// A rule's raw result, before the engine turns it into an ``Anomaly`` (id, unit, quotes, configured severity).
public struct Finding: Sendable, Equatable {
    /// Whether the finding breaks the relation or only shows rounding inside the band.
    public enum Kind: Sendable, Equatable {
        /// Outside the band (or a missing item, a residue…): the rule's own severity applies, configurable.
        case violation
        /// Inside the rounding band but not equal: always `info`.
        case rounding
    }

    /// Record path of the stated value checked.
    public var subject: String
    /// The severity the rule assigns (before configuration).
    public var severity: Anomaly.Severity
    /// Violation or rounding note.
    public var kind: Kind
    /// The figure the document states (万元 or percent).
    public var expected: Amount?
    /// What its parts give.
    public var actual: Amount?
    /// `actual − expected`.
    public var difference: Amount?
    /// The band applied.
    public var tolerance: Amount?
    /// One English sentence.
    public var message: String
    /// The same in Chinese.
    public var messageZh: String
    /// The record paths and spans the numbers came from, stated figure first.
    public var evidence: [EvidenceReference] {
        get { references.array }
        set { references = EvidenceReferences(newValue) }
    }
    /// ``evidence``, as kept: one reference without an array (the event made of the finding shares them).
    var references: EvidenceReferences

    /// Creates a finding.
    public init(
        subject: String,
        severity: Anomaly.Severity,
        kind: Kind = .violation,
        expected: Amount? = nil,
        actual: Amount? = nil,
        difference: Amount? = nil,
        tolerance: Amount? = nil,
        message: String,
        messageZh: String,
        evidence: [EvidenceReference] = []
    ) {
        self.subject = subject
        self.severity = severity
        self.kind = kind
        self.expected = expected
        self.actual = actual
        self.difference = difference
        self.tolerance = tolerance
        self.message = message
        self.messageZh = messageZh
        self.references = EvidenceReferences(evidence)
    }

    /// Creates a finding with one evidence reference (kept without an array).
    init(
        subject: String,
        severity: Anomaly.Severity,
        message: String,
        messageZh: String,
        reference: EvidenceReference
    ) {
        self.subject = subject
        self.severity = severity
        self.kind = .violation
        self.message = message
        self.messageZh = messageZh
        self.references = EvidenceReferences(reference)
    }
}

/// A record path and the span of the normalized text its value was read from.
public struct EvidenceReference: Sendable, Equatable {
    /// The record path (`expenditure.change.drivers[人员经费].amount`).
    public var path: String
    /// Where the value was read.
    public var span: TextSpan

    /// Creates a reference.
    public init(path: String, span: TextSpan) {
        self.path = path
        self.span = span
    }

    /// A reference to a stated figure.
    public init<Value>(_ path: String, _ stated: Stated<Value>) {
        self.init(path: path, span: stated.evidence)
    }
}
