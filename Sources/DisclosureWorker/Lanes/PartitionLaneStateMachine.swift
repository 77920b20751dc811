/// The decisions of one partition's lane: order, run-ahead, bounded in-flight work, back-pressure, revoke and
/// shutdown.
///
/// A lane holds the inputs fetched from its partition and hands them out one at a time, in offset order. An input is
/// *processing* from the moment it is handed out until its outputs (or its DLQ copy) were queued with the producer
/// (``enqueued(offset:)``); then it is *awaiting* its acknowledgement, and the lane may hand out the next input at
/// once, up to ``maxAwaiting`` inputs awaiting. Only one input processes at a time, so a partition's outputs are queued
/// in offset order, and the producer delivers what it was given in that order (SPEC §3: "outputs of one input
/// partition keep that partition's order"). With ``maxAwaiting`` 1 the lane hands out its next input only once the
/// previous one finished, as it did before run-ahead.
///
/// Order under failure. A delivery that fails (after the producer's own retries) is retried by the input, and its
/// outputs then land after those of the inputs queued behind it. So inputs *finish* strictly in offset order, and an
/// input may finish only if its final outputs were queued after its predecessor's final outputs; otherwise it queues
/// them again (``Turn/republish``: the same bytes, outputs are deterministic) and awaits that copy. Every queueing
/// is bracketed by two numbers from one counter: one taken before it starts (at the handout, or when a retry or a
/// republish is decided) and one after it returned (``enqueued(offset:)``); "start after the predecessor's end"
/// proves the order whichever task queued what. After a failure a reader of an output topic may see `N+1, N, N+1`:
/// every copy byte-identical and the last copies in offset order, as after a consumer restart. While any of its
/// inputs failed a delivery the lane is *repairing*: it hands out nothing new until every input awaiting in it has
/// finished, so that new inputs do not race the republishes behind the failed one.
///
/// Back-pressure: when ``maxInFlight`` inputs are fetched but not finished, the lane asks to pause fetching its
/// partition, and asks to resume once half of them finished, so a slow partition never fills memory while the
/// consumer keeps polling the others.
///
/// Revoke and shutdown: the inputs processing and awaiting finish (republishes included: their outputs are already
/// on their way); the queued ones are handed back, uncommitted, for the next owner to read again. The lane then
/// reports its final commit position.
///
/// The machine is a plain value: each event method returns the action to take; the caller acts after releasing
/// whatever lock guards it.
public struct PartitionLaneStateMachine<Message>: Sendable where Message: Sendable {
    /// Where the lane is in its life.
    public enum State: Sendable, Equatable {
        /// Assigned: accepting and handing out inputs.
        case active
        /// Revoked or shutting down: finishing the inputs processing and awaiting, accepting nothing.
        case closing
        /// Nothing left to do; the final commit position was reported.
        case closed
    }

    /// What to do after an input arrived.
    public enum ReceiveAction: Sendable, Equatable {
        /// Queued; nothing else to do.
        case accepted
        /// Pause fetching this partition: ``maxInFlight`` inputs are in flight.
        case pauseFetching
        /// The lane is closing or closed: drop the input (it was never started, so it is not committed).
        case drop
    }

    /// What a processing task should do next with this lane.
    public enum NextAction: Sendable {
        /// Process this input; call ``enqueued(offset:)`` once its outputs are queued, then ``acknowledged(offset:)``
        /// or ``failed(offset:)`` when the broker answered.
        case process(offset: Int64, message: Message)
        /// Nothing to hand out now (empty, processing, at ``maxAwaiting``, repairing, or closing).
        case wait
    }

    /// What an input whose outputs were acknowledged does next.
    public enum Turn: Sendable, Equatable {
        /// It finished: its outputs are final and in order.
        case finished
        /// Its outputs were queued before its predecessor's final ones: queue them again (the lane took the new
        /// copy's start number), call ``enqueued(offset:)``, and await their acknowledgement.
        case republish
        /// An earlier input of the lane has not finished: its turn comes in a later ``Settlement``.
        case waiting
    }

    /// What an acknowledgement (or an abandoned input) settled: inputs finished in offset order, at most one told to
    /// republish, and what the finished ones changed.
    public struct Settlement: Sendable, Equatable {
        /// The turn of the input the event was about.
        public var turn: Turn
        /// Other inputs that finished with it, in offset order (they were acknowledged and waiting for their turn).
        public var othersFinished: [Int64] = []
        /// Another input (acknowledged and waiting) that must republish.
        public var otherRepublishing: Int64?
        /// Inputs finished by this event, the one it was about included.
        public var finishedCount = 0
        /// Store this commit position for the partition (one past the highest contiguous finished offset).
        public var storeOffset: Int64?
        /// Resume fetching the partition (it was paused and has drained to half).
        public var resumeFetching = false
        /// The lane closed with this event: commit, then forget the lane.
        public var closed = false

