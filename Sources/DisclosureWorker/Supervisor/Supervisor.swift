import DisclosureCore
public import Logging
public import ServiceLifecycle
import Synchronization

/// The worker's main service: consumes inputs, processes them on a bounded number of tasks with per-partition
/// order, publishes their outputs, and commits only what the broker acknowledged.
///
/// One structured task group holds every moving part (STYLE "Concurrency"):
/// - the **poll loop** reads the ``InputSource``: inputs go into their partition's lane
///   (``PartitionLaneStateMachine``); assignments create lanes; a revoke closes the lanes, waits until their inputs
///   in progress finished, commits, and only then asks for the next event (which applies the revoke);
/// - **processing tasks** (`concurrency.workers` of them) take the next input from any lane that has one ready (none
///   processing, fewer than `concurrency.maxUnacknowledgedPerPartition` awaiting acknowledgement), so one partition's
///   outputs are queued one input after another, in its order, while other partitions proceed; a task runs the core
///   on the input and queues its outputs (record + anomaly events, or the DLQ copy) and goes on with the next input;
///   their acknowledgement calls back (``PublicationCompletion``), and the callback takes the input's turn in its lane
///   (inputs finish in offset order) and stores the lane's commit position, without a task;
/// - the **follow-up loop** runs what needs a task: a failed delivery (retries with backoff, the DLQ), a republish (an
///   input queued before its predecessor's final outputs publishes again), or the inputs of a sink that publishes
///   only when awaited, each in a child of its own;
/// - the **committer** commits the stored positions every second; the **lag loop** measures the consumer lag every
///   5 s, apart, so that slow watermark queries delay neither commits nor shutdown.
///
/// Graceful shutdown (SIGTERM/SIGINT through the ``ServiceGroup``): the poll loop stops fetching, the lanes hand
/// their queued inputs back (uncommitted: the next owner reads them again), the inputs in progress finish, the
/// producer is flushed, the positions committed, and the consumer leaves the group. A fatal client error, or a
/// dead letter that cannot be written, ends ``run()`` with an error (nothing unacknowledged is committed).
public final class Supervisor: Service, Sendable {
    /// One input handed to a processing task.
    struct Work: Sendable {
        var partition: TopicPartition
        var offset: Int64
        var message: InboundMessage
    }

    /// What the tasks share, behind one lock.
    struct Shared: Sendable {
        var lanes: [TopicPartition: PartitionLaneStateMachine<InboundMessage>] = [:]
        /// Partitions whose lane has work, in the order they got it.
        var ready: [TopicPartition] = []
        var readySet: Set<TopicPartition> = []
        /// Processing tasks waiting for work.
        var waiters: [(id: Int, continuation: CheckedContinuation<Work?, Never>)] = []
        var nextWaiterId = 0
        /// The poll loop waiting for revoked lanes to close.
        var closeWaiter: (partitions: Set<TopicPartition>, continuation: CheckedContinuation<Void, Never>)?
        var stopping = false
        /// Positions were acknowledged since the last commit.
        var dirty = false
        /// Each lane's position acknowledged since the last commit, stored with the source only by ``commit(force:)``:
        /// one store a second instead of one per input (a partition list built and librdkafka's locks taken each time).
        var acknowledgedPositions: [TopicPartition: Int64] = [:]
        /// Inputs finished (published or dead-lettered) since the start.
        var finishedInputs = 0
        /// Callers of ``waitForFinishedInputs(_:)``.
        var finishedWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        /// Bytes of the inputs queued in the lanes: received, not yet taken by a processing task.
        var queuedBytes = 0
        /// `concurrency.maxQueuedBytes`.
        let queuedBytesLimit: Int
        /// The poll loop, waiting for ``queuedBytes`` to fall to half the bound before it asks for the next event.
        var pollWaiter: CheckedContinuation<Void, Never>?
        /// Inputs waiting for their turn in their lane (acknowledged, an earlier input not finished): a follow-up's
        /// child, or an input whose acknowledgement called back.
        var turnWaiters: [InputKey: TurnWaiter] = [:]
        /// Turns decided for children not yet waiting (they asked, then wait: the decision came in between).
        var turns: [InputKey: Turn] = [:]
        /// Each processing task's inputs awaiting acknowledgement (``processingLoop(_:)``), by task.
        var processors: [Processor]
        /// Inputs handed to the follow-up loop and not yet taken by it.
        var followUps: [FollowUp] = []
        /// The follow-up loop, waiting for follow-ups.
        var followUpWaiter: CheckedContinuation<Void, Never>?
        /// A follow-up's child failed: the follow-up loop ends (its group rethrows the error).
        var followUpFailed = false
        /// The follow-up loop ended: an input handed to it now is abandoned (the worker is stopping with an error, or
        /// was cancelled).
        var followUpsClosed = false

        /// - Parameter processors: the processing tasks (none for a lane table alone, in tests).
        init(queuedBytesLimit: Int, processors: Int = 0) {
            self.queuedBytesLimit = queuedBytesLimit
            self.processors = Array(repeating: Processor(), count: processors)
        }

