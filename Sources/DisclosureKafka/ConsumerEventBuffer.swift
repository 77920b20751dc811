import Dispatch

/// The hand-over between the consumer's poll queue (producer of events) and the caller's iterator (consumer of
/// events): a bounded FIFO, one waiting caller, and the gate that holds a rebalance until the caller is done with it.
///
/// Pure Swift, no librdkafka: its thread-safety is tested under ThreadSanitizer.
///
/// Rebalance protocol: the poll thread calls ``pushRebalance(_:)``, which blocks it until the caller has received
/// that event *and* asked for the next one (or ``releaseRebalance()``/``finish(throwing:)`` is called). Only then does
/// the poll thread let librdkafka apply the (un)assignment.
final class ConsumerEventBuffer: Sendable {
    private struct State {
        var events: [KafkaConsumerEvent] = []
        /// Index of the first unread event in `events` (consumed entries are compacted away lazily).
        var head = 0
        var waiter: CheckedContinuation<KafkaConsumerEvent?, any Error>?
        /// Nil while open; `.success` when finished cleanly, `.failure` with the error that ended it.
        var end: Result<Void, any Error>?
        /// Gate of the rebalance event that is queued or handed out and not yet acknowledged.
        var gate: DispatchSemaphore?
        /// The gated rebalance event has been returned to the caller.
        var gateHandedOut = false
        /// Total events pushed (diagnostics and tests).
        var pushed = 0
        /// Value bytes of the queued records.
        var bytes = 0

        var count: Int { events.count - head }

        /// The gate of a rebalance event handed out by the previous ``ConsumerEventBuffer/next()``, cleared: asking
        /// for the next event acknowledges it. The caller signals it once the lock is released.
        mutating func takeHandedOutGate() -> DispatchSemaphore? {
            guard gateHandedOut, let gate else { return nil }
            self.gate = nil
            gateHandedOut = false
            return gate
        }

        mutating func popFirst() -> KafkaConsumerEvent? {
            guard head < events.count else { return nil }
            let event = events[head]
            bytes -= event.valueBytes
            head += 1
            if head == events.count {
                events.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= events.count {
                events.removeFirst(head)
                head = 0
            }
            return event
        }
    }

    private let state = LockedValue(State())
    /// Called (outside the lock) when the caller waits on an empty buffer or has just emptied it: poll for more.
    private let demand: @Sendable () -> Void

    /// Creates an empty, open buffer.
    ///
    /// - Parameter demand: asks the poll side for more events; must not block.
    init(demand: @escaping @Sendable () -> Void) {
        self.demand = demand
    }

    /// Events queued and not yet returned.
    var count: Int { state.withLock { $0.count } }

    /// Whether fewer than `count` events holding fewer than `bytes` value bytes are queued: room for more.
    func hasRoom(count: Int, bytes: Int) -> Bool { state.withLock { $0.count < count && $0.bytes < bytes } }

    /// Whether the buffer has been finished.
    var isFinished: Bool { state.withLock { $0.end != nil } }

    /// Whether a rebalance event is queued or handed out and not yet acknowledged.
    var rebalancePending: Bool { state.withLock { $0.gate != nil } }

    /// Total events pushed so far.
    var pushedCount: Int { state.withLock { $0.pushed } }

    /// Appends a record event, or hands it straight to a waiting caller. Ignored once finished.
    func push(_ event: KafkaConsumerEvent) {
        let waiter: CheckedContinuation<KafkaConsumerEvent?, any Error>? = state.withLock { state in
            guard state.end == nil else { return nil }
            state.pushed += 1
            if let waiter = state.waiter, state.count == 0 {
                state.waiter = nil
                return waiter
            }
            state.events.append(event)
            state.bytes += event.valueBytes
            return nil
        }
        waiter?.resume(returning: event)
    }

