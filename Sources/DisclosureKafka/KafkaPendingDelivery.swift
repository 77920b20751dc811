/// The delivery result of one produced message, to await or to be called back with; completed exactly once.
///
/// ``KafkaProducer/send(topic:key:value:headers:partition:)`` returns one as soon as librdkafka has queued the
/// message; librdkafka completes it from the producer's poll thread when the broker acknowledges the message or
/// delivery fails for good (after librdkafka's own retries).
public final class KafkaPendingDelivery: Sendable {
    private enum State {
        case pending(
            waiters: [CheckedContinuation<Result<KafkaDeliveryReport, KafkaError>, Never>],
            callbacks: [@Sendable (Result<KafkaDeliveryReport, KafkaError>) -> Void]
        )
        case done(Result<KafkaDeliveryReport, KafkaError>)
    }

    private let state = LockedValue<State>(.pending(waiters: [], callbacks: []))

    /// Creates a pending delivery (the producer creates them; tests and fakes may too).
    public init() {}

    /// Waits for the result.
    public func result() async -> Result<KafkaDeliveryReport, KafkaError> {
        await withCheckedContinuation { continuation in
            let ready: Result<KafkaDeliveryReport, KafkaError>? = state.withLock { state in
                switch state {
                case .pending(var waiters, let callbacks):
                    waiters.append(continuation)
                    state = .pending(waiters: waiters, callbacks: callbacks)
                    return nil
                case .done(let result):
                    return result
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Waits for the broker's acknowledgement.
    ///
    /// - Throws: ``KafkaError`` when delivery failed (check ``KafkaError/isRetriable``).
    public func value() async throws -> KafkaDeliveryReport {
        try await result().get()
    }

    /// The result if it has arrived.
    public var currentResult: Result<KafkaDeliveryReport, KafkaError>? {
        state.withLock { state in
            if case .done(let result) = state { return result }
            return nil
        }
    }

    /// Calls `callback` once with the result: at once when it is known, else from the thread that completes it.
    ///
    /// - Important: the callback runs on librdkafka's poll thread; keep it short and never block in it.
    public func whenComplete(_ callback: @escaping @Sendable (Result<KafkaDeliveryReport, KafkaError>) -> Void) {
        let ready: Result<KafkaDeliveryReport, KafkaError>? = state.withLock { state in
            switch state {
            case .pending(let waiters, var callbacks):
                callbacks.append(callback)
                state = .pending(waiters: waiters, callbacks: callbacks)
                return nil
            case .done(let result):
                return result
            }
        }
        if let ready { callback(ready) }
    }

    /// Completes the delivery; later calls are ignored (a delivery resumes its waiters exactly once).
    ///
    /// - Returns: false when it had already been completed.
    @discardableResult
    public func complete(_ result: Result<KafkaDeliveryReport, KafkaError>) -> Bool {
        let pending:
            (
                [CheckedContinuation<Result<KafkaDeliveryReport, KafkaError>, Never>],
                [@Sendable (Result<KafkaDeliveryReport, KafkaError>) -> Void]
            )? = state.withLock { state in
                guard case .pending(let waiters, let callbacks) = state else { return nil }
                state = .done(result)
                return (waiters, callbacks)
            }
        guard let (waiters, callbacks) = pending else { return false }
        for waiter in waiters { waiter.resume(returning: result) }
        for callback in callbacks { callback(result) }
        return true
    }
}
