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
        public var quote: String {
            get {
                switch quoteSource {
                case .string(let quote): quote
                case .text(let bytes, let start, let end): String(decoding: bytes[start..<end], as: UTF8.self)
                }
            }
            set { quoteSource = .string(newValue) }
        }
        /// Unicode-scalar offset of the quote's start in the normalized text.
        public var start: Int
        /// Unicode-scalar offset one past its end.
        public var end: Int
        /// Where the quote's bytes are: the rule engine quotes the normalized text without making a `String` of
        /// each sentence (most events are written as JSON and never read as strings; validating and copying
        /// every quote into a `String` was about a sixth of the rules' cost on a 10 KB document).
        private var quoteSource: QuoteSource

        /// A quote's storage.
        private enum QuoteSource: Sendable {
            /// A string given by the caller.
            case string(String)
            /// `bytes[start..<end]`: a span of a normalized text, whole scalars of valid UTF-8.
            case text([UInt8], start: Int, end: Int)
        }

        /// Creates evidence.
        public init(path: String, quote: String, start: Int, end: Int) {
            self.path = path
            self.quoteSource = .string(quote)
            self.start = start
            self.end = end
        }

        /// Creates evidence quoting `bytes[span]`, the bytes of a normalized text (shared, not copied).
        init(path: String, bytes: [UInt8], span: TextSpan, start: Int, end: Int) {
            self.path = path
            // A span that starts or ends inside a scalar is quoted as a `String` (repaired), as it always was.
            let aligned =
                span.start >= 0 && span.start <= span.end && span.end <= bytes.count
                && (span.start == bytes.count || bytes[span.start] & 0xC0 != 0x80)
                && (span.end == bytes.count || bytes[span.end] & 0xC0 != 0x80)
            self.quoteSource =
                aligned
                ? .text(bytes, start: span.start, end: span.end)
                : .string(String(decoding: bytes[span.start..<span.end], as: UTF8.self))
            self.start = start
            self.end = end
        }

        /// The quote's UTF-8 bytes, without making a `String` of a quote from the text.
        func withQuoteUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            withUnsafePointer(to: self) { Evidence.withQuoteUTF8(of: $0, body) }
        }

        /// The UTF-8 bytes of `evidence`'s quote, read in place (a method called on `pointee` copied the evidence,
        /// retaining its strings, about 170 instructions an event).
        static func withQuoteUTF8<Result>(
            of evidence: UnsafePointer<Evidence>,
            _ body: (UnsafeBufferPointer<UInt8>) -> Result
        ) -> Result {
            switch evidence.pointee.quoteSource {
            case .string(var quote): return quote.withUTF8(body)
            case .text(let bytes, let start, let end):
                return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
            }
        }

        /// The quote's length in UTF-8 bytes.
        var quoteUTF8Count: Int {
            switch quoteSource {
            case .string(let quote): quote.utf8.count
            case .text(_, let start, let end): end - start
            }
        }

        public static func == (lhs: Evidence, rhs: Evidence) -> Bool {
            lhs.path == rhs.path && lhs.start == rhs.start && lhs.end == rhs.end && lhs.quote == rhs.quote
        }
    }

    /// Deterministic id (`anomaly:` + hex of SHA-256 over document id, rule id and subject).
    public var anomalyId: String {
        get { id.text }
        set { id = .text(newValue) }
    }
    /// ``anomalyId``, as the engine computed it (a digest, spelled out only when written) or as it was given.
    var id: AnomalyID
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
    public var evidence: [Evidence] {
        get { quotes.evidence }
        set { quotes = .given(newValue) }
    }
    /// ``evidence``, as the engine left it (its finding's references, quoted only when written) or as it was given.
    var quotes: EvidenceQuotes

    // The memberwise initializer, `init(id:documentId:…:quotes:)`, is the engine's: kept implicit (the public
    // initializer is in an extension) because it builds the event in place. An explicit one, inlined or not, made
    // the event in one temporary and copied it into another: a retain and a release of each of its strings, about
    // 450 instructions an event.
}

extension Anomaly {
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
        self.init(
            id: .text(anomalyId),
            documentId: documentId,
            unitName: unitName,
            fiscalYear: fiscalYear,
            ruleId: ruleId,
            subject: subject,
            severity: severity,
            message: message,
            messageZh: messageZh,
            expected: expected,
            actual: actual,
            difference: difference,
            tolerance: tolerance,
            quotes: .given(evidence)
        )
    }
}
