import DisclosureWorker
import Testing

@Suite struct PartitionLaneStateMachineTests {
    typealias Lane = PartitionLaneStateMachine<String>

    @Test func handsOutOneInputAtATimeInOffsetOrder() throws {
        var lane = Lane(maxInFlight: 10)
        #expect(lane.received(offset: 0, message: "a") == .accepted)
        #expect(lane.received(offset: 1, message: "b") == .accepted)
        guard case .process(let first, let message) = lane.next() else {
            Issue.record("expected work")
            return
        }
        #expect(first == 0)
        #expect(message == "a")
        // Offset 1 waits until 0 finished: the partition's outputs keep its order.
        guard case .wait = lane.next() else {
            Issue.record("expected to wait while 0 is in progress")
            return
        }
        lane.enqueued(offset: 0)
        // Queued, not acknowledged: with one awaiting allowed (the old behaviour), 1 still waits.
        guard case .wait = lane.next() else {
            Issue.record("expected to wait while 0 awaits its acknowledgement")
            return
        }
        #expect(lane.acknowledged(offset: 0) == .init(turn: .finished, finishedCount: 1, storeOffset: 1))
        guard case .process(let second, _) = lane.next() else {
            Issue.record("expected work")
            return
        }
        #expect(second == 1)
        #expect(lane.finish(1).storeOffset == 2)
        guard case .wait = lane.next() else {
            Issue.record("expected an empty lane")
            return
        }
    }

    /// A lane of a few inputs kept every input it had handed out until 64 more arrived: with 200 KB documents most
    /// of the stream stayed in memory.
    @Test func anInputHandedOutIsNoLongerHeldByTheLane() {
        final class Input: Sendable {}
        var lane = PartitionLaneStateMachine<Input>(maxInFlight: 10)
        weak var first: Input?
        weak var second: Input?
        do {
            let input = Input()
            first = input
            #expect(lane.received(offset: 0, message: input, size: 100) == .accepted)
            let next = Input()
            second = next
            #expect(lane.received(offset: 1, message: next, size: 30) == .accepted)
        }
        #expect(lane.queuedSize == 130)
        if case .process(let offset, _) = lane.next() {
            #expect(offset == 0)
        } else {
            Issue.record("expected work")
        }
        #expect(first == nil)
        #expect(second != nil)
        #expect(lane.queuedSize == 30)
        #expect(lane.finish(0).storeOffset == 1)
        if case .process(let offset, _) = lane.next() {
            #expect(offset == 1)
        } else {
            Issue.record("expected work")
        }
        #expect(second == nil)
        #expect(lane.queuedSize == 0)
    }

    @Test func closingHandsBackTheQueuedSize() {
        var lane = Lane(maxInFlight: 10)
        _ = lane.received(offset: 0, message: "a", size: 10)
        _ = lane.received(offset: 1, message: "b", size: 20)
        _ = lane.next()
        #expect(lane.queuedSize == 20)
        #expect(lane.close() == .init(handedBack: 1, closed: false))
        #expect(lane.queuedSize == 0)
    }

    @Test func pausesAtTheLimitAndResumesAtHalf() {
        var lane = Lane(maxInFlight: 4)
        #expect(lane.received(offset: 0, message: "") == .accepted)
        #expect(lane.received(offset: 1, message: "") == .accepted)
        #expect(lane.received(offset: 2, message: "") == .accepted)
        #expect(lane.received(offset: 3, message: "") == .pauseFetching)
        #expect(lane.isPaused)
        // Already-fetched messages still arrive after a pause; they queue without a second pause.
        #expect(lane.received(offset: 4, message: "") == .accepted)
        _ = lane.next()
        #expect(lane.finish(0).resumeFetching == false)  // 4 in flight
        _ = lane.next()
        #expect(lane.finish(1).resumeFetching == false)  // 3 in flight
        _ = lane.next()
        #expect(lane.finish(2).resumeFetching == true)  // 2 in flight: half
        #expect(!lane.isPaused)
    }

