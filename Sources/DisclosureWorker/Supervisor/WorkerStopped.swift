/// The worker stopped because continuing could lose an input (a dead letter could not be written) or the client
/// failed fatally.
public struct WorkerStopped: Error, Sendable, CustomStringConvertible {
    /// Why.
    public var reason: String

    /// Creates the error.
    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "worker stopped: \(reason)" }
}
