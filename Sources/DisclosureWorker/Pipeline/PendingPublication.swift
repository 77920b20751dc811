/// Messages handed to an ``OutputSink`` whose acknowledgement is still to come.
///
/// ``OutputSink/enqueue(_:)`` returns one: the sink has queued (or will publish) the messages, and
/// ``acknowledged()`` returns once the broker acknowledged every one of them.
public struct PendingPublication: Sendable {
    private let wait: @Sendable () async throws -> Void

    /// Creates a pending publication that `wait` completes.
    ///
    /// - Parameter wait: returns once every message is acknowledged; throws the first delivery or queueing error.
    public init(wait: @escaping @Sendable () async throws -> Void) {
        self.wait = wait
    }

    /// Waits until the broker acknowledged every message. Call it once.
    ///
    /// - Throws: the first queueing or delivery error (the caller retries the whole batch).
    public func acknowledged() async throws {
        try await wait()
    }
}
