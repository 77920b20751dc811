/// Why the worker dead-lettered an input or stopped.
///
/// - Note: placeholder; the supervisor arrives in its own change.
public struct WorkerError: Error, Sendable, CustomStringConvertible {
    /// One line, for people.
    public var message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