        /// Runs `body` on the lane of `partition` where it is stored; nil when the partition has no lane.
        ///
        /// Through the dictionary's index and its `values`, which yield the stored lane itself: the optional
        /// subscript (`lanes[partition]?.…`) moved the whole lane out of the table into a coroutine frame
        /// allocated on the heap and back for every change, and a read through it copied the lane (retaining its
        /// queues). The supervisor reaches a lane about eight times per input (received, handed out, queued,
        /// acknowledged, and `hasWork`/`inFlight` after each).
        mutating func withLane<Result>(
            _ partition: TopicPartition,
            _ body: (inout PartitionLaneStateMachine<InboundMessage>) -> Result
        ) -> Result? {
            guard let index = lanes.index(forKey: partition) else { return nil }
            return body(&lanes.values[index])
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

    private let source: any InputSource
    private let sink: any OutputSink
    private let planner: OutputPlanner
    private let routing: FailureRouting
    private let configuration: WorkerConfiguration
    private let metrics: WorkerMetrics
    private let health: WorkerHealth
    private let logger: Logger
    private let clock: any Clock<Duration>
    private let random: @Sendable () -> Double
    private let shared: Mutex<Shared>
    /// Inputs of one partition awaiting acknowledgement before its lane hands out no more: the configured
    /// `concurrency.maxUnacknowledgedPerPartition`, or 1 for a sink that does not keep the order of its queue.
    private let awaitingPerPartition: Int

    /// Creates the supervisor.
    ///
    /// - Parameters:
    ///   - source: where inputs come from.
    ///   - sink: where outputs go.
    ///   - planner: turns an input into its outputs.
    ///   - configuration: concurrency, retry and shutdown settings.
    ///   - metrics: where to count.
    ///   - health: where to report progress.
    ///   - logger: the logger.
    ///   - clock: sleeps between retries and commits (a test clock in tests).
    ///   - random: the jitter draw, in `0..<1`.
    public init(
        source: any InputSource,
        sink: any OutputSink,
        planner: OutputPlanner,
        configuration: WorkerConfiguration,
        metrics: WorkerMetrics,
        health: WorkerHealth,
        logger: Logger,
        clock: any Clock<Duration> = ContinuousClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.source = source
        self.sink = sink
        self.planner = planner
        self.routing = FailureRouting(policy: configuration.retry.policy)
        self.configuration = configuration
        self.metrics = metrics
        self.health = health
        self.logger = logger
        self.clock = clock
        self.random = random
        self.shared = Mutex(
            Shared(
                queuedBytesLimit: configuration.concurrency.maxQueuedBytes,
                processors: configuration.concurrency.workers
            )
        )
        self.awaitingPerPartition = sink.queuesInOrder ? configuration.concurrency.maxUnacknowledgedPerPartition : 1
    }

    private enum ChildResult: Sendable {
        case pollLoopEnded
        case processingEnded
        case followUpsEnded
        case committerEnded
        case lagLoopEnded
    }

    /// Runs until graceful shutdown, the end of the source, or a fatal error.
    ///
    /// - Throws: a fatal client error, or ``WorkerStopped`` when an input could neither be published nor
    ///   dead-lettered.
    public func run() async throws {
        let workers = configuration.concurrency.workers
        var failure: (any Error)?
        do {
            try await withThrowingTaskGroup(of: ChildResult.self) { group in
                group.addTask {
                    do {
                        try await cancelWhenGracefulShutdown { try await self.pollLoop() }
                    } catch is CancellationError {
                        // Graceful shutdown: stop fetching; what follows drains.
                    }
                    self.beginStopping()
                    return .pollLoopEnded
                }
                for processor in 0..<workers {
                    group.addTask {
                        await self.processingLoop(processor)
                        return .processingEnded
                    }
                }
                group.addTask {
                    try await self.followUpLoop()
                    return .followUpsEnded
                }
                group.addTask {
                    try? await self.committerLoop()
                    return .committerEnded
                }
                group.addTask {
                    try? await self.lagLoop()
                    return .lagLoopEnded
                }
                var processingLeft = workers
                var pollEnded = false
                while let child = try await group.next() {
                    switch child {
                    case .pollLoopEnded: pollEnded = true
                    case .processingEnded: processingLeft -= 1
                    case .committerEnded, .lagLoopEnded, .followUpsEnded: break
                    }
                    if pollEnded, processingLeft == 0 {
                        group.cancelAll()
                    }
                }
            }
        } catch {
            failure = error
            beginStopping()
        }
        await finish(after: failure)
        if let failure { throw failure }
    }

    // MARK: - Poll loop

    private func pollLoop() async throws {
        health.updateUntimed { state in state.pollWaiting() }
        while let event = try await source.next() {
            health.update { state, now in state.pollBusy(at: now) }
            var full = false
            switch event {
            case .message(let message): full = try received(message)
            case .assigned(let partitions): assigned(partitions)
            case .revoked(let partitions, let lost): try await revoked(partitions, lost: lost)
            }
            health.updateUntimed { state in state.pollWaiting() }
            if full { try await waitForQueuedBytes() }
        }
    }

    /// Past `concurrency.maxQueuedBytes` the poll loop asks for nothing until the lanes' bytes fell to half: the
    /// next inputs wait in librdkafka's prefetch, which is bounded (`queued.max.messages.kbytes`) and kept. Pausing
    /// the partitions instead dropped their prefetch, and every partition resumed brought its next fetch into the
    /// lanes at once: 64 partitions of 200 KB documents held ~170 inputs (35 MB) whatever the bound.
    ///
    /// - Throws: `CancellationError` when cancelled (graceful shutdown).
    private func waitForQueuedBytes() async throws {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = shared.withLock { shared in
                    if shared.stopping || Task.isCancelled || shared.queuedBytes <= shared.queuedBytesLimit / 2 {
                        return true
                    }
                    shared.pollWaiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = shared.withLock { shared in
                defer { shared.pollWaiter = nil }
                return shared.pollWaiter
            }
            waiter?.resume()
        }
        try Task.checkCancellation()
    }

    /// Puts an input into its lane; returns true when the lanes' queued bytes are over `concurrency.maxQueuedBytes`.
    private func received(_ message: InboundMessage) throws -> Bool {
        let partition = TopicPartition(topic: message.topic, partition: message.partition)
        let size = message.value.count
        let (action, dispatched, backlog, full):
            (PartitionLaneStateMachine<InboundMessage>.ReceiveAction?, Dispatched, Int, Bool) = shared.withLock {
                shared in
                // The lane is changed in place: a copy taken out of the dictionary and stored back made every input
                // copy the lane's whole queue (and retain every input in it).
                guard
                    let action = shared.withLane(
                        partition,
                        { $0.received(offset: message.offset, message: message, size: size) }
                    )
                else { return (nil, Dispatched(), 0, false) }
                // A lane at its own in-flight limit pauses itself (.pauseFetching) and resumes itself.
                if action != .drop { shared.queuedBytes += size }
                Self.markReady(partition, in: &shared)
                let backlog = shared.withLane(partition, { $0.inFlight }) ?? 0
                let dispatched = Self.dispatch(&shared)
                return (action, dispatched, backlog, shared.queuedBytes > shared.queuedBytesLimit)
            }
        resume(dispatched)
        metrics.backlog(partition, count: backlog)
        switch action {
        case nil:
            logger.debug(
                "input for an unassigned partition dropped",
                metadata: [LoggingKeys.partition: "\(partition)", LoggingKeys.offset: "\(message.offset)"]
            )
        case .pauseFetching:
            logger.debug("partition paused: in-flight limit", metadata: [LoggingKeys.partition: "\(partition)"])
            try source.pause([partition])
        case .accepted, .drop:
            break
        }
        return full
    }

    private func assigned(_ partitions: [TopicPartition]) {
        shared.withLock { shared in
            for partition in partitions where shared.lanes[partition] == nil {
                shared.lanes[partition] = PartitionLaneStateMachine(
                    maxInFlight: configuration.concurrency.maxInFlightPerPartition,
                    maxAwaiting: awaitingPerPartition
                )
            }
        }
        health.updateUntimed { state in state.joined() }
        logger.info(
            "partitions assigned",
            metadata: [LoggingKeys.partitions: "\(partitions.map(\.description).joined(separator: ","))"]
        )
    }

    /// Closes the revoked lanes, waits for their inputs in progress, commits (unless lost), then returns so the
    /// poll loop's next call applies the revoke (SPEC §3: nothing acknowledged is left uncommitted).
    private func revoked(_ partitions: [TopicPartition], lost: Bool) async throws {
        var handedBack = 0
        let open: Set<TopicPartition> = shared.withLock { shared in
            var open: Set<TopicPartition> = []
            for partition in partitions {
                guard var lane = shared.lanes[partition] else { continue }
                shared.queuedBytes -= lane.queuedSize
                let action = lane.close()
                handedBack += action.handedBack
                if action.closed {
                    shared.lanes[partition] = nil
                } else {
                    shared.lanes[partition] = lane
                    open.insert(partition)
                }
            }
            shared.ready.removeAll { partitions.contains($0) }
            shared.readySet.subtract(partitions)
            return open
        }
        if !open.isEmpty {
            await withCheckedContinuation { continuation in
                let done = shared.withLock { shared in
                    let stillOpen = open.filter { shared.lanes[$0] != nil }
                    if stillOpen.isEmpty { return true }
                    shared.closeWaiter = (stillOpen, continuation)
                    return false
                }
                if done { continuation.resume() }
            }
        }
        if lost {
            // Their lanes are closed: nothing adds to these. Never stored later: a lost partition may come back after
            // another member committed further.
            shared.withLock { shared in
                for partition in partitions { shared.acknowledgedPositions[partition] = nil }
            }
        }
        logger.info(
            "partitions revoked",
            metadata: [
                LoggingKeys.partitions: "\(partitions.map(\.description).joined(separator: ","))",
                LoggingKeys.count: "\(handedBack)",
                "kafka.lost": "\(lost)",
            ]
        )
        // librdkafka keeps a partition's pause flag across a revoke and a later re-assignment to this member
        // (librdkafka#1849): a lane paused at its in-flight limit would come back paused with a fresh lane that
        // never resumes it, and the partition would stop flowing. Resume while it is still assigned (the revoke is
        // applied after this returns).
        do {
            try source.resume(partitions)
        } catch {
            logger.debug("revoked partitions not resumed", metadata: [LoggingKeys.error: "\(error)"])
        }
        // Forced: whatever the revoked lanes stored must be committed before the partitions move on.
        if !lost { await commit(force: true) }
    }

    // MARK: - Processing

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
    private func processingLoop(_ processor: Int) async {
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

    /// An input queued with the sink and not finished, as its acknowledgement's callback, or its follow-up, sees it.
    struct InFlight: Sendable {
        var work: Work
        /// The latest attempt.
        var attempt: Attempt
        var started: ContinuousClock.Instant
        /// The health state's token for the input.
        var token: Int
        /// Bytes (input and outputs) held until it finishes: its processing task's memory bound.
        var bytes: Int
        /// The processing task whose bound it counts against.
        var processor: Int
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

    /// Where an input waits for its turn in its lane.
    enum TurnWaiter: Sendable {
        /// A follow-up's child, suspended.
        case task(CheckedContinuation<Turn, Never>)
        /// An input whose acknowledgement called back: finished, or handed to the follow-up loop, when its turn comes.
        case callback(InFlight)
    }

    /// An input handed to the follow-up loop, and where its handling resumes.
    struct FollowUp: Sendable {
        enum Step: Sendable {
            /// Await the latest attempt's acknowledgement (a sink that publishes when awaited), or its failure (the core
            /// failed on the input with a fault that is not the input's).
            case acknowledgement
            /// The latest attempt's delivery failed with this error.
            case failed(any Error)
            /// The lane told the input to publish again (it took the new copy's start number).
            case republish
        }

        var input: InFlight
        var step: Step
    }

    /// Has `input`'s acknowledgement called back, or hands the input to the follow-up loop when its sink cannot call
    /// back (or its attempt failed before anything was queued).
    private func awaitPublication(_ input: InFlight) {
        switch input.attempt {
        case .queued(let pending, _), .deadLettered(let pending, _):
            if pending.whenAcknowledged({ outcome in self.acknowledged(input, outcome) }) { return }
        case .failed:
            break
        }
        followUp(input, .acknowledgement)
    }

    /// `input`'s latest attempt was acknowledged (or failed): on success it takes its turn in its lane, and finishes
    /// if its turn came (usually at once: acknowledgements mostly arrive in order), waits for the turn otherwise, or
    /// goes to the follow-up loop to publish again; a failure goes to the follow-up loop.
    ///
    /// Runs where the acknowledgement completes (a delivery report served by a processing task between inputs or by
    /// the producer's thread): short, never blocking.
    private func acknowledged(_ input: InFlight, _ outcome: Result<Void, any Error>) {
        guard case .success = outcome else {
            health.updateUntimed { state in state.published(successfully: false) }
            if case .failure(let error) = outcome { followUp(input, .failed(error)) }
            return
        }
        health.updateUntimed { state in state.published(successfully: true) }
        let work = input.work
        let (settled, finished): (Settled, Bool) = shared.withLock { shared in
            guard let settlement = shared.withLane(work.partition, { $0.acknowledged(offset: work.offset) }) else {
                // No lane: finished (as ``turn(of:)`` has it).
                return (Settled(), true)
            }
            var settled = Self.apply(settlement, of: work.partition, in: &shared)
            let key = InputKey(partition: work.partition, offset: work.offset)
            switch settlement.turn {
            case .finished: return (settled, true)
            case .waiting: shared.turnWaiters[key] = .callback(input)
            case .republish: Self.followUp(input, .republish, in: &shared, settled: &settled)
            }
            return (settled, false)
        }
        carryOut(settled, of: work.partition)
        if finished { reportFinished(input) }
    }

    /// Hands `input` to the follow-up loop.
    private func followUp(_ input: InFlight, _ step: FollowUp.Step) {
        let settled: Settled = shared.withLock { shared in
            var settled = Settled()
            Self.followUp(input, step, in: &shared, settled: &settled)
            return settled
        }
        carryOut(settled, of: input.work.partition)
    }

    /// Hands `input` to the follow-up loop (waking it), or, once the loop ended, has it abandoned.
    private static func followUp(
        _ input: InFlight,
        _ step: FollowUp.Step,
        in shared: inout Shared,
        settled: inout Settled
    ) {
        guard !shared.followUpsClosed else {
            settled.abandon.append(input)
            return
        }
        shared.followUps.append(FollowUp(input: input, step: step))
        if let waiter = shared.followUpWaiter {
            shared.followUpWaiter = nil
            settled.followUpWaiter = waiter
        }
    }

    /// Takes `input` off its processing task's count (waking the task when it waits for that): the last thing done
    /// for an input, so that a task that ends after its inputs leaves nothing of them unreported.
    private func release(_ input: InFlight) {
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

    /// Counts and logs a finished input; it is no longer in flight.
    private func reportFinished(_ input: InFlight) {
        report(input.attempt, of: input.work.message, started: input.started)
        metrics.inFlightChanged(by: -1)
        health.updateUntimed { state in state.inputFinished(input.token) }
        release(input)
    }

    /// `input` will not finish (its follow-up failed, or came after the follow-up loop ended): the inputs behind it
    /// take their turns (none finishes past it in the commit position), and its processing task no longer counts it.
    private func abandon(_ input: InFlight) {
        abandoned(input.work)
        metrics.inFlightChanged(by: -1)
        health.updateUntimed { state in state.inputFinished(input.token) }
        release(input)
    }

    /// Returns once the processing task's inputs awaiting acknowledgement are below its bound (or, `untilNone`, all
    /// finished or abandoned).
    private func waitForAcknowledgements(of processor: Int, untilNone: Bool) async {
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

    // MARK: - Follow-ups

    /// Runs each follow-up (``FollowUp``) in a child of its own, until cancelled (the run ends) or a child fails.
    ///
    /// A child that fails (``WorkerStopped``: a dead letter could not be written) ends the loop, and its error ends
    /// the run, as a failing child of a processing task did before.
    ///
    /// - Throws: the first child's error.
    private func followUpLoop() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            while let followUps = await nextFollowUps() {
                for followUp in followUps {
                    group.addTask { try await self.run(followUp) }
                }
            }
        }
    }

    /// The follow-ups handed over since the last call, waiting for one; nil once the loop must end (cancelled, or a
    /// child failed): what is left, and what comes later, is abandoned.
    private func nextFollowUps() async -> [FollowUp]? {
        while true {
            let (followUps, ending): ([FollowUp], Bool) = shared.withLock { shared in
                defer { shared.followUps.removeAll() }
                if Task.isCancelled || shared.followUpFailed {
                    shared.followUpsClosed = true
                    return (shared.followUps, true)
                }
                return (shared.followUps, false)
            }
            if ending {
                for followUp in followUps { abandon(followUp.input) }
                return nil
            }
            if !followUps.isEmpty { return followUps }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = shared.withLock { shared in
                        if !shared.followUps.isEmpty || Task.isCancelled || shared.followUpFailed { return true }
                        shared.followUpWaiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                let waiter = shared.withLock { shared in
                    defer { shared.followUpWaiter = nil }
                    return shared.followUpWaiter
                }
                waiter?.resume()
            }
        }
    }

    /// Handles one follow-up to the end: the input finishes, or the worker stops.
    ///
    /// - Throws: ``WorkerStopped`` when the routing says stop; `CancellationError` when cancelled in a backoff.
    private func run(_ followUp: FollowUp) async throws {
        let input = followUp.input
        do {
            try await handle(input.work, attempt: input.attempt, from: followUp.step, started: input.started)
        } catch {
            // The inputs behind it in its lane take their turns (none finishes past it in the commit position). Stop
            // handing out work and end the loop, so that the error reaches run(), which stops the worker.
            abandon(input)
            beginStopping()
            let waiter = shared.withLock { shared in
                shared.followUpFailed = true
                defer { shared.followUpWaiter = nil }
                return shared.followUpWaiter
            }
            waiter?.resume()
            throw error
        }
        metrics.inFlightChanged(by: -1)
        health.updateUntimed { state in state.inputFinished(input.token) }
        release(input)
    }

    /// An input's attempt as the task that queued it leaves it to the callback or the child that awaits it.
    enum Attempt: Sendable {
        /// The outputs were handed to the sink.
        case queued(PendingPublication, Published)
        /// The input's DLQ copy was handed to the sink.
        case deadLettered(PendingPublication, DeadLetter)
        /// The core failed on the input with a fault that is not the input's (it may pass: retried).
        case failed(any Error)
    }

    /// What is kept of an input's outputs once the sink has them: the log line's and the metrics' share.
    struct Published: Sendable {
        var documentId: String
        /// The anomalies' labels, run by run (what the metrics count).
        var anomalies: [WorkerMetrics.AnomalyRun]
        /// How many anomaly events the input published.
        var anomalyCount: Int

        init(_ outputs: OutputPlanner.Outputs) {
            documentId = outputs.documentId
            anomalies = WorkerMetrics.runs(of: outputs.anomalies)
            anomalyCount = outputs.anomalies.count
        }
    }

    /// An input's DLQ copy: kept, so that a republish or a retry queues the same bytes.
    struct DeadLetter: Sendable {
        var letter: OutboundMessage
        var error: WorkerError
    }

    /// Runs the core on `message` and hands its outputs (or, for bad input, its DLQ copy) to the sink at once, on this
    /// thread, and drops them here.
    ///
    /// The outputs were just written by this thread and are still in its cache: the sink (librdkafka) copies them
    /// now, and the ProcessedDocument (records, anomalies, evidence strings) is freed by the thread that allocated
    /// it. Held until the acknowledgement instead, the child task read and freed them later, often on the other
    /// core: the core's retain/release and malloc/free cost twice what they cost in `DisclosureBench`.
    ///
    /// Bad input goes to the DLQ at once (``FailureRouting``): its copy is queued here, in the lane's order like
    /// outputs, so that the inputs queued behind it need not publish again.
    ///
    /// - Returns: the attempt and the bytes it holds until acknowledged (input and outputs, for the memory bound).
    private func startAttempt(_ message: InboundMessage) -> (Attempt, Int) {
        switch plan(message) {
        case .success(let outputs):
            let pending = sink.enqueue(outputs.messages)
            return (.queued(pending, Published(outputs)), message.value.count + outputs.byteCount)
        case .failure(let error):
            let kind = FailureKind.classify(error)
            guard case .input(let inputError) = kind else { return (.failed(error), message.value.count) }
            metrics.attemptFailed(kind)
            let letter = DeadLetter(
                letter: planner.deadLetter(for: message, error: inputError, attempts: 1),
                error: inputError
            )
            let pending = sink.enqueue([letter.letter])
            return (.deadLettered(pending, letter), message.value.count + letter.letter.value.count)
        }
    }

    /// Runs the core on `message` and counts the CPU time it took (the call never suspends, so the thread's CPU
    /// clock measures it exactly).
    private func plan(_ message: InboundMessage) -> Result<OutputPlanner.Outputs, any Error> {
        let cpu = ThreadCPUTime.nanoseconds()
        let planned = Result { try planner.outputs(for: message) }
        metrics.processingCPU(nanoseconds: ThreadCPUTime.nanoseconds() &- cpu)
        return planned
    }

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

    /// Inputs a processing task may have awaiting acknowledgement, at most: it runs the core on further inputs while
    /// the broker acknowledges earlier ones. ``unacknowledgedBytesPerTask`` bounds them by size as well.
    ///
    /// With two, four tasks on 10 KB documents often all waited for acknowledgements at once, each wait parking a
    /// thread and each acknowledgement waking one (~3 context switches per input); with eight they rarely wait.
    public static let unacknowledgedPerTask = 8

    /// Input and output bytes a processing task may hold in inputs awaiting acknowledgement before it waits for one,
    /// once it holds ``unacknowledgedAlwaysAllowed``: 10 KB documents (~35 KB with their outputs) stay under it up to
    /// ``unacknowledgedPerTask``, 200 KB documents stop at two. Unbounded (one per assigned partition), 64 partitions
    /// of 200 KB documents took the peak RSS from 140 to 235 MiB; at two per task it was 148.5 MiB.
    public static let unacknowledgedBytesPerTask = 512 * 1024

    /// Inputs awaiting acknowledgement a processing task may hold whatever their size: two lets it run the core on
    /// the next input while the broker acknowledges the previous one.
    public static let unacknowledgedAlwaysAllowed = 2

    /// Waits for an input from any lane, once the processing task's inputs awaiting acknowledgement are below its
    /// bound; `nil` once the supervisor stops (or the task is cancelled).
    private func nextWork(after previous: (partition: TopicPartition, run: Int)?, for processor: Int) async -> Work? {
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

    /// Awaits one input's outputs (queued by the processing task for the first attempt; planned and queued again for
    /// a retry or a republish) until they, or its DLQ copy, are acknowledged and its turn in the lane came, from where
    /// the processing task (a sink that publishes when awaited, or a failed attempt) or the acknowledgement's callback
    /// (a failed delivery, a republish) left it.
    ///
    /// A failed delivery keeps the routing it always had: retry with backoff, then the DLQ, and stop when even the DLQ
    /// copy cannot be written. A republish (its outputs were queued before its predecessor's final ones) is no
    /// failure: no attempt counted, no backoff.
    ///
    /// - Throws: ``WorkerStopped`` when the routing says stop; `CancellationError` when cancelled in a backoff.
    private func handle(
        _ work: Work,
        attempt latest: Attempt,
        from step: FollowUp.Step,
        started: ContinuousClock.Instant
    ) async throws {
        let message = work.message
        var next: Attempt?
        // The latest attempt's outcome when the callback already had it (a failed delivery).
        var known: (any Error)?
        switch step {
        case .acknowledgement: next = latest
        case .failed(let error): (next, known) = (latest, error)
        case .republish: next = nil
        }
        // Failed attempts while publishing the outputs, then while publishing the DLQ copy.
        var failedAttempts = 0
        var failedLetters = 0
        var deadLetter: DeadLetter?
        if case .deadLettered(_, let letter) = latest { deadLetter = letter }
        while true {
            let attempt = next.take() ?? queueAgain(work, deadLetter: deadLetter)
            let failure: any Error
            do {
                if let known = known.take() { throw known }
                switch attempt {
                case .queued(let pending, _):
                    try await acknowledgement(of: pending)
                case .deadLettered(let pending, let letter):
                    deadLetter = letter
                    try await acknowledgement(of: pending)
                case .failed(let error):
                    throw error
                }
                switch await turn(of: work) {
                case .finished:
                    report(attempt, of: message, started: started)
                    return
                case .republish, .waiting:
                    continue
                }
            } catch {
                failure = error
            }
            failed(work)
            if let letter = deadLetter {
                if let sized = failure as? any RetryClassifiable, sized.isPayloadTooLarge, !letter.letter.value.isEmpty
                {
                    // The unchanged copy will never fit; stopping here would block the partition on every restart.
                    logger.warning(
                        "dead letter too large for the broker, publishing it without its value",
                        metadata: [
                            LoggingKeys.partition: "\(message.topic)[\(message.partition)]",
                            LoggingKeys.offset: "\(message.offset)", LoggingKeys.error: "\(failure)",
                        ]
                    )
                    deadLetter = DeadLetter(letter: planner.withoutValue(letter.letter), error: letter.error)
                    retrying(work)
                    continue
                }
                failedLetters += 1
                let kind = FailureKind.classify(failure)
                metrics.attemptFailed(kind)
                switch routing.decide(kind, phase: .deadLettering, failedAttempts: failedLetters, random: random()) {
                case .retry(let delay):
                    metrics.retried()
                    logger.warning(
                        "dead letter failed, retrying",
                        metadata: [LoggingKeys.attempt: "\(failedLetters)", LoggingKeys.error: "\(failure)"]
                    )
                    try await clock.sleep(for: delay)
                    retrying(work)
                case .deadLetter, .stop:
                    throw WorkerStopped(reason: "cannot write the dead letter: \(failure)")
                }
                continue
            }
            failedAttempts += 1
            let kind = FailureKind.classify(failure)
            metrics.attemptFailed(kind)
            switch routing.decide(kind, phase: .processing, failedAttempts: failedAttempts, random: random()) {
            case .retry(let delay):
                metrics.retried()
                logger.warning(
                    "input failed, retrying",
                    metadata: [
                        LoggingKeys.partition: "\(message.topic)[\(message.partition)]",
                        LoggingKeys.offset: "\(message.offset)", LoggingKeys.attempt: "\(failedAttempts)",
                        LoggingKeys.delay: "\(delay)", LoggingKeys.error: "\(failure)",
                    ]
                )
                try await clock.sleep(for: delay)
            case .deadLetter(let error):
                deadLetter = DeadLetter(
                    letter: planner.deadLetter(for: message, error: error, attempts: max(failedAttempts, 1)),
                    error: error
                )
            case .stop(let reason):
                throw WorkerStopped(reason: reason)
            }
            retrying(work)
        }
    }

    /// Waits for a queued attempt's acknowledgement, and tells the health state how publishing goes.
    private func acknowledgement(of pending: PendingPublication) async throws {
        do {
            try await pending.acknowledged()
            health.updateUntimed { state in state.published(successfully: true) }
        } catch {
            health.updateUntimed { state in state.published(successfully: false) }
            throw error
        }
    }

    /// Queues an input's outputs again (planned again: the same bytes), or its DLQ copy, for a retry or a republish
    /// (its start number was taken by ``retrying(_:)`` or by the lane's republish decision).
    private func queueAgain(_ work: Work, deadLetter: DeadLetter?) -> Attempt {
        let attempt: Attempt
        if let deadLetter {
            attempt = .deadLettered(sink.enqueue([deadLetter.letter]), deadLetter)
        } else {
            (attempt, _) = startAttempt(work.message)
        }
        enqueued(work)
        return attempt
    }

    /// Counts and logs a finished input.
    private func report(_ attempt: Attempt, of message: InboundMessage, started: ContinuousClock.Instant) {
        switch attempt {
        case .queued(_, let published):
            metrics.documentProcessed(anomalyRuns: published.anomalies, duration: ContinuousClock.now - started)
            logger.debug(
                "input processed",
                metadata: [
                    LoggingKeys.partition: "\(message.topic)[\(message.partition)]",
                    LoggingKeys.offset: "\(message.offset)", LoggingKeys.documentId: "\(published.documentId)",
                    LoggingKeys.count: "\(published.anomalyCount)",
                ]
            )
        case .deadLettered(_, let letter):
            metrics.deadLettered(letter.error.code, duration: ContinuousClock.now - started)
            logger.info(
                "input dead-lettered",
                metadata: [
                    LoggingKeys.partition: "\(message.topic)[\(message.partition)]",
                    LoggingKeys.offset: "\(message.offset)", LoggingKeys.errorClass: "\(letter.error.code.rawValue)",
                    LoggingKeys.error: "\(letter.error.message)",
                ]
            )
        case .failed:
            break
        }
    }

    // MARK: - Lane events

    /// An input and its lane: the key of a child waiting for its turn.
    struct InputKey: Hashable, Sendable {
        var partition: TopicPartition
        var offset: Int64
    }

    /// What settling a lane decided, to carry out once the lock is released.
    struct Settled {
        /// Children waiting for their turn, and the turn each gets.
        var turns: [(CheckedContinuation<Turn, Never>, Turn)] = []
        /// Callers of ``waitForFinishedInputs(_:)`` whose count was reached.
        var progressWaiters: [CheckedContinuation<Void, Never>] = []
        /// The poll loop, waiting for revoked lanes that all closed now.
        var closeWaiter: CheckedContinuation<Void, Never>?
        var dispatched = Dispatched()
        /// Resume fetching the partition.
        var resumeFetching = false
        /// The lane's inputs in flight, for the backlog gauge (nil: unchanged).
        var backlog: Int?
        /// Inputs whose acknowledgement called back that finished: to report.
        var finished: [InFlight] = []
        /// The follow-up loop, handed a follow-up.
        var followUpWaiter: CheckedContinuation<Void, Never>?
        /// Inputs handed to the follow-up loop after it ended: to abandon.
        var abandon: [InFlight] = []
    }

    typealias Turn = PartitionLaneStateMachine<InboundMessage>.Turn

    /// The processing task queued `work`'s outputs (or its DLQ copy), or a child queued them again: the lane may hand
    /// out its next input. `holding`: the processing task's new input, counted against its bound from now on.
    private func enqueued(_ work: Work, holding input: InFlight? = nil) {
        let dispatched = shared.withLock { shared in
            if let input {
                shared.processors[input.processor].unacknowledged += 1
                shared.processors[input.processor].heldBytes += input.bytes
            }
            // In place, as in received(_:).
            shared.withLane(work.partition) { $0.enqueued(offset: work.offset) }
            Self.markReady(work.partition, in: &shared)
            return Self.dispatch(&shared)
        }
        resume(dispatched)
    }

    /// A delivery of `work` failed: its lane repairs.
    private func failed(_ work: Work) {
        shared.withLock { shared in shared.withLane(work.partition) { $0.failed(offset: work.offset) } }
    }

    /// `work` is about to be queued again after a failed delivery: it takes its new start number.
    private func retrying(_ work: Work) {
        shared.withLock { shared in shared.withLane(work.partition) { $0.retrying(offset: work.offset) } }
    }

    /// `work`'s latest outputs were acknowledged: finishes it if its turn came (usually at once: acknowledgements
    /// mostly arrive in order), else waits for the lane to decide when its predecessor finished.
    private func turn(of work: Work) async -> Turn {
        let (turn, settled): (Turn, Settled) = shared.withLock { shared in
            guard let settlement = shared.withLane(work.partition, { $0.acknowledged(offset: work.offset) }) else {
                return (.finished, Settled())
            }
            return (settlement.turn, Self.apply(settlement, of: work.partition, in: &shared))
        }
        carryOut(settled, of: work.partition)
        guard turn == .waiting else { return turn }
        let key = InputKey(partition: work.partition, offset: work.offset)
        return await withCheckedContinuation { continuation in
            let decided: Turn? = shared.withLock { shared in
                if let turn = shared.turns.removeValue(forKey: key) { return turn }
                shared.turnWaiters[key] = .task(continuation)
                return nil
            }
            if let decided { continuation.resume(returning: decided) }
        }
    }

    /// `work` will not finish (its follow-up failed; the worker stops): the inputs behind it take their turns.
    private func abandoned(_ work: Work) {
        let settled: Settled = shared.withLock { shared in
            guard let settlement = shared.withLane(work.partition, { $0.abandoned(offset: work.offset) }) else {
                return Settled()
            }
            return Self.apply(settlement, of: work.partition, in: &shared)
        }
        carryOut(settled, of: work.partition)
    }

    /// Records what a lane settled: counts the finished inputs, stores the lane's new position, hands the turns to
    /// the inputs waiting for them (or keeps them for children about to wait), forgets a closed lane (waking the
    /// poll loop when it waits for it), and hands the lane's next input out.
    private static func apply(
        _ settlement: PartitionLaneStateMachine<InboundMessage>.Settlement,
        of partition: TopicPartition,
        in shared: inout Shared
    ) -> Settled {
        var settled = Settled()
        for offset in settlement.othersFinished {
            hand(.finished, to: InputKey(partition: partition, offset: offset), in: &shared, settled: &settled)
        }
        if let offset = settlement.otherRepublishing {
            hand(.republish, to: InputKey(partition: partition, offset: offset), in: &shared, settled: &settled)
        }
        if settlement.finishedCount > 0 {
            shared.finishedInputs += settlement.finishedCount
            if !shared.finishedWaiters.isEmpty {
                let count = shared.finishedInputs
                settled.progressWaiters = shared.finishedWaiters.filter { $0.count <= count }.map(\.continuation)
                shared.finishedWaiters.removeAll { $0.count <= count }
            }
        }
        if let position = settlement.storeOffset {
            shared.dirty = true
            shared.acknowledgedPositions[partition] = position
        }
        settled.backlog = shared.withLane(partition, { $0.inFlight }) ?? 0
        if settlement.closed {
            shared.lanes[partition] = nil
            if let waiter = shared.closeWaiter, waiter.partitions.allSatisfy({ shared.lanes[$0] == nil }) {
                shared.closeWaiter = nil
                settled.closeWaiter = waiter.continuation
            }
        } else {
            markReady(partition, in: &shared)
        }
        settled.dispatched = dispatch(&shared)
        settled.resumeFetching = settlement.resumeFetching
        return settled
    }

    /// Gives `turn` to the input waiting for it (a child; or, for an input whose acknowledgement called back, finishes
    /// it or hands it to the follow-up loop to publish again), or keeps it for the child about to wait.
    private static func hand(_ turn: Turn, to key: InputKey, in shared: inout Shared, settled: inout Settled) {
        switch shared.turnWaiters.removeValue(forKey: key) {
        case .task(let waiter)?:
            settled.turns.append((waiter, turn))
        case .callback(let input)?:
            if turn == .finished {
                // Reported once the lock is released, then its processing task's count falls.
                settled.finished.append(input)
            } else {
                followUp(input, .republish, in: &shared, settled: &settled)
            }
        case nil:
            shared.turns[key] = turn
        }
    }

    private func carryOut(_ settled: Settled, of partition: TopicPartition) {
        for waiter in settled.progressWaiters { waiter.resume() }
        if let backlog = settled.backlog { metrics.backlog(partition, count: backlog) }
        if settled.resumeFetching {
            try? source.resume([partition])
        }
        resume(settled.dispatched)
        settled.closeWaiter?.resume()
        for (waiter, turn) in settled.turns { waiter.resume(returning: turn) }
        for input in settled.finished { reportFinished(input) }
        settled.followUpWaiter?.resume()
        for input in settled.abandon { abandon(input) }
    }

    // MARK: - Progress

    /// Inputs finished (outputs or DLQ copy acknowledged) since the start.
    public var finishedInputs: Int { shared.withLock { $0.finishedInputs } }

    /// Returns once `count` inputs in total have finished (outputs or DLQ copy acknowledged): what tests and
    /// tools await instead of sleeping.
    public func waitForFinishedInputs(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let done = shared.withLock { shared in
                if shared.finishedInputs >= count { return true }
                shared.finishedWaiters.append((count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    // MARK: - Commit and shutdown

    private func committerLoop() async throws {
        while true {
            try await clock.sleep(for: .seconds(1))
            await commit()
        }
    }

    /// Measures the lag every 5 s, in a task of its own: asking the broker for the partitions' ends takes a round
    /// trip per leader (behind the fetch long-poll on the same connection: up to `fetch.wait.max.ms`), and neither
    /// the commits nor a shutdown may wait for that.
    private func lagLoop() async throws {
        while true {
            try await clock.sleep(for: .seconds(5))
            await measureLag()
        }
    }

    /// Sets the consumer-lag gauge of every assigned partition: its end minus the next offset the lane will read
    /// (the last fetched offset + 1, else its stored position). A failed query leaves the gauges as they were.
    private func measureLag() async {
        let positions: [TopicPartition: Int64] = shared.withLock { shared in
            var positions: [TopicPartition: Int64] = [:]
            for (partition, lane) in shared.lanes {
                if let next = lane.lastReceived.map({ $0 + 1 }) ?? lane.offsets.position {
                    positions[partition] = next
                }
            }
            return positions
        }
        guard !positions.isEmpty, !Task.isCancelled, let ends = try? await source.endOffsets(Array(positions.keys))
        else { return }
        for (partition, end) in ends {
            guard let next = positions[partition] else { continue }
            metrics.lag(partition, max(0, end - next))
        }
    }

    /// Stores the positions acknowledged since the last commit, then commits if any were (or when forced).
    private func commit(force: Bool = false) async {
        let (dirty, storeError): (Bool, (any Error)?) = shared.withLock { shared in
            defer { shared.dirty = false }
            guard !shared.acknowledgedPositions.isEmpty else { return (shared.dirty, nil) }
            defer { shared.acknowledgedPositions.removeAll(keepingCapacity: true) }
            // Under the lock (a quick, non-blocking call): two commits at once, the committer's and a revoke's,
            // must not store a partition's positions out of order.
            do {
                try source.store(shared.acknowledgedPositions)
                return (shared.dirty, nil)
            } catch {
                return (shared.dirty, error)
            }
        }
        if let storeError {
            // A partition went away (lost in a rebalance): its next owner re-reads from its committed position. The
            // others are stored all the same (librdkafka stores each partition on its own).
            logger.debug("offsets not stored", metadata: [LoggingKeys.error: "\(storeError)"])
        }
        guard dirty || force else { return }
        do {
            try await source.commit()
            metrics.committed(successfully: true)
        } catch {
            metrics.committed(successfully: false)
            // Still stored: the next commit carries it. Until then a crash re-delivers, never loses.
            shared.withLock { $0.dirty = true }
            logger.warning("commit failed", metadata: [LoggingKeys.error: "\(error)"])
        }
    }

    /// Stops handing out work: every lane hands back its queue; waiting processing tasks end.
    private func beginStopping() {
        let (waiters, poller): ([CheckedContinuation<Work?, Never>], CheckedContinuation<Void, Never>?) =
            shared.withLock {
                shared in
                guard !shared.stopping else { return ([], nil) }
                shared.stopping = true
                for (partition, var lane) in shared.lanes {
                    let action = lane.close()
                    shared.lanes[partition] = action.closed ? nil : lane
                }
                shared.ready.removeAll()
                shared.readySet.removeAll()
                shared.queuedBytes = 0
                defer {
                    shared.waiters.removeAll()
                    shared.pollWaiter = nil
                }
                return (shared.waiters.map(\.continuation), shared.pollWaiter)
            }
        for waiter in waiters { waiter.resume(returning: nil) }
        poller?.resume()
    }

    /// Flushes, commits and closes, whatever ended the run.
    private func finish(after failure: (any Error)?) async {
        // Cancelled means the grace period is already spent: flush briefly, commit what was acknowledged, go.
        let flushTimeout =
            failure is CancellationError ? Duration.seconds(1) : .milliseconds(configuration.shutdown.gracePeriodMs)
        do {
            try await sink.flush(timeout: flushTimeout)
        } catch {
            logger.warning("producer flush incomplete", metadata: [LoggingKeys.error: "\(error)"])
        }
        await commit(force: true)
        await source.close()
        await sink.close(timeout: .seconds(1))
        if let failure {
            logger.error("worker stopped", metadata: [LoggingKeys.error: "\(failure)"])
        } else {
            logger.info("worker stopped")
        }
    }

    // MARK: - Helpers (called with the lock held)

    private static func markReady(_ partition: TopicPartition, in shared: inout Shared) {
        guard shared.withLane(partition, { $0.hasWork }) == true, !shared.readySet.contains(partition) else { return }
        shared.ready.append(partition)
        shared.readySet.insert(partition)
    }

    /// Pairs waiting processing tasks with ready lanes; the caller carries it out after unlocking.
    private static func dispatch(_ shared: inout Shared) -> Dispatched {
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

    private func resume(_ dispatched: Dispatched) {
        for (continuation, work) in dispatched.resumes { continuation.resume(returning: work) }
        dispatched.resumePolling?.resume()
    }
}

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