        /// Creates a settlement.
        public init(
            turn: Turn,
            othersFinished: [Int64] = [],
            otherRepublishing: Int64? = nil,
            finishedCount: Int = 0,
            storeOffset: Int64? = nil,
            resumeFetching: Bool = false,
            closed: Bool = false
        ) {
            self.turn = turn
            self.othersFinished = othersFinished
            self.otherRepublishing = otherRepublishing
            self.finishedCount = finishedCount
            self.storeOffset = storeOffset
            self.resumeFetching = resumeFetching
            self.closed = closed
        }
    }

    /// What to do after a revoke or shutdown request.
    public struct CloseAction: Sendable, Equatable {
        /// How many queued inputs were handed back (not started, not committed).
        public var handedBack: Int
        /// The lane closed at once (nothing was processing or awaiting): commit, then forget the lane.
        public var closed: Bool

        /// Creates an action.
        public init(handedBack: Int, closed: Bool) {
            self.handedBack = handedBack
            self.closed = closed
        }
    }

    /// An input whose outputs were queued (or are being queued again) and that has not finished.
    private struct Awaiting: Sendable {
        var offset: Int64
        /// The number taken before its latest queueing started.
        var start: UInt64
        /// The number taken after its latest queueing returned; nil while it is queued again.
        var end: UInt64?
        /// Whether its latest queueing was acknowledged (it waits for its turn).
        var acknowledged = false
    }

    /// The lane's state.
    public private(set) var state: State = .active
    /// Fetched inputs not handed out, in offset order. The queue lets go of an input's message when it is handed
    /// out (a lane of a few inputs used to keep every input it had handed out, whole, until 64 more arrived: with
    /// 200 KB documents, most of the stream stayed in memory).
    private var queue = HeadIndexedQueue<(offset: Int64, message: Message, size: Int)>()
    /// The sizes (as given to ``received(offset:message:size:)``) of the inputs queued and not handed out.
    public private(set) var queuedSize = 0
    /// The input handed out and not yet queued with the producer, and the number taken at its handout.
    private var processingInput: (offset: Int64, start: UInt64)?
    /// Inputs queued with the producer and not finished, in offset order.
    private var awaiting = HeadIndexedQueue<Awaiting>()
    /// The counter of queueing numbers.
    private var counter: UInt64 = 0
    /// The number taken after the final queueing of the input that finished last.
    private var predecessorEnd: UInt64 = 0
    /// Whether the lane is repairing: a delivery failed, and nothing new is handed out until nothing awaits.
    public private(set) var isRepairing = false
    /// Whether the lane asked to pause its partition.
    public private(set) var isPaused = false
    /// The contiguous commit watermark.
    public private(set) var offsets: OffsetTracker
    /// The highest offset received from the consumer (queued or handed out).
    public private(set) var lastReceived: Int64?
    /// Inputs in flight (fetched, not finished) at which the lane pauses its partition.
    public let maxInFlight: Int
    /// Inputs awaiting acknowledgement at which the lane hands out no more (`concurrency.maxUnacknowledgedPerPartition`).
    public let maxAwaiting: Int

    /// Creates a lane.
    ///
    /// - Parameters:
    ///   - maxInFlight: inputs fetched but not finished before fetching pauses (≥ 1).
    ///   - maxAwaiting: inputs queued with the producer and not finished before the lane stops handing out (≥ 1;
    ///     1 hands out the next input only once the previous one finished).
    ///   - position: the partition's committed position, if known.
    public init(maxInFlight: Int, maxAwaiting: Int = 1, position: Int64? = nil) {
        precondition(maxInFlight >= 1, "\(#function): maxInFlight must be at least 1, got \(maxInFlight)")
        precondition(maxAwaiting >= 1, "\(#function): maxAwaiting must be at least 1, got \(maxAwaiting)")
        self.maxInFlight = maxInFlight
        self.maxAwaiting = maxAwaiting
        self.offsets = OffsetTracker(position: position)
    }

    /// The input processing (handed out, its outputs not yet queued), if any.
    public var processing: Int64? { processingInput?.offset }

    /// Inputs queued with the producer and not finished.
    public var awaitingCount: Int { awaiting.count }

    /// The offsets awaiting, in offset order.
    public var awaitingOffsets: [Int64] { awaiting.map(\.offset) }

    /// Inputs fetched and not finished: queued, processing and awaiting.
    public var inFlight: Int { queue.count + (processingInput == nil ? 0 : 1) + awaitingCount }

    /// Whether a processing task can take an input: active, not repairing, nothing processing, fewer than
    /// ``maxAwaiting`` awaiting, and an input queued.
    public var hasWork: Bool {
        state == .active && !isRepairing && processingInput == nil && awaitingCount < maxAwaiting
            && !queue.isEmpty
    }

    /// An input arrived from the consumer.
    ///
    /// - Parameter size: what the input weighs in ``queuedSize`` (its bytes) until it is handed out.
    public mutating func received(offset: Int64, message: Message, size: Int = 0) -> ReceiveAction {
        guard state == .active else { return .drop }
        if let last = offsets.highestStarted, offset <= last {
            // A re-delivery of something already taken (a seek back after an error): the lane keeps order by
            // ignoring what it already has.
            return .drop
        }
        if let last = queue.last, offset <= last.offset { return .drop }
        queue.append((offset, message, size))
        queuedSize += size
        lastReceived = offset
        if !isPaused, inFlight >= maxInFlight {
            isPaused = true
            return .pauseFetching
        }
        return .accepted
    }

