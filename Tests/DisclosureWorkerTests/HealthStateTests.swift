import DisclosureWorker
import Testing

@Suite struct HealthStateTests {
    let start = ContinuousClock.now

    func state() -> HealthState { HealthState(pollStall: .seconds(30), processingStall: .seconds(120)) }

    @Test func aWaitingPollLoopIsLiveHoweverLongItWaits() {
        var health = state()
        health.pollWaiting()
        #expect(health.livenessProblem(at: start + .seconds(3600)) == nil)
    }

    @Test func aPollLoopBusyPastTheThresholdIsNotLive() {
        var health = state()
        health.pollBusy(at: start)
        #expect(health.livenessProblem(at: start + .seconds(29)) == nil)
        #expect(health.livenessProblem(at: start + .seconds(31)) != nil)
        health.pollWaiting()
        #expect(health.livenessProblem(at: start + .seconds(31)) == nil)
    }

    @Test func anInputInProgressPastTheThresholdIsNotLive() {
        var health = state()
        let token = health.inputStarted(at: start)
        #expect(health.livenessProblem(at: start + .seconds(100)) == nil)
        #expect(health.livenessProblem(at: start + .seconds(121)) != nil)
        health.inputFinished(token)
        #expect(health.livenessProblem(at: start + .seconds(121)) == nil)
    }

    @Test func readyOnceJoinedAndWhilePublishingSucceeds() {
        var health = state()
        #expect(health.readinessProblem != nil)
        health.joined()
        #expect(health.readinessProblem == nil)
        health.published(successfully: false)
        #expect(health.readinessProblem == "the last publish failed")
        health.published(successfully: true)
        #expect(health.readinessProblem == nil)
    }
}