    @Test func revokeHandsBackTheQueueAndFinishesTheInputInProgress() {
        var lane = Lane(maxInFlight: 10)
        for offset: Int64 in 0..<5 { _ = lane.received(offset: offset, message: "") }
        _ = lane.next()
        #expect(lane.close() == .init(handedBack: 4, closed: false))
        #expect(lane.state == .closing)
        #expect(lane.received(offset: 5, message: "") == .drop)
        guard case .wait = lane.next() else {
            Issue.record("a closing lane hands out nothing")
            return
        }
        #expect(lane.finish(0) == .init(turn: .finished, finishedCount: 1, storeOffset: 1, closed: true))
        #expect(lane.state == .closed)
    }

    @Test func anIdleLaneClosesAtOnce() {
        var lane = Lane(maxInFlight: 10)
        _ = lane.received(offset: 7, message: "")
        #expect(lane.close() == .init(handedBack: 1, closed: true))
        #expect(lane.close() == .init(handedBack: 0, closed: false))
    }

    @Test func redeliveredOffsetsAreIgnored() {
        var lane = Lane(maxInFlight: 10)
        _ = lane.received(offset: 3, message: "x")
        #expect(lane.received(offset: 3, message: "x") == .drop)
        _ = lane.next()
        #expect(lane.received(offset: 2, message: "old") == .drop)
        #expect(lane.inFlight == 1)
    }

    @Test func hasWorkOnlyWhenIdleWithAQueue() {
        var lane = Lane(maxInFlight: 10)
        #expect(!lane.hasWork)
        _ = lane.received(offset: 0, message: "")
        #expect(lane.hasWork)
        _ = lane.next()
        #expect(!lane.hasWork)
        lane.enqueued(offset: 0)
        #expect(!lane.hasWork)
    }

    @Test func remembersTheLastReceivedOffsetForTheLagGauge() {
        var lane = Lane(maxInFlight: 10)
        #expect(lane.lastReceived == nil)
        _ = lane.received(offset: 4, message: "")
        _ = lane.received(offset: 9, message: "")
        _ = lane.next()
        #expect(lane.lastReceived == 9)
    }

    // MARK: - Run-ahead

