/// A range of the normalized text, in UTF-8 byte offsets of ``NormalizedText/bytes``.
///
/// Byte offsets keep scanning cheap; output converts them to Unicode-scalar offsets
/// (``NormalizedText/scalarOffset(ofByte:)``), which is what `sections[]` and `evidence[]` publish.
public struct TextSpan: Sendable, Hashable, Comparable {
    /// First byte of the span.
    public var start: Int
    /// One past the last byte of the span.
    public var end: Int

    /// Creates a span; `start` must not exceed `end`.
    public init(start: Int, end: Int) {
        precondition(start <= end, "\(#function): start \(start) > end \(end)")
        self.start = start
        self.end = end
    }

    /// Number of bytes covered.
    public var length: Int { end - start }

    public static func < (lhs: TextSpan, rhs: TextSpan) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

/// A value the document states, with the evidence it was read from.
///
/// `evidence` is the sentence (or clause) the value came from; rules quote it in anomaly events.
public struct Stated<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The value as read (amounts already converted to 万元).
    public var value: Value
    /// Where in the normalized text the value was read.
    public var evidence: TextSpan

    /// Creates a stated value.
    public init(_ value: Value, evidence: TextSpan) {
        self.value = value
        self.evidence = evidence
    }
}

/// A stated amount of money in 万元, or a stated percentage, with its evidence.
public typealias Figure = Stated<Amount>

/// A stated count (vehicles, staff posts), with its evidence.
public typealias Count = Stated<Int>
