import Synchronization

/// The deliveries of several produced messages, awaited as one: completed once, after the last of them was
/// acknowledged or failed, with the first failure if any.
///
/// One wait per group of messages instead of one per message: the worker publishes a record and a dozen anomaly
/// events per input and needs only to know when all of them are acknowledged. Give the same batch to
/// ``KafkaProducer/send(topic:key:value:headers:partition:batch:)`` for each message, then call ``seal()`` once
/// nothing more will be added; ``result()`` returns when every message added has its delivery report.
///
/// ```swift
/// let batch = KafkaDeliveryBatch()
/// for output in outputs { try producer.send(topic: output.topic, key: key, value: output.value, batch: batch) }
/// batch.seal()
/// try await batch.result().get()
/// ```
///
/// - Important: once a message was added, the batch keeps itself alive until it completes (librdkafka's delivery
///   reports refer to it without a reference of their own): a batch that is never sealed is never freed.
public final class KafkaDeliveryBatch: Sendable {
    private struct State {
        /// The first delivery failure.
        var failure: KafkaError?
        /// Set once every added message was reported after ``seal()``.
        var result: Result<Void, KafkaError>?
        /// Unsafe, not checked: a checked continuation allocates a canary object per wait (one per worker input);
        /// the state machine resumes it exactly once, under the lock's hand-over in ``countDown()``.
        var waiter: UnsafeContinuation<Result<Void, KafkaError>, Never>?
        /// Buffers whose bytes librdkafka reads in place until the messages' reports (``keep(_:)``).
        var keptValues: [[UInt8]] = []
        /// Or the callback of ``whenComplete(_:)``.
        var callback: (@Sendable (Result<Void, KafkaError>) -> Void)?
    }

    private let state = LockedValue(State())
    /// Messages added and not yet reported, plus one until ``seal()``: an atomic count, so that adding a message and a
    /// successful report (~25 of each per worker input) take no lock; only a failure and the completion do.
    private let outstanding = Atomic<Int>(1)
    /// Set by the first ``add(_:)``, which retains the batch until it completes: the messages' opaques then point at
    /// it without a retain each (a retain when queued and a release when reported, ~25 of each per worker input,
    /// each an atomic operation on a cache line that the processing and the poll threads pass back and forth).
    private let keptAlive = Atomic<Bool>(false)

    /// The header lists of the reported messages, freed by the thread that made the batch (``KeptHeaderLists``);
    /// nil: librdkafka frees each with its message, on the thread serving the report.
    let keptHeaders: KeptHeaderLists?

    /// Creates an empty, open batch.
    public init() {
        keptHeaders = nil
    }

    /// Creates an empty, open batch for about `expectedCount` messages, made on the thread that queues them: the
    /// header lists of the first `expectedCount` reported are freed by that thread at its next batched send
    /// (``KeptHeaderLists``), instead of by librdkafka on the thread that serves the reports (mostly the producer's
    /// poll thread), which made each of their blocks a cross-thread free. The messages are the same either way.
    public init(expectedCount: Int) {
        keptHeaders = expectedCount > 0 ? KeptHeaderLists(capacity: expectedCount) : nil
    }

    /// Counts `count` more messages, before they are handed to librdkafka (each is then reported once, or undone
    /// with ``report(_:)`` and no error when librdkafka refused it).
    func add(_ count: Int = 1) {
        if !keptAlive.load(ordering: .relaxed), !keptAlive.exchange(true, ordering: .relaxed) {
            // Released by the last release(), once every message added has been reported.
            _ = Unmanaged.passUnretained(self).retain()
        }
        // Releasing: the last release() (acquiring) sees the retain above.
        outstanding.add(count, ordering: .releasing)
    }

    /// Keeps `values` until the batch completes: messages added to the batch read their values from it in place.
    ///
    /// Call it before queueing the first such message. Kept once per buffer in a row (an input's record and its
    /// events are ranges of one buffer).
    func keep(_ values: [UInt8]) {
        state.withLock { state in
            if let last = state.keptValues.last, Self.sameStorage(last, values) { return }
            state.keptValues.append(values)
        }
    }

    /// Whether two arrays share their storage (one is a copy of the other).
    private static func sameStorage(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.count == rhs.count
            && lhs.withUnsafeBufferPointer { left in
                rhs.withUnsafeBufferPointer { right in left.baseAddress == right.baseAddress }
            }
    }

