/// A small deterministic generator (SplitMix64), so that generated-input tests check the same inputs on every run
/// and a failing one can be replayed from its seed.
///
/// The one copy for this test target: the seed is the starting state, and `next()` is the reference SplitMix64 step
/// (pinned by `SplitMix64Tests`), so the tests that had their own copy keep generating the same inputs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`next() % bound`: slightly biased, which generated inputs do not mind).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// One of `items`, chosen with ``below(_:)``.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
