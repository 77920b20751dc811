/// The decisions of one partition's lane: order, bounded in-flight work, back-pressure, revoke and shutdown.
///
/// A lane holds the inputs fetched from its partition and hands them out one at a time, in offset order, so the
/// partition's outputs are published in its order even when a transient fault makes an input retry (SPEC §3).
/// Other partitions' lanes proceed meanwhile: the worker's parallelism is across partitions.
///
/// Back-pressure: when ``maxInFlight`` inputs are fetched but not finished, the lane asks to pause fetching its
/// partition, and asks to resume once half of them finished, so a slow partition never fills memory while the
/// consumer keeps polling the others.
///
/// Revoke and shutdown: the input being processed finishes (its outputs are already on their way); the queued ones
/// are handed back, uncommitted, for the next owner to read again. The lane then reports its final commit position.
///
/// The machine is a plain value: each event method returns the action to take; the caller acts after releasing
/// whatever lock guards it.
public struct PartitionLaneStateMachine<Message>: Sendable where Message: Sendable {
    /// Where the lane is in its life.
    public enum State: Sendable, Equatable {
        /// Assigned: accepting and handing out inputs.
        case active
        /// Revoked or shutting down: finishing the input in progress, accepting nothing.
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
        /// Process this input; call ``finished(offset:)`` when all its outputs are acknowledged.
        case process(offset: Int64, message: Message)
        /// Nothing to hand out now (empty, or an input is already in progress).
        case wait
    }

    /// What to do after an input finished.
    public struct FinishAction: Sendable, Equatable {
        /// Store this commit position for the partition (one past the highest contiguous finished offset).
        public var storeOffset: Int64?
        /// Resume fetching the partition (it was paused and has drained to half).
        public var resumeFetching: Bool
        /// The lane closed with this input: commit, then forget the lane.
        public var closed: Bool

        /// Creates an action.
        public init(storeOffset: Int64?, resumeFetching: Bool, closed: Bool) {
            self.storeOffset = storeOffset
            self.resumeFetching = resumeFetching
            self.closed = closed
        }
    }

    /// What to do after a revoke or shutdown request.
    public struct CloseAction: Sendable, Equatable {
        /// How many queued inputs were handed back (not started, not committed).
        public var handedBack: Int
        /// The lane closed at once (nothing was in progress): commit, then forget the lane.
        public var closed: Bool

        /// Creates an action.
        public init(handedBack: Int, closed: Bool) {
            self.handedBack = handedBack
            self.closed = closed
        }
    }

    /// The lane's state.
    public private(set) var state: State = .active
    /// Fetched inputs, in offset order; entries before ``queueStart`` were handed out and no longer hold their
    /// message (a lane of a few inputs used to keep every input it had handed out, whole, until 64 more arrived:
    /// with 200 KB documents, most of the stream stayed in memory).
    private var queue: [(offset: Int64, message: Message?, size: Int)] = []
    /// Index of the first queue entry not handed out.
    private var queueStart = 0
    /// The sizes (as given to ``received(offset:message:size:)``) of the inputs queued and not handed out.
    public private(set) var queuedSize = 0
    /// The offset being processed, if any.
    public private(set) var inProgress: Int64?
    /// Whether the lane asked to pause its partition.
    public private(set) var isPaused = false
    /// The contiguous commit watermark.
    public private(set) var offsets: OffsetTracker
    /// The highest offset received from the consumer (queued or handed out).
    public private(set) var lastReceived: Int64?
    /// Inputs in flight (fetched, not finished) at which the lane pauses its partition.
    public let maxInFlight: Int

    /// Creates a lane.
    ///
    /// - Parameters:
    ///   - maxInFlight: inputs fetched but not finished before fetching pauses (≥ 1).
    ///   - position: the partition's committed position, if known.
    public init(maxInFlight: Int, position: Int64? = nil) {
        precondition(maxInFlight >= 1, "\(#function): maxInFlight must be at least 1, got \(maxInFlight)")
        self.maxInFlight = maxInFlight
        self.offsets = OffsetTracker(position: position)
    }

    /// Inputs fetched and not finished: queued plus in progress.
    public var inFlight: Int { queue.count - queueStart + (inProgress == nil ? 0 : 1) }

    /// Whether an input is queued and none in progress (a processing task can take one).
    public var hasWork: Bool { state == .active && inProgress == nil && queueStart < queue.count }

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
        if let last = queue.last, queueStart < queue.count, offset <= last.offset { return .drop }
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
        guard hasWork, let message = queue[queueStart].message.take() else { return .wait }
        let offset = queue[queueStart].offset
        queuedSize -= queue[queueStart].size
        queueStart += 1
        if queueStart == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueStart = 0
        } else if queueStart > 64, queueStart * 2 > queue.count {
            queue.removeFirst(queueStart)
            queueStart = 0
        }
        inProgress = offset
        offsets.started(offset)
        return .process(offset: offset, message: message)
    }

    /// Every output of the input at `offset` was acknowledged (or its DLQ copy was).
    public mutating func finished(offset: Int64) -> FinishAction {
        precondition(
            inProgress == offset,
            "\(#function): \(offset) finished, \(String(describing: inProgress)) in progress"
        )
        inProgress = nil
        let store = offsets.finished(offset)
        var resume = false
        if isPaused, state == .active, inFlight <= maxInFlight / 2 {
            isPaused = false
            resume = true
        }
        var closed = false
        if state == .closing {
            state = .closed
            closed = true
        }
        return FinishAction(storeOffset: store, resumeFetching: resume, closed: closed)
    }

    /// The partition was revoked, or the worker is shutting down: hand back the queue, finish what is in progress.
    public mutating func close() -> CloseAction {
        guard state == .active else { return CloseAction(handedBack: 0, closed: false) }
        let handedBack = queue.count - queueStart
        queue.removeAll()
        queueStart = 0
        queuedSize = 0
        isPaused = false
        if inProgress == nil {
            state = .closed
            return CloseAction(handedBack: handedBack, closed: true)
        }
        state = .closing
        return CloseAction(handedBack: handedBack, closed: false)
    }
}
