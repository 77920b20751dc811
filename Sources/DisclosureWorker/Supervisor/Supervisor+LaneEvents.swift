import Synchronization

extension Supervisor {
    /// An input and its lane: the key of a child waiting for its turn.
    struct InputKey: Hashable, Sendable {
        var partition: TopicPartition
        var offset: Int64
    }

    /// Where an input waits for its turn in its lane.
    enum TurnWaiter: Sendable {
        /// A follow-up's child, suspended.
        case task(CheckedContinuation<Turn, Never>)
        /// An input whose acknowledgement called back: finished, or handed to the follow-up loop, when its turn comes.
        case callback(InFlight)
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
    func enqueued(_ work: Work, holding input: InFlight? = nil) {
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
    func failed(_ work: Work) {
        shared.withLock { shared in shared.withLane(work.partition) { $0.failed(offset: work.offset) } }
    }

    /// `work` is about to be queued again after a failed delivery: it takes its new start number.
    func retrying(_ work: Work) {
        shared.withLock { shared in shared.withLane(work.partition) { $0.retrying(offset: work.offset) } }
    }

    /// `work`'s latest outputs were acknowledged: finishes it if its turn came (usually at once: acknowledgements
    /// mostly arrive in order), else waits for the lane to decide when its predecessor finished.
    func turn(of work: Work) async -> Turn {
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
    func abandoned(_ work: Work) {
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
    static func apply(
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

    func carryOut(_ settled: Settled, of partition: TopicPartition) {
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
}
