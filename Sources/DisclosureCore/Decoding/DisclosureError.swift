/// Why an input could not be turned into a record. Each code maps one-to-one onto a DLQ `error-class` (SPEC §2, plus
/// the four `pdf-…` classes, an additive extension: docs/SCHEMA-UPGRADES.md).
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
        /// A PDF that needs a password.
        case pdfEncrypted = "pdf-encrypted"
        /// A PDF without a usable text layer: scanned, image-only, or fonts without a Unicode mapping.
        case pdfNoTextLayer = "pdf-no-text-layer"
        /// A PDF that is corrupt or truncated.
        case pdfCorrupt = "pdf-corrupt"
        /// A PDF over the page, content or time limits, or a decompression or object-stream bomb.
        case pdfTooLarge = "pdf-too-large"
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
