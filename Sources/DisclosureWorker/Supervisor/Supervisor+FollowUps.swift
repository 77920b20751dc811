import Logging
import Synchronization

extension Supervisor {
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

    /// Hands `input` to the follow-up loop.
    func followUp(_ input: InFlight, _ step: FollowUp.Step) {
        let settled: Settled = shared.withLock { shared in
            var settled = Settled()
            Self.followUp(input, step, in: &shared, settled: &settled)
            return settled
        }
        carryOut(settled, of: input.work.partition)
    }

    /// Hands `input` to the follow-up loop (waking it), or, once the loop ended, has it abandoned.
    static func followUp(
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

    /// Runs each follow-up (``FollowUp``) in a child of its own, until cancelled (the run ends) or a child fails.
    ///
    /// A child that fails (``WorkerStopped``: a dead letter could not be written) ends the loop, and its error ends
    /// the run, as a failing child of a processing task did before.
    ///
    /// - Throws: the first child's error.
    func followUpLoop() async throws {
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
            await waitUntil(parkedIn: \.followUpWaiter) { !$0.followUps.isEmpty || $0.followUpFailed }
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
}
