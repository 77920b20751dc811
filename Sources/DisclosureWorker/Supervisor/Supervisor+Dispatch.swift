import Synchronization

extension Supervisor {
    /// Inputs a processing task takes in a row from one lane while that lane has one ready (its run-ahead allows it),
    /// before it goes back to the lanes in the order they became ready.
    ///
    /// Consecutive inputs of one partition then reach the producer within about a millisecond (`linger.ms` 1) and,
    /// as the scraper's keys put one input partition's outputs in one partition of each output topic, share its
    /// ProduceRequests, their responses and the broker thread's scans: one request carries several inputs' outputs
    /// instead of one. Taking lanes strictly in turn (64 partitions), a lane's next input came ~64 inputs later and
    /// every request carried one input. Measured (12,000 × 10 KB, 64 partitions, same binary, 3 interleaved rounds,
    /// load ~12): 4 in a row against 1, librdkafka's threads 64 against 117 µs per input, delivery reports 13 against
    /// 23, worker CPU 361 against 432 µs per input. A lane's run-ahead limit
    /// (`concurrency.maxUnacknowledgedPerPartition`) still bounds it.
    public static let inputsInARowPerLane = 4

    /// Waits for an input from any lane, once the processing task's inputs awaiting acknowledgement are below its
    /// bound; `nil` once the supervisor stops (or the task is cancelled).
    func nextWork(after previous: (partition: TopicPartition, run: Int)?, for processor: Int) async -> Work? {
        // Up to ``inputsInARowPerLane`` inputs in a row from the lane of the previous one, while it has one ready.
        let prefer = previous.flatMap { $0.run < Self.inputsInARowPerLane ? $0.partition : nil }
        while true {
            // An input is ready (no task waits then: it would have been handed one): take it without suspending,
            // which saves the continuation, the cancellation handler and a hop through the executor.
            let (immediate, id): (Dispatched?, Int?) = shared.withLock { shared in
                if shared.stopping || Task.isCancelled { return (Dispatched(), 0) }
                // At its bound: no id, wait for an acknowledgement first.
                if shared.processors[processor].atBound { return (nil, nil) }
                if let work = Self.take(&shared, preferring: prefer) {
                    // The continuation slot is unused here: the work is returned directly below.
                    var dispatched = Dispatched(resumePolling: Self.pollerToResume(&shared))
                    dispatched.taken = work
                    return (dispatched, 0)
                }
                shared.nextWaiterId += 1
                return (nil, shared.nextWaiterId)
            }
            if let immediate {
                immediate.resumePolling?.resume()
                return immediate.taken
            }
            guard let id else {
                await waitForAcknowledgements(of: processor, untilNone: false)
                continue
            }
            // No input is ready: usually the lanes wait for acknowledgements (at their run-ahead limit, or empty).
            return await sink.whileWaitingForAcknowledgements { await waitForWork(id: id) }
        }
    }

    /// Waits in line for the next ready input (``nextWork()``'s slow path).
    private func waitForWork(id: Int) async -> Work? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Work?, Never>) in
                let dispatched: Dispatched = shared.withLock { shared in
                    if shared.stopping || Task.isCancelled { return Dispatched(resumes: [(continuation, nil)]) }
                    shared.waiters.append((id, continuation))
                    return Self.dispatch(&shared)
                }
                resume(dispatched)
            }
        } onCancel: {
            let continuation = shared.withLock { shared in
                shared.waiters.firstIndex { $0.id == id }.map { shared.waiters.remove(at: $0).continuation }
            }
            continuation?.resume(returning: nil)
        }
    }

    /// What handing out work decided, to carry out once the lock is released.
    struct Dispatched {
        /// Waiting processing tasks and the input each gets (nil: stop).
        var resumes: [(CheckedContinuation<Work?, Never>, Work?)] = []
        /// The poll loop, to resume: the queued bytes fell to half the bound.
        var resumePolling: CheckedContinuation<Void, Never>?
        /// An input taken without a waiting task (``nextWork()``'s fast path).
        var taken: Work?
    }

    static func markReady(_ partition: TopicPartition, in shared: inout Shared) {
        guard shared.withLane(partition, { $0.hasWork }) == true, !shared.readySet.contains(partition) else { return }
        shared.ready.append(partition)
        shared.readySet.insert(partition)
    }

    /// Pairs waiting processing tasks with ready lanes; the caller carries it out after unlocking.
    static func dispatch(_ shared: inout Shared) -> Dispatched {
        var dispatched = Dispatched()
        while !shared.waiters.isEmpty, let work = take(&shared) {
            let waiter = shared.waiters.removeFirst()
            dispatched.resumes.append((waiter.continuation, work))
        }
        dispatched.resumePolling = pollerToResume(&shared)
        return dispatched
    }

    /// Takes the next input of the first ready lane (in place, see ``received(_:)``).
    private static func take(_ shared: inout Shared, preferring prefer: TopicPartition? = nil) -> Work? {
        if let prefer, case .process(let offset, let message)? = shared.withLane(prefer, { $0.next() }) {
            // Its entry in `ready`, if any, stays: popped later, it is skipped unless the lane has work again then.
            shared.queuedBytes -= message.value.count
            return Work(partition: prefer, offset: offset, message: message)
        }
        while !shared.ready.isEmpty {
            let partition = shared.ready.removeFirst()
            shared.readySet.remove(partition)
            guard case .process(let offset, let message)? = shared.withLane(partition, { $0.next() }) else { continue }
            shared.queuedBytes -= message.value.count
            return Work(partition: partition, offset: offset, message: message)
        }
        return nil
    }

    /// The poll loop waiting for room, once the queued bytes fell to half the bound.
    private static func pollerToResume(_ shared: inout Shared) -> CheckedContinuation<Void, Never>? {
        guard shared.pollWaiter != nil, shared.queuedBytes <= shared.queuedBytesLimit / 2 else { return nil }
        defer { shared.pollWaiter = nil }
        return shared.pollWaiter
    }

    func resume(_ dispatched: Dispatched) {
        for (continuation, work) in dispatched.resumes { continuation.resume(returning: work) }
        dispatched.resumePolling?.resume()
    }
}
