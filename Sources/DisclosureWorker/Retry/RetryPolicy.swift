/// When to try a transient fault again: exponential backoff with jitter and a cap.
///
/// The delay before attempt `n + 1` (after `n` failed attempts, `n ≥ 1`) is
///
/// ```
/// base(n)  = min(maximumBackoff, initialBackoff × multiplier^(n − 1))
/// delay(n) = base(n) × (1 − jitter × r)          r uniform in [0, 1)
/// ```
///
/// so the delay never exceeds the cap, and concurrent workers that failed together spread out instead of retrying
/// in lockstep. With the defaults (100 ms, ×2, cap 10 s, jitter 0.2, 5 attempts):
///
/// | failed attempts n | base(n) | delay range |
/// |---|---|---|
/// | 1 | 100 ms | 80–100 ms |
/// | 2 | 200 ms | 160–200 ms |
/// | 3 | 400 ms | 320–400 ms |
/// | 4 | 800 ms | 640–800 ms |
/// | 5 | — | no retry: attempts exhausted |
///
/// and with more attempts allowed, n = 8 reaches 10 s (cap: 8–10 s) and stays there.
///
/// The policy is a pure value: the random number comes in as an argument and sleeping happens elsewhere (through
/// an injected `Clock`), so tests check it exactly.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts, the first included (`1` means never retry).
    public var maximumAttempts: Int
    /// The delay after the first failure, before jitter.
    public var initialBackoff: Duration
    /// The largest delay.
    public var maximumBackoff: Duration
    /// Growth factor per failed attempt (≥ 1).
    public var multiplier: Double
    /// Fraction of the delay removed at random, in `0...1`.
    public var jitter: Double

    /// Creates a policy (defaults as in the table above).
    public init(
        maximumAttempts: Int = 5,
        initialBackoff: Duration = .milliseconds(100),
        maximumBackoff: Duration = .seconds(10),
        multiplier: Double = 2,
        jitter: Double = 0.2
    ) {
        self.maximumAttempts = maximumAttempts
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// Whether another attempt is allowed after `failedAttempts` attempts failed.
    public func allowsRetry(afterFailedAttempts failedAttempts: Int) -> Bool {
        failedAttempts < maximumAttempts
    }

    /// The delay before the next attempt, after `failedAttempts` (≥ 1) failed attempts.
    ///
    /// - Parameters:
    ///   - failedAttempts: how many attempts failed so far.
    ///   - random: a number in `0..<1` (the jitter draw).
    /// - Returns: `base(n) × (1 − jitter × random)`, see the type's documentation.
    public func backoff(afterFailedAttempts failedAttempts: Int, random: Double) -> Duration {
        let cap = Self.milliseconds(maximumBackoff)
        var base = Self.milliseconds(initialBackoff)
        // Multiply step by step and stop at the cap, so a large attempt count never overflows.
        var step = 1
        while step < failedAttempts, base < cap {
            base *= multiplier
            step += 1
        }
        base = min(base, cap)
        let draw = min(max(random, 0), 1)
        let delay = base * (1 - min(max(jitter, 0), 1) * draw)
        return .microseconds(Int64((delay * 1000).rounded()))
    }

    /// The delay before the next attempt, drawing the jitter from `generator`.
    public func backoff(
        afterFailedAttempts failedAttempts: Int,
        using generator: inout some RandomNumberGenerator
    ) -> Duration {
        backoff(afterFailedAttempts: failedAttempts, random: Double.random(in: 0..<1, using: &generator))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
