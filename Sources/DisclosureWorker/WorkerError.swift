public import DisclosureCore

/// Why the worker dead-lettered an input.
///
/// Each ``Code`` maps one-to-one onto a DLQ `error-class` header value (SPEC §2), so the dead letter says what
/// went wrong without anyone reading the message.
public struct WorkerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; the raw value is the DLQ `error-class`.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// Bytes that are not text in any accepted encoding, a broken envelope, or an unreadable PDF.
        case decode
        /// Over the configured size limit.
        case tooLarge = "too-large"
        /// Readable, but not a budget or final-accounts disclosure.
        case notADisclosure = "not-a-disclosure"
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

    /// The worker error for a core error: the core's codes map onto the DLQ classes; an unreadable PDF is a
    /// `decode` failure, as SPEC §2 has no class of its own for it.
    public init(_ error: DisclosureError) {
        // Matched by raw value, so a code the core adds later lands in `internal` instead of breaking the build.
        if error.code == .pdf {
            self.init(.decode, "pdf: " + error.message)
        } else {
            self.init(Code(rawValue: error.code.rawValue) ?? .internal, error.message)
        }
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
