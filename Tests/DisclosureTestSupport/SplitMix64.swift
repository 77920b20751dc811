/// A small deterministic generator (SplitMix64), so that generated-input tests check the same inputs on every run
/// and a failing one can be replayed from its seed.
///
/// The one copy for every test target (the core's, the worker's and the Kafka wrapper's each had their own): the
/// seed is the starting state, and `next()` is the reference SplitMix64 step (pinned by `SplitMix64Tests` in
/// DisclosureCoreTests), so the tests that had their own copy keep generating the same inputs.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`next() % bound`: slightly biased, which generated inputs do not mind).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// One of `items`, chosen with ``below(_:)``.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
