import Synchronization

extension Supervisor {
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

    /// Has `input`'s acknowledgement called back, or hands the input to the follow-up loop when its sink cannot call
    /// back (or its attempt failed before anything was queued).
    func awaitPublication(_ input: InFlight) {
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

    /// Counts and logs a finished input; it is no longer in flight.
    func reportFinished(_ input: InFlight) {
        report(input.attempt, of: input.work.message, started: input.started)
        metrics.inFlightChanged(by: -1)
        health.updateUntimed { state in state.inputFinished(input.token) }
        release(input)
    }

    /// `input` will not finish (its follow-up failed, or came after the follow-up loop ended): the inputs behind it
    /// take their turns (none finishes past it in the commit position), and its processing task no longer counts it.
    func abandon(_ input: InFlight) {
        abandoned(input.work)
        metrics.inFlightChanged(by: -1)
        health.updateUntimed { state in state.inputFinished(input.token) }
        release(input)
    }
}