    @Test func runsAheadOfTheAcknowledgementsUpToTheLimit() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 3)
        for offset: Int64 in 0..<5 { _ = lane.received(offset: offset, message: "\(offset)") }
        #expect(lane.takeOffset() == 0)
        // One input processes at a time: queueing order is offset order.
        #expect(lane.takeOffset() == nil)
        lane.enqueued(offset: 0)
        #expect(lane.takeOffset() == 1)
        lane.enqueued(offset: 1)
        #expect(lane.takeOffset() == 2)
        lane.enqueued(offset: 2)
        #expect(lane.awaitingOffsets == [0, 1, 2])
        #expect(lane.inFlight == 5)
        // Three awaiting: the limit.
        #expect(!lane.hasWork)
        #expect(lane.takeOffset() == nil)
        #expect(lane.acknowledged(offset: 0) == .init(turn: .finished, finishedCount: 1, storeOffset: 1))
        #expect(lane.takeOffset() == 3)
    }

    @Test func inputsFinishInOffsetOrderWhateverTheOrderOfTheirAcknowledgements() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 8)
        lane.queueAndEnqueue(0..<3)
        #expect(lane.acknowledged(offset: 2) == .init(turn: .waiting))
        #expect(lane.acknowledged(offset: 1) == .init(turn: .waiting))
        #expect(lane.offsets.position == nil)
        #expect(
            lane.acknowledged(offset: 0)
                == .init(turn: .finished, othersFinished: [1, 2], finishedCount: 3, storeOffset: 3)
        )
        #expect(lane.awaitingCount == 0)
    }

    /// Input 0's delivery fails while 1 and 2 are queued behind it and acknowledged: 0's retry lands after them, so
    /// each of them publishes again once its predecessor finished, and the lane hands out nothing until they did.
    @Test func aFailedDeliveryRepairsTheLaneAndTheInputsBehindItRepublishInOrder() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 8)
        lane.queueAndEnqueue(0..<3)
        _ = lane.received(offset: 3, message: "3")
        #expect(lane.hasWork)
        lane.failed(offset: 0)
        #expect(lane.isRepairing)
        #expect(!lane.hasWork)
        #expect(lane.acknowledged(offset: 1) == .init(turn: .waiting))
        #expect(lane.acknowledged(offset: 2) == .init(turn: .waiting))
        lane.retrying(offset: 0)
        lane.enqueued(offset: 0)
        // 0 finishes; 1 was queued before 0's retry: it must publish again.
        #expect(
            lane.acknowledged(offset: 0)
                == .init(turn: .finished, otherRepublishing: 1, finishedCount: 1, storeOffset: 1)
        )
        #expect(!lane.hasWork)
        lane.enqueued(offset: 1)
        #expect(
            lane.acknowledged(offset: 1)
                == .init(turn: .finished, otherRepublishing: 2, finishedCount: 1, storeOffset: 2)
        )
        #expect(lane.isRepairing)
        lane.enqueued(offset: 2)
        #expect(lane.acknowledged(offset: 2) == .init(turn: .finished, finishedCount: 1, storeOffset: 3))
        #expect(!lane.isRepairing)
        #expect(lane.takeOffset() == 3)
    }

    /// The republish is decided when the input's own acknowledgement arrives after its predecessor finished.
    @Test func anInputQueuedBeforeItsPredecessorsRetryRepublishesWhenItsOwnAcknowledgementComes() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 8)
        lane.queueAndEnqueue(0..<2)
        lane.failed(offset: 0)
        lane.retrying(offset: 0)
        lane.enqueued(offset: 0)
        #expect(lane.acknowledged(offset: 0) == .init(turn: .finished, finishedCount: 1, storeOffset: 1))
        #expect(lane.acknowledged(offset: 1) == .init(turn: .republish))
        lane.enqueued(offset: 1)
        #expect(lane.acknowledged(offset: 1) == .init(turn: .finished, finishedCount: 1, storeOffset: 2))
    }

    /// The last input awaiting fails and is retried: nothing was queued behind it, so nothing publishes again.
    @Test func aRetryWithNothingQueuedBehindItFinishesWithoutRepublishing() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 8)
        lane.queueAndEnqueue(0..<2)
        lane.failed(offset: 1)
        #expect(lane.acknowledged(offset: 0) == .init(turn: .finished, finishedCount: 1, storeOffset: 1))
        #expect(lane.isRepairing)
        lane.retrying(offset: 1)
        lane.enqueued(offset: 1)
        #expect(lane.acknowledged(offset: 1) == .init(turn: .finished, finishedCount: 1, storeOffset: 2))
        #expect(!lane.isRepairing)
    }

    /// An input handed out before a failure, and queued after the failed input's retry, still republishes once: its
    /// start number is older than the retry's end (the lane cannot know which queueing came first).
    @Test func anInputProcessingDuringAFailureIsRepublishedAfterTheRetry() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 8)
        lane.queueAndEnqueue(0..<1)
        _ = lane.received(offset: 1, message: "1")
        #expect(lane.takeOffset() == 1)
        lane.failed(offset: 0)
        lane.retrying(offset: 0)
        lane.enqueued(offset: 0)
        lane.enqueued(offset: 1)
        #expect(lane.acknowledged(offset: 1) == .init(turn: .waiting))
        #expect(
            lane.acknowledged(offset: 0)
                == .init(turn: .finished, otherRepublishing: 1, finishedCount: 1, storeOffset: 1)
        )
    }

    @Test func closingWaitsForTheInputsProcessingAndAwaiting() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 8)
        lane.queueAndEnqueue(0..<2)
        for offset: Int64 in 2..<5 { _ = lane.received(offset: offset, message: "") }
        #expect(lane.takeOffset() == 2)
        #expect(lane.close() == .init(handedBack: 2, closed: false))
        #expect(lane.state == .closing)
        #expect(lane.takeOffset() == nil)
        lane.enqueued(offset: 2)
        #expect(lane.acknowledged(offset: 0) == .init(turn: .finished, finishedCount: 1, storeOffset: 1))
        #expect(lane.acknowledged(offset: 2) == .init(turn: .waiting))
        #expect(
            lane.acknowledged(offset: 1)
                == .init(turn: .finished, othersFinished: [2], finishedCount: 2, storeOffset: 3, closed: true)
        )
        #expect(lane.state == .closed)
    }

    @Test func closingWaitsForARepair() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 8)
        lane.queueAndEnqueue(0..<2)
        lane.failed(offset: 0)
        #expect(lane.close() == .init(handedBack: 0, closed: false))
        #expect(lane.acknowledged(offset: 1) == .init(turn: .waiting))
        lane.retrying(offset: 0)
        lane.enqueued(offset: 0)
        #expect(lane.acknowledged(offset: 0).otherRepublishing == 1)
        #expect(lane.state == .closing)
        lane.enqueued(offset: 1)
        #expect(lane.acknowledged(offset: 1) == .init(turn: .finished, finishedCount: 1, storeOffset: 2, closed: true))
    }

    @Test func backPressureCountsTheInputsAwaiting() {
        var lane = Lane(maxInFlight: 4, maxAwaiting: 8)
        #expect(lane.received(offset: 0, message: "") == .accepted)
        #expect(lane.received(offset: 1, message: "") == .accepted)
        #expect(lane.received(offset: 2, message: "") == .accepted)
        #expect(lane.received(offset: 3, message: "") == .pauseFetching)
        for offset: Int64 in 0..<3 {
            #expect(lane.takeOffset() == offset)
            lane.enqueued(offset: offset)
        }
        #expect(lane.takeOffset() == 3)
        // 3 awaiting and 1 processing: still 4 in flight.
        #expect(lane.inFlight == 4)
        #expect(lane.acknowledged(offset: 0).resumeFetching == false)  // 3 in flight
        #expect(lane.acknowledged(offset: 1).resumeFetching == true)  // 2 in flight: half
    }

    @Test func anAbandonedInputLetsTheOthersFinishButHoldsTheCommitPosition() {
        var lane = Lane(maxInFlight: 10, maxAwaiting: 8)
        lane.queueAndEnqueue(0..<2)
        #expect(lane.acknowledged(offset: 1) == .init(turn: .waiting))
        #expect(lane.abandoned(offset: 0) == .init(turn: .waiting, othersFinished: [1], finishedCount: 1))
        #expect(lane.offsets.position == nil)
    }
}

extension PartitionLaneStateMachine {
    /// Takes the next input's offset, or nil when the lane hands out nothing.
    fileprivate mutating func takeOffset() -> Int64? {
        guard case .process(let offset, _) = next() else { return nil }
        return offset
    }

    /// Queues the input processing at `offset` and acknowledges it.
    fileprivate mutating func finish(_ offset: Int64) -> Settlement {
        enqueued(offset: offset)
        return acknowledged(offset: offset)
    }
}

extension PartitionLaneStateMachine<String> {

    /// Receives, takes and queues the inputs at `offsets`, one after another.
    fileprivate mutating func queueAndEnqueue(_ offsets: Range<Int64>) {
        for offset in offsets {
            _ = received(offset: offset, message: "\(offset)")
            guard takeOffset() == offset else {
                Issue.record("expected \(offset) to be handed out")
                return
            }
            enqueued(offset: offset)
        }
    }
}
