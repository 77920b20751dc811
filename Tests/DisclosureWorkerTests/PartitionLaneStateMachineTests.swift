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
        #expect(lane.finished(offset: 0) == .init(storeOffset: 1, resumeFetching: false, closed: false))
        guard case .process(let second, _) = lane.next() else {
            Issue.record("expected work")
            return
        }
        #expect(second == 1)
        #expect(lane.finished(offset: 1).storeOffset == 2)
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
        #expect(lane.finished(offset: 0).storeOffset == 1)
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
        #expect(lane.finished(offset: 0).resumeFetching == false)  // 4 in flight
        _ = lane.next()
        #expect(lane.finished(offset: 1).resumeFetching == false)  // 3 in flight
        _ = lane.next()
        #expect(lane.finished(offset: 2).resumeFetching == true)  // 2 in flight: half
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
        #expect(lane.finished(offset: 0) == .init(storeOffset: 1, resumeFetching: false, closed: true))
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
    }

    @Test func remembersTheLastReceivedOffsetForTheLagGauge() {
        var lane = Lane(maxInFlight: 10)
        #expect(lane.lastReceived == nil)
        _ = lane.received(offset: 4, message: "")
        _ = lane.received(offset: 9, message: "")
        _ = lane.next()
        #expect(lane.lastReceived == 9)
    }
}
