import Logging
import Synchronization

extension Supervisor {
    func pollLoop() async throws {
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
        await waitUntil(parkedIn: \.pollWaiter) { $0.stopping || $0.queuedBytes <= $0.queuedBytesLimit / 2 }
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
}
