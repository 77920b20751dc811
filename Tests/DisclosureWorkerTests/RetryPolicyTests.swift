import DisclosureTestSupport
import DisclosureWorker
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func delaysDoubleFromTheInitialBackoffWithoutJitter() {
        #expect(policy.backoff(afterFailedAttempts: 1, random: 0) == .milliseconds(100))
        #expect(policy.backoff(afterFailedAttempts: 2, random: 0) == .milliseconds(200))
        #expect(policy.backoff(afterFailedAttempts: 3, random: 0) == .milliseconds(400))
        #expect(policy.backoff(afterFailedAttempts: 4, random: 0) == .milliseconds(800))
    }

    @Test func jitterRemovesUpToItsFraction() {
        #expect(policy.backoff(afterFailedAttempts: 1, random: 0.5) == .milliseconds(90))
        #expect(policy.backoff(afterFailedAttempts: 3, random: 0.999_999) >= .milliseconds(320))
        #expect(policy.backoff(afterFailedAttempts: 3, random: 0.999_999) < .milliseconds(321))
    }

    @Test func theCapHoldsForLargeAttemptCounts() {
        #expect(policy.backoff(afterFailedAttempts: 8, random: 0) == .seconds(10))
        #expect(policy.backoff(afterFailedAttempts: 1_000_000, random: 0) == .seconds(10))
        #expect(policy.backoff(afterFailedAttempts: 1_000_000, random: 1) == .seconds(8))
    }

    @Test func attemptsRunOutAtTheMaximum() {
        #expect(policy.allowsRetry(afterFailedAttempts: 4))
        #expect(!policy.allowsRetry(afterFailedAttempts: 5))
        #expect(!RetryPolicy(maximumAttempts: 1).allowsRetry(afterFailedAttempts: 1))
    }

    @Test func aSeededGeneratorGivesDelaysInsideTheBand() {
        var generator = SplitMix64(seed: 7)
        for attempt in 1...4 {
            let delay = policy.backoff(afterFailedAttempts: attempt, using: &generator)
            let base = policy.backoff(afterFailedAttempts: attempt, random: 0)
            #expect(delay <= base)
            #expect(delay >= base * 0.8)
        }
    }
}