    /// A processing task asks for the lane's next input.
    public mutating func next() -> NextAction {
        guard hasWork, let (offset, message, size) = queue.popFirst() else { return .wait }
        queuedSize -= size
        processingInput = (offset, take())
        offsets.started(offset)
        return .process(offset: offset, message: message)
    }

    /// The outputs (or the DLQ copy) of the input at `offset` were handed to the producer, or its attempt failed
    /// before anything was queued: the processing input becomes awaiting (and the lane may hand out its next one),
    /// or a retry or republish of an awaiting input has its end number.
    public mutating func enqueued(offset: Int64) {
        if let input = processingInput, input.offset == offset {
            processingInput = nil
            awaiting.append(Awaiting(offset: offset, start: input.start, end: take()))
            return
        }
        let index = awaitingIndex(offset)
        awaiting[index].end = take()
    }

    /// The input at `offset` is about to queue its outputs again after a failed delivery (its retry, or its DLQ
    /// copy): it takes the new copy's start number.
    public mutating func retrying(offset: Int64) {
        let index = awaitingIndex(offset)
        awaiting[index].start = take()
        awaiting[index].end = nil
        awaiting[index].acknowledged = false
    }

    /// A delivery of the input at `offset` failed: the lane repairs (hands out nothing new) until nothing awaits.
    public mutating func failed(offset: Int64) {
        let index = awaitingIndex(offset)
        awaiting[index].acknowledged = false
        isRepairing = true
    }

    /// Every output of the input at `offset` (or its DLQ copy) was acknowledged, for its latest queueing: it
    /// finishes if its turn came and its outputs are in order, and so may the acknowledged inputs behind it.
    public mutating func acknowledged(offset: Int64) -> Settlement {
        let index = awaitingIndex(offset)
        precondition(awaiting[index].end != nil, "\(#function): \(offset) acknowledged before it was queued")
        awaiting[index].acknowledged = true
        return settle(about: offset)
    }

    /// The input at `offset` will not finish (its task failed and the worker stops): the lane forgets it without
    /// moving the commit position past it, and the inputs behind it take their turns.
    public mutating func abandoned(offset: Int64) -> Settlement {
        awaiting.remove(at: awaitingIndex(offset))
        return settle(about: nil)
    }

    /// The partition was revoked, or the worker is shutting down: hand back the queue, finish what is processing
    /// and awaiting.
    public mutating func close() -> CloseAction {
        guard state == .active else { return CloseAction(handedBack: 0, closed: false) }
        let handedBack = queue.count
        queue.removeAll()
        queuedSize = 0
        isPaused = false
        if processingInput == nil, awaitingCount == 0 {
            state = .closed
            return CloseAction(handedBack: handedBack, closed: true)
        }
        state = .closing
        return CloseAction(handedBack: handedBack, closed: false)
    }

    /// Finishes the acknowledged inputs at the head of ``awaiting`` whose outputs are in order, and tells the first
    /// that is not to republish.
    private mutating func settle(about offset: Int64?) -> Settlement {
        var settlement = Settlement(turn: .waiting)
        while let head = awaiting.first, head.acknowledged {
            guard head.start > predecessorEnd, let end = head.end else {
                // Queued before its predecessor's final outputs: queue again, behind them.
                awaiting[0].start = take()
                awaiting[0].end = nil
                awaiting[0].acknowledged = false
                if head.offset == offset {
                    settlement.turn = .republish
                } else {
                    settlement.otherRepublishing = head.offset
                }
                break
            }
            predecessorEnd = end
            awaiting.removeFirst()
            settlement.finishedCount += 1
            if head.offset == offset {
                settlement.turn = .finished
            } else {
                settlement.othersFinished.append(head.offset)
            }
            if let store = offsets.finished(head.offset) { settlement.storeOffset = store }
        }
        if isRepairing, processingInput == nil, awaitingCount == 0 { isRepairing = false }
        if isPaused, state == .active, inFlight <= maxInFlight / 2 {
            isPaused = false
            settlement.resumeFetching = true
        }
        if state == .closing, processingInput == nil, awaitingCount == 0 {
            state = .closed
            settlement.closed = true
        }
        return settlement
    }

    /// The position in ``awaiting`` of the unfinished input at `offset`.
    private func awaitingIndex(_ offset: Int64) -> Int {
        // Almost always the head or near it: a linear scan from the head.
        guard let index = awaiting.firstIndex(where: { $0.offset == offset }) else {
            preconditionFailure("\(#function): \(offset) is not awaiting")
        }
        return index
    }

    /// The next queueing number.
    private mutating func take() -> UInt64 {
        counter += 1
        return counter
    }
}
