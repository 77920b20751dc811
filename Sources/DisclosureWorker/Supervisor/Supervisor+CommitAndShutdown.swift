import Logging
import Synchronization

extension Supervisor {
    func committerLoop() async throws {
        while true {
            try await clock.sleep(for: .seconds(1))
            await commit()
        }
    }

    /// Measures the lag every 5 s, in a task of its own: asking the broker for the partitions' ends takes a round
    /// trip per leader (behind the fetch long-poll on the same connection: up to `fetch.wait.max.ms`), and neither
    /// the commits nor a shutdown may wait for that.
    func lagLoop() async throws {
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
    func commit(force: Bool = false) async {
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
    func beginStopping() {
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
    func finish(after failure: (any Error)?) async {
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
}
