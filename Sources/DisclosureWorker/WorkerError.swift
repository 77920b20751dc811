public import DisclosureCore

/// Why the worker dead-lettered an input.
///
/// Each ``Code`` maps one-to-one onto a DLQ `error-class` header value (SPEC §2, and the `pdf-…` classes added for
/// PDFs), so the dead letter says what went wrong without anyone reading the message.
public struct WorkerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; the raw value is the DLQ `error-class`.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// Bytes that are not text in any accepted encoding, or a broken envelope.
        case decode
        /// Over the configured size limit.
        case tooLarge = "too-large"
        /// Readable, but not a budget or final-accounts disclosure.
        case notADisclosure = "not-a-disclosure"
        /// A PDF that needs a password (an additive class; subscribers treat unknown classes like `internal`).
        case pdfEncrypted = "pdf-encrypted"
        /// A scanned or image-only PDF: no text layer to read.
        case pdfNoTextLayer = "pdf-no-text-layer"
        /// A corrupt or truncated PDF.
        case pdfCorrupt = "pdf-corrupt"
        /// A PDF over the page, content or time limits, or a decompression or object-stream bomb.
        case pdfTooLarge = "pdf-too-large"
        /// A fault of ours, or a transient fault that outlived every retry.
        case `internal`
    }

    /// What went wrong.
    public var code: Code
    /// One line, for people (the DLQ `error-message` header).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The worker error for a core error: each core code is the DLQ class of the same name.
    public init(_ error: DisclosureError) {
        // Matched by raw value, so a code the core adds later lands in `internal` instead of breaking the build.
        self.init(Code(rawValue: error.code.rawValue) ?? .internal, error.message)
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