    /// Appends a rebalance event and blocks the calling (poll) thread until the caller acknowledges it by asking
    /// for the next event, or the buffer is released or finished.
    ///
    /// - Returns: false when the event was not delivered (buffer finished): the caller never saw it.
    /// - Important: never call from Swift's cooperative pool; it blocks.
    @discardableResult
    func pushRebalance(_ event: KafkaConsumerEvent) -> Bool {
        let gate = DispatchSemaphore(value: 0)
        let (accepted, waiter): (Bool, CheckedContinuation<KafkaConsumerEvent?, any Error>?) = state.withLock {
            state in
            guard state.end == nil else { return (false, nil) }
            precondition(state.gate == nil, "\(#function): a rebalance is already pending")
            state.pushed += 1
            state.gate = gate
            if let waiter = state.waiter, state.count == 0 {
                state.waiter = nil
                state.gateHandedOut = true
                return (true, waiter)
            }
            state.events.append(event)
            return (true, nil)
        }
        guard accepted else { return false }
        waiter?.resume(returning: event)
        gate.wait()
        return true
    }

    /// The next event; waits when none is queued. Acknowledges a rebalance event handed out by the previous call.
    ///
    /// - Returns: nil once the buffer is finished cleanly and empty.
    /// - Throws: the error the buffer was finished with; `CancellationError` when the task is cancelled.
    func next() async throws -> KafkaConsumerEvent? {
        // One lock for the common case (acknowledge, take the next record, see whether that emptied the buffer):
        // the poll thread pushes under the same lock, so three lockings per record were three chances to wait.
        let (gate, immediate, emptied): (DispatchSemaphore?, Result<KafkaConsumerEvent?, any Error>?, Bool) =
            state.withLock { state in
                let gate = state.takeHandedOutGate()
                if let event = state.popFirst() {
                    if state.gate != nil, !state.gateHandedOut, event.isRebalance {
                        state.gateHandedOut = true
                    }
                    return (gate, .success(event), state.count == 0)
                }
                switch state.end {
                case .success?: return (gate, .success(nil), false)
                case .failure(let error)?: return (gate, .failure(error), false)
                case nil: return (gate, nil, false)
                }
            }
        // The rebalance handed out before is done with: let the poll thread apply it (outside the lock).
        gate?.signal()
        if let immediate {
            if emptied { demand() }
            return try immediate.get()
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<KafkaConsumerEvent?, any Error>? = state.withLock { state in
                    // Re-check under the lock: an event or the end may have arrived since.
                    if let event = state.popFirst() {
                        if state.gate != nil, !state.gateHandedOut, event.isRebalance {
                            state.gateHandedOut = true
                        }
                        return .success(event)
                    }
                    if let end = state.end { return end.map { nil } }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    precondition(state.waiter == nil, "\(#function): only one caller may iterate a consumer")
                    state.waiter = continuation
                    return nil
                }
                if let ready {
                    continuation.resume(with: ready)
                } else {
                    demand()
                }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Removes queued records of `partitions` (after a seek they are stale). Rebalance events stay.
    func discardMessages(of partitions: Set<KafkaTopicPartition>) {
        state.withLock { state in
            let remaining = state.events[state.head...].filter { event in
                guard case .message(let message) = event else { return true }
                return !partitions.contains(message.topicPartition)
            }
            state.events = Array(remaining)
            state.head = 0
            state.bytes = remaining.reduce(0) { $0 + $1.valueBytes }
        }
    }

    /// Lets a blocked rebalance proceed without waiting for the caller (closing).
    func releaseRebalance() {
        let gate: DispatchSemaphore? = state.withLock { state in
            defer {
                state.gate = nil
                state.gateHandedOut = false
            }
            return state.gate
        }
        gate?.signal()
    }

    /// Ends the stream: a waiting caller gets nil (or `error`); queued events are still returned first; a blocked
    /// rebalance is released. Later pushes are ignored. Idempotent (the first end wins).
    func finish(throwing error: (any Error)? = nil) {
        let (waiter, gate): (CheckedContinuation<KafkaConsumerEvent?, any Error>?, DispatchSemaphore?) =
            state.withLock { state in
                guard state.end == nil else { return (nil, nil) }
                state.end = error.map { .failure($0) } ?? .success(())
                let waiter = state.waiter
                state.waiter = nil
                let gate = state.gate
                state.gate = nil
                state.gateHandedOut = false
                return (waiter, gate)
            }
        gate?.signal()
        if let waiter {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }
}

extension KafkaConsumerEvent {
    var isRebalance: Bool {
        if case .message = self { return false }
        return true
    }

    /// A record's value bytes; 0 for a rebalance.
    var valueBytes: Int {
        if case .message(let message) = self { return message.value?.count ?? 0 }
        return 0
    }
}
