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

/// A small deterministic generator for tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