    /// The pointer that stands for the batch in librdkafka's per-message opaque, unretained: valid from an
    /// ``add(_:)`` until the batch completes, that is, until the last of the messages added is reported.
    var unretainedOpaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The batch an ``unretainedOpaque`` stands for.
    static func fromUnretainedOpaque(_ opaque: UnsafeMutableRawPointer) -> KafkaDeliveryBatch {
        Unmanaged<KafkaDeliveryBatch>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// One message's delivery report (from the producer's poll thread), or the undoing of an ``add()`` whose
    /// message librdkafka refused to queue (`error` nil: it was never sent).
    func report(_ error: KafkaError?) {
        if let error {
            state.withLock { state in
                if state.failure == nil { state.failure = error }
            }
        }
        release()
    }

    /// ``report(_:)`` for the delivery-report callback, which holds no reference of its own to the batch (an
    /// unretained opaque per message; a retain and a release each, ~25 per worker input, were atomic operations on a
    /// cache line the processing threads share): the batch's own reference, taken by the first ``add(_:)``, is handed
    /// to the caller instead of released here, so the batch stays alive until the caller is done with it.
    ///
    /// - Returns: true when this report completed the batch and the caller must drop the batch's own reference
    ///   (`Unmanaged.passUnretained(batch).release()`) once it no longer uses the batch.
    func reportKeepingAlive(_ error: KafkaError?) -> Bool {
        if let error {
            state.withLock { state in
                if state.failure == nil { state.failure = error }
            }
        }
        return countDown()
    }

    /// No more messages will be added: the batch completes once those added are reported.
    public func seal() {
        release()
    }

    /// Waits for the batch: success when every message was acknowledged, else the first failure.
    ///
    /// - Important: call ``seal()`` first (or from another task), or this never returns. One waiter at a time.
    public func result() async -> Result<Void, KafkaError> {
        await withUnsafeContinuation { continuation in
            let ready: Result<Void, KafkaError>? = state.withLock { state in
                if let result = state.result { return result }
                precondition(state.waiter == nil && state.callback == nil, "\(#function): a batch has one waiter")
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Calls `callback` once with the batch's result: at once (on this thread) when it is complete, else on the thread
    /// that completes it (the one serving the last delivery report: the producer's poll thread, or a caller of
    /// ``KafkaProducer/serveDeliveryReports()``, ``KafkaProducer/flush(timeout:)`` or ``KafkaProducer/close(timeout:)``).
    ///
    /// What a waiter that needs no task uses instead of ``result()``: no continuation, no suspension.
    ///
    /// - Important: keep the callback short and never block in it (it delays the other delivery reports). One waiter
    ///   at a time: either this or ``result()``.
    public func whenComplete(_ callback: @escaping @Sendable (Result<Void, KafkaError>) -> Void) {
        let ready: Result<Void, KafkaError>? = state.withLock { state in
            if let result = state.result { return result }
            precondition(state.waiter == nil && state.callback == nil, "\(#function): a batch has one waiter")
            state.callback = callback
            return nil
        }
        if let ready { callback(ready) }
    }

    /// The result, once complete.
    public var currentResult: Result<Void, KafkaError>? { state.withLock { $0.result } }

    /// Drops one outstanding count; at zero, sets the result, resumes the waiter (outside the lock), and drops the
    /// batch's own reference.
    private func release() {
        if countDown() {
            // Last: the reference of the first add() (the caller holds its own while this runs).
            Unmanaged.passUnretained(self).release()
        }
    }

    /// Drops one outstanding count; at zero, sets the result and resumes the waiter (outside the lock).
    ///
    /// - Returns: true when the batch completed holding its own reference (an ``add(_:)`` took it): the caller drops
    ///   it.
    private func countDown() -> Bool {
        // Acquiring and releasing: the last release sees every failure recorded before the others' releases.
        let left = outstanding.subtract(1, ordering: .acquiringAndReleasing).newValue
        precondition(left >= 0, "\(#function): a batch was sealed or reported more than it had")
        guard left == 0 else { return false }
        // Every report is in: the header lists go back to the thread that made them, before the result is visible,
        // so that whoever sees the result finds them returned (the owner thread's next send frees them).
        keptHeaders?.batchCompleted()
        let (result, waiter, callback):
            (
                Result<Void, KafkaError>, UnsafeContinuation<Result<Void, KafkaError>, Never>?,
                (@Sendable (Result<Void, KafkaError>) -> Void)?
            ) = state.withLock { state in
                let result: Result<Void, KafkaError> = state.failure.map { .failure($0) } ?? .success(())
                state.result = result
                // The kept values go with the last report: librdkafka frees its message after the report's callback
                // without reading the value again.
                state.keptValues = []
                defer {
                    state.waiter = nil
                    state.callback = nil
                }
                return (result, state.waiter, state.callback)
            }
        waiter?.resume(returning: result)
        callback?(result)
        return keptAlive.load(ordering: .relaxed)
    }
}
