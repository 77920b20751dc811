import DisclosureWorker
import Testing

@Suite struct OffsetTrackerTests {
    @Test func inOrderFinishesAdvanceOnePastEach() {
        var tracker = OffsetTracker()
        tracker.started(0)
        tracker.started(1)
        #expect(tracker.finished(0) == 1)
        #expect(tracker.finished(1) == 2)
        #expect(tracker.isIdle)
    }

    @Test func anOpenOlderOffsetHoldsTheWatermark() {
        var tracker = OffsetTracker()
        for offset: Int64 in 10...13 { tracker.started(offset) }
        #expect(tracker.finished(11) == nil)
        #expect(tracker.finished(12) == nil)
        #expect(tracker.position == nil)
        #expect(tracker.inFlight == 2)
        #expect(tracker.finished(10) == 13)
        #expect(tracker.finished(13) == 14)
        #expect(tracker.inFlight == 0)
    }

    @Test func gapsInOffsetNumbersDoNotBlock() {
        var tracker = OffsetTracker()
        tracker.started(5)
        tracker.started(9)
        #expect(tracker.finished(9) == nil)
        #expect(tracker.finished(5) == 10)
    }

    @Test func positionNeverMovesBackBelowTheAssignedOne() {
        var tracker = OffsetTracker(position: 100)
        tracker.started(40)
        #expect(tracker.finished(40) == nil)
        #expect(tracker.position == 100)
    }

    @Test func abandoningKeepsThePositionAndAllowsRedelivery() {
        var tracker = OffsetTracker()
        tracker.started(0)
        tracker.started(1)
        tracker.started(2)
        #expect(tracker.finished(0) == 1)
        tracker.abandonUnfinished()
        #expect(tracker.position == 1)
        #expect(tracker.isIdle)
        tracker.started(1)
        #expect(tracker.finished(1) == 2)
    }

    @Test func manyOffsetsCompactWithoutLosingTheWatermark() {
        var tracker = OffsetTracker()
        for offset: Int64 in 0..<1000 { tracker.started(offset) }
        // Finish odd ones first, then even ones: the watermark trails the lowest open even offset.
        for offset: Int64 in stride(from: 1, to: 1000, by: 2) { #expect(tracker.finished(offset) == nil) }
        for offset: Int64 in stride(from: 0, to: 1000, by: 2) {
            #expect(tracker.finished(offset) == min(offset + 2, 1000))
        }
        #expect(tracker.isIdle)
    }
}
