/// A few byte patterns searched together: one pass over the bytes, each position compared only with the patterns
/// that start with its byte (where a search per pattern walks the bytes once for each).
struct PatternGroup: Sendable {
    /// The patterns (empty ones never match, as in ``TextSearch/contains(_:in:)-(_,ArraySlice<UInt8>)``).
    let patterns: [[UInt8]]
    /// For each byte value, whether some pattern starts with it.
    private let firstBytes: [Bool]

    /// A set of `patterns`.
    init(_ patterns: [[UInt8]]) {
        self.patterns = patterns.filter { !$0.isEmpty }
        var firstBytes = [Bool](repeating: false, count: 256)
        for pattern in self.patterns { firstBytes[Int(pattern[0])] = true }
        self.firstBytes = firstBytes
    }

    /// Whether any pattern occurs in `bytes`: `patterns.contains { TextSearch.contains($0, in: bytes) }`.
    func occurs(in bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { text in
            firstBytes.withUnsafeBufferPointer { firstBytes in
                for index in text.indices where firstBytes[Int(text[index])] {
                    for pattern in patterns where pattern[0] == text[index] && pattern.count <= text.count - index {
                        var offset = 1
                        while offset < pattern.count, pattern[offset] == text[index + offset] { offset += 1 }
                        if offset == pattern.count { return true }
                    }
                }
                return false
            }
        }
    }
}
