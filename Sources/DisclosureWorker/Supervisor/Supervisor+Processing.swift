import Synchronization

extension Supervisor {
    /// Takes inputs and runs the core on them; each input's acknowledgement calls back (``acknowledged(_:_:)``), so
    /// the processing task goes on to the next input while the broker acknowledges the outputs, and no task awaits
    /// them.
    ///
    /// A lane hands out its next input once the previous one's outputs are *queued* with the producer, up to
    /// `concurrency.maxUnacknowledgedPerPartition` inputs awaiting acknowledgement (``PartitionLaneStateMachine``
    /// keeps the order, failures included). Waiting for each acknowledgement instead (~5 ms), 55–62% of the
    /// processing tasks' requests for work found nothing ready, and each park between inputs cost the next one ~70 µs
    /// of core. `workers` bounds the inputs being *processed* (CPU) at once; each processing task keeps at most
    /// ``unacknowledgedPerTask`` inputs awaiting acknowledgement. With one wait per processing task, four tasks
    /// spent most of their time waiting for acknowledgements and the worker used under one core of two; with no bound
    /// (one per assigned partition), 64 partitions of 200 KB documents took the peak RSS from 140 to 235 MiB.
    ///
    /// Until session 16 a child task per input awaited its acknowledgement (its task, the group, two continuations
    /// and two trips through the executor: ~7.4 µs per input in plumb2's profile). The acknowledgement's callback
    /// now does the common case (acknowledged, its turn come) where the delivery report is served; what needs a task
    /// (a failure, a republish, a sink that publishes when awaited) goes to the follow-up loop (``followUpLoop()``).
    ///
    /// - Parameter processor: the task's index in ``Shared/processors``.
    func processingLoop(_ processor: Int) async {
        // The lane of the previous input and how many inputs in a row came from it (see ``nextWork(after:for:)``).
        var previous: (partition: TopicPartition, run: Int)?
        while let work = await nextWork(after: previous, for: processor) {
            previous = (work.partition, previous.map { $0.partition == work.partition ? $0.run + 1 : 1 } ?? 1)
            let token = health.update { state, now in state.inputStarted(at: now) }
            metrics.inFlightChanged(by: 1)
            let started = ContinuousClock.now
            let (first, bytes) = startAttempt(work.message)
            let input = InFlight(
                work: work,
                attempt: first,
                started: started,
                token: token,
                bytes: bytes,
                processor: processor
            )
            // Queued (or failed): the lane may hand out its next input now.
            enqueued(work, holding: input)
            awaitPublication(input)
        }
        // Stopping: what this task queued finishes (or is abandoned) before the task ends.
        await waitForAcknowledgements(of: processor, untilNone: true)
    }

    /// A processing task's inputs awaiting acknowledgement (counted until they finish or are abandoned).
    struct Processor: Sendable {
        var unacknowledged = 0
        /// Bytes (input and outputs) of the inputs awaiting acknowledgement.
        var heldBytes = 0
        /// The task, waiting for the count to fall: below its bound, or to zero when `waitingForNone`.
        var waiter: CheckedContinuation<Void, Never>?
        var waitingForNone = false

        /// Whether the task may take no further input until one of its inputs finishes.
        var atBound: Bool {
            unacknowledged >= Supervisor.unacknowledgedPerTask
                || (unacknowledged >= Supervisor.unacknowledgedAlwaysAllowed
                    && heldBytes >= Supervisor.unacknowledgedBytesPerTask)
        }

        /// Whether what the waiting task waits for has come.
        var waitOver: Bool { waitingForNone ? unacknowledged == 0 : !atBound }
    }

    /// Inputs a processing task may have awaiting acknowledgement, at most: it runs the core on further inputs while
    /// the broker acknowledges earlier ones. ``unacknowledgedBytesPerTask`` bounds them by size as well.
    ///
    /// With two, four tasks on 10 KB documents often all waited for acknowledgements at once, each wait parking a
    /// thread and each acknowledgement waking one (~3 context switches per input). With eight, once acknowledgements
    /// came through the delivery-report thread's callbacks (session 16), the two processing threads still slept
    /// ~0.2 thread-seconds per second waiting for one (~1,250 waits of ~0.6 ms per 25,000 inputs) and ~0.09 of the
    /// machine stayed idle: at ~7,000 inputs/s, 32 inputs in flight cover only ~4.5 ms of acknowledgement latency.
    /// At 32 (10 KB documents then stop at ~15, by ``unacknowledgedBytesPerTask``) the worker made 5% more
    /// documents/s on a full machine (docs/BENCHMARKS.md, session 17); the bytes keep the memory where it was.
    public static let unacknowledgedPerTask = 32

    /// Input and output bytes a processing task may hold in inputs awaiting acknowledgement before it waits for one,
    /// once it holds ``unacknowledgedAlwaysAllowed``: 10 KB documents (~35 KB with their outputs) stop at ~15,
    /// 200 KB documents at two. Unbounded (one per assigned partition), 64 partitions
    /// of 200 KB documents took the peak RSS from 140 to 235 MiB; at two per task it was 148.5 MiB.
    public static let unacknowledgedBytesPerTask = 512 * 1024

    /// Inputs awaiting acknowledgement a processing task may hold whatever their size: two lets it run the core on
    /// the next input while the broker acknowledges the previous one.
    public static let unacknowledgedAlwaysAllowed = 2

    /// Returns once the processing task's inputs awaiting acknowledgement are below its bound (or, `untilNone`, all
    /// finished or abandoned).
    func waitForAcknowledgements(of processor: Int, untilNone: Bool) async {
        // Not cancellable, as a task group's `next()` was not: the acknowledgements come (or fail) in any case.
        await sink.whileWaitingForAcknowledgements {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let over = shared.withLock { shared in
                    shared.processors[processor].waitingForNone = untilNone
                    if shared.processors[processor].waitOver { return true }
                    shared.processors[processor].waiter = continuation
                    return false
                }
                if over { continuation.resume() }
            }
        }
    }

    /// Takes `input` off its processing task's count (waking the task when it waits for that): the last thing done
    /// for an input, so that a task that ends after its inputs leaves nothing of them unreported.
    func release(_ input: InFlight) {
        let waiter = shared.withLock { shared in Self.release(input, in: &shared) }
        waiter?.resume()
    }

    /// Takes `input` off its processing task's count; returns the task when it waits for that.
    private static func release(_ input: InFlight, in shared: inout Shared) -> CheckedContinuation<Void, Never>? {
        shared.processors[input.processor].unacknowledged -= 1
        shared.processors[input.processor].heldBytes -= input.bytes
        guard shared.processors[input.processor].waiter != nil, shared.processors[input.processor].waitOver else {
            return nil
        }
        defer { shared.processors[input.processor].waiter = nil }
        return shared.processors[input.processor].waiter
    }
}
