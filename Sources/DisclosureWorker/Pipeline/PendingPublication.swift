/// Messages handed to an ``OutputSink`` whose acknowledgement is still to come.
///
/// ``OutputSink/enqueue(_:)`` returns one: the sink has queued (or will publish) the messages, and
/// ``acknowledged()`` returns once the broker acknowledged every one of them. A sink whose acknowledgements complete
/// on their own (a Kafka producer's delivery reports) makes it from a ``PublicationCompletion``: the supervisor then
/// has the outcome called back (``whenAcknowledged(_:)``) instead of awaiting it in a task of its own.
public struct PendingPublication: Sendable {
    private enum Storage: Sendable {
        /// Published, or its acknowledgement awaited, when waited for.
        case wait(@Sendable () async throws -> Void)
        /// Completes on its own, and calls back.
        case completion(any PublicationCompletion)
    }

    private let storage: Storage

    /// Creates a pending publication that `wait` completes.
    ///
    /// - Parameter wait: returns once every message is acknowledged; throws the first delivery or queueing error.
    public init(wait: @escaping @Sendable () async throws -> Void) {
        storage = .wait(wait)
    }

    /// Creates a pending publication that completes on its own and calls back.
    public init(completion: some PublicationCompletion) {
        storage = .completion(completion)
    }

    /// Waits until the broker acknowledged every message. Call it once (and not ``whenAcknowledged(_:)`` too).
    ///
    /// - Throws: the first queueing or delivery error (the caller retries the whole batch).
    public func acknowledged() async throws {
        switch storage {
        case .wait(let wait):
            try await wait()
        case .completion(let completion):
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                // Called exactly once (PublicationCompletion's contract).
                completion.whenComplete { continuation.resume(with: $0) }
            }
        }
    }

    /// Calls `body` once with the outcome (at once when known, else on the thread that completes it) and returns true;
    /// returns false, calling nothing, when the publication completes only when awaited (``acknowledged()``).
    ///
    /// Call at most one of the two, once.
    func whenAcknowledged(_ body: @escaping @Sendable (Result<Void, any Error>) -> Void) -> Bool {
        guard case .completion(let completion) = storage else { return false }
        completion.whenComplete(body)
        return true
    }
}

/// The acknowledgement of messages a sink queued, completed by the sink (not by the waiter), that calls back.
public protocol PublicationCompletion: Sendable {
    /// Calls `body` exactly once with the outcome: at once, on this thread, when it is known; else on the thread that
    /// completes it. `body` is short and never blocks.
    ///
    /// - Parameter body: takes success once every message is acknowledged, or the first queueing or delivery error.
    func whenComplete(_ body: @escaping @Sendable (Result<Void, any Error>) -> Void)
}
