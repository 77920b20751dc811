/// Why an input could not be turned into a record. Each code maps one-to-one onto a DLQ `error-class` (SPEC §2).
///
/// Findings in a document are never errors; this is only for input that cannot be read at all.
public struct DisclosureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// Bytes that are not text in any accepted encoding, or a broken envelope.
        case decode
        /// Over the configured size limit.
        case tooLarge = "too-large"
        /// Readable, but not a budget or final-accounts disclosure.
        case notADisclosure = "not-a-disclosure"
        /// A PDF that cannot be read (encrypted, no text layer, corrupt, over the page limit).
        case pdf
        /// A fault of ours.
        case `internal`
    }

    /// What went wrong.
    public var code: Code
    /// One line, for people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
