/// Which offset of one partition may be committed: the contiguous watermark of finished inputs.
///
/// An input is *started* when the worker takes it from the consumer and *finished* when every one of its outputs
/// (record and anomaly events, or its DLQ copy) was acknowledged by the broker. Inputs may finish out of order;
/// the commit position only moves past an offset once it and every offset started before it have finished, so a
/// crash at any moment re-delivers every unfinished input and skips none (SPEC §3; confluent-kafka-python
/// issue #300 shows what goes wrong otherwise).
///
/// The position follows Kafka's convention: the offset of the *next* input to read, one past the last finished.
/// Offsets need not be consecutive numbers (compaction and transactions leave gaps); only the order in which they
/// were started counts.
///
/// ```
/// started 10 11 12 13     finished 11 12   → position nil  (10 is still open)
/// finished 10                              → position 13   (10, 11, 12 done; 13 open)
/// finished 13                              → position 14
/// ```
public struct OffsetTracker: Sendable, Equatable {
    /// Started offsets the watermark has not passed, in start order.
    private var open = HeadIndexedQueue<Int64>()
    /// Finished offsets that the watermark has not reached yet (they wait for an older one).
    private var finishedAhead: Set<Int64> = []
    /// The highest offset started so far.
    public private(set) var highestStarted: Int64?
    /// The commit position last returned by ``finished(_:)`` (or given at creation).
    public private(set) var position: Int64?

    /// Creates a tracker.
    ///
    /// - Parameter position: the partition's committed position when it was assigned, if known.
    public init(position: Int64? = nil) {
        self.position = position
    }

    /// The number of started inputs that have not finished.
    public var inFlight: Int { open.count - finishedAhead.count }

    /// Whether every started input has finished.
    public var isIdle: Bool { inFlight == 0 }

    /// Records that the worker took `offset` from the consumer.
    ///
    /// - Important: offsets of one partition are started in increasing order, each once.
    public mutating func started(_ offset: Int64) {
        precondition(
            highestStarted.map { offset > $0 } ?? true,
            "\(#function): offset \(offset) started after \(highestStarted.map(String.init) ?? "none")"
        )
        highestStarted = offset
        open.append(offset)
    }

    /// Records that every output of `offset` was acknowledged.
    ///
    /// - Returns: the new commit position (one past the highest contiguous finished offset) when it moved,
    ///   `nil` when it did not.
    public mutating func finished(_ offset: Int64) -> Int64? {
        guard let oldest = open.first, offset >= oldest else {
            preconditionFailure("\(#function): offset \(offset) was not started or finished twice")
        }
        guard offset == oldest else {
            let (inserted, _) = finishedAhead.insert(offset)
            precondition(inserted, "\(#function): offset \(offset) finished twice")
            return nil
        }
        var passed = open.removeFirst()
        while let following = open.first, finishedAhead.remove(following) != nil {
            passed = open.removeFirst()
        }
        let next = open.first ?? passed + 1
        guard position.map({ next > $0 }) ?? true else { return nil }
        position = next
        return next
    }

    /// Forgets every started offset that has not finished (the partition was revoked or handed back).
    ///
    /// The commit position stays where the finished inputs put it; the next started offset may be any offset at
    /// or after it (the consumer re-delivers from there).
    public mutating func abandonUnfinished() {
        highestStarted = nil
        open.removeAll()
        finishedAhead.removeAll()
    }
}
