/// Limits that protect the worker from hostile or broken input.
public struct InputLimits: Sendable, Equatable {
    /// Largest raw input accepted, bytes (default 8 MiB); larger input fails with `too-large`.
    public var maximumBytes: Int
    /// Largest decoded text accepted, UTF-8 bytes; nil means twice ``maximumBytes`` (GB18030 grows by at most half
    /// when decoded, HTML only shrinks to text).
    public var maximumTextBytes: Int?

    /// Creates limits.
    public init(maximumBytes: Int = 8 * 1024 * 1024, maximumTextBytes: Int? = nil) {
        self.maximumBytes = maximumBytes
        self.maximumTextBytes = maximumTextBytes
    }

    /// The text limit in force.
    public var effectiveMaximumTextBytes: Int {
        maximumTextBytes ?? maximumBytes.multipliedReportingOverflow(by: 2).partialValue
    }
}
