public import Logging
public import ServiceLifecycle
import Synchronization

// The supervisor is one class in several files, one concern each (`extension Supervisor`):
// - Supervisor.swift: the type, what the tasks share (``Shared``), ``run()``, which starts every loop, and how a loop
//   parks until the shared state lets it go on (``waitUntil(parkedIn:_:)``);
// - Supervisor+PollLoop.swift: the poll loop: inputs into their lanes, assignments, revokes, the queued-bytes bound;
// - Supervisor+Dispatch.swift: handing out work (a processing task's next input, waiting tasks paired with ready
//   lanes: the helpers called with the lock held);
// - Supervisor+Processing.swift: the processing tasks and their bound on inputs awaiting acknowledgement;
// - Supervisor+Attempts.swift: an attempt: running the core on an input, queueing its outputs or its DLQ copy,
//   reporting it once finished (``Attempt``, ``Published``, ``DeadLetter``);
// - Supervisor+Acknowledgements.swift: an input in flight (``InFlight``) and its acknowledgement's callback;
// - Supervisor+FollowUps.swift: the follow-up loop: failed deliveries (retries, the DLQ), republishes, sinks that
//   publish only when awaited (``FollowUp``);
// - Supervisor+LaneEvents.swift: what the lanes settle (turns, positions, closed lanes) and carrying it out;
// - Supervisor+Progress.swift: the finished-inputs count tests and tools await;
// - Supervisor+CommitAndShutdown.swift: the committer, the lag loop, stopping and the final flush and commit;
// - WorkerStopped.swift: the error that ends a run that could lose an input.
// Members used from another of these files are internal (the stored properties among them), the rest private.

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

    let source: any InputSource
    let sink: any OutputSink
    let planner: OutputPlanner
    let routing: FailureRouting
    let configuration: WorkerConfiguration
    let metrics: WorkerMetrics
    let health: WorkerHealth
    let logger: Logger
    let clock: any Clock<Duration>
    let random: @Sendable () -> Double
    let shared: Mutex<Shared>
    /// Inputs of one partition awaiting acknowledgement before its lane hands out no more: the configured
    /// `concurrency.maxUnacknowledgedPerPartition`, or 1 for a sink that does not keep the order of its queue.
    let awaitingPerPartition: Int

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

    /// Returns once `isReady` holds, tested under the lock, or the task is cancelled; until then the task is parked
    /// in `waiter`, which whoever makes it ready (or stops the worker) takes and resumes, having changed the state
    /// under the same lock: the poll loop waiting for the queued bytes to fall, the follow-up loop for follow-ups.
    ///
    /// `waiter` is the one task's own (no other task parks in it), so a cancelled task takes what is in it, itself,
    /// and returns: the run cancels these loops when it ends, and the wake-up they wait for may never come then.
    func waitUntil(
        parkedIn waiter: any WritableKeyPath<Shared, CheckedContinuation<Void, Never>?> & Sendable,
        _ isReady: (Shared) -> Bool
    ) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = shared.withLock { shared in
                    if Task.isCancelled || isReady(shared) { return true }
                    shared[keyPath: waiter] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let parked = shared.withLock { shared in
                defer { shared[keyPath: waiter] = nil }
                return shared[keyPath: waiter]
            }
            parked?.resume()
        }
    }
}
