/// A configuration value the worker cannot use: names the key, where the value came from, and what is wrong.
///
/// ```
/// configuration: metrics.port (environment DISCLOSURE_METRICS_PORT): "http" is not an integer in 0...65535
/// ```
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key path (`metrics.port`), or the file for a file that cannot be read.
    public var key: String
    /// Where the value came from (`environment DISCLOSURE_METRICS_PORT`, `config/worker.yaml`, `flag --set`).
    public var origin: String
    /// What is wrong with it.
    public var message: String

    /// Creates an error.
    public init(key: String, origin: String, message: String) {
        self.key = key
        self.origin = origin
        self.message = message
    }

    public var description: String { "configuration: \(key) (\(origin)): \(message)" }
}
