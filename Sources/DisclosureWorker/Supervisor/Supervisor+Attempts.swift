import Logging

extension Supervisor {
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
    func startAttempt(_ message: InboundMessage) -> (Attempt, Int) {
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

    /// Queues an input's outputs again (planned again: the same bytes), or its DLQ copy, for a retry or a republish
    /// (its start number was taken by ``retrying(_:)`` or by the lane's republish decision).
    func queueAgain(_ work: Work, deadLetter: DeadLetter?) -> Attempt {
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
    func report(_ attempt: Attempt, of message: InboundMessage, started: ContinuousClock.Instant) {
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
}
