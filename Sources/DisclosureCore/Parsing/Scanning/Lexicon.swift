/// A longest-match dictionary of UTF-8 patterns, for scanning normalized text without regular expressions.
///
/// Patterns are bucketed by their first byte; a lookup tries the bucket's patterns longest first, so
/// `一般公共预算财政拨款收入` wins over `一般公共预算`. Matching is a byte comparison: linear in the pattern
/// length, no backtracking.
struct Lexicon<Value: Sendable>: Sendable {
    /// One dictionary entry.
    struct Entry: Sendable {
        /// The pattern's UTF-8 bytes.
        var pattern: [UInt8]
        /// What the pattern means.
        var value: Value
    }

    private var buckets: [[Entry]] = Array(repeating: [], count: 256)

    /// Creates a lexicon from pattern/value pairs (patterns are normalized text: ASCII punctuation).
    init(_ entries: [(String, Value)]) {
        for (pattern, value) in entries where !pattern.isEmpty {
            let bytes = Array(pattern.utf8)
            buckets[Int(bytes[0])].append(Entry(pattern: bytes, value: value))
        }
        for index in buckets.indices {
            buckets[index].sort { $0.pattern.count > $1.pattern.count }
        }
    }

    /// The longest entry whose pattern starts at `offset` and ends at or before `limit`.
    func longestMatch(in bytes: [UInt8], at offset: Int, limit: Int? = nil) -> Entry? {
        let end = limit ?? bytes.count
        guard offset < end else { return nil }
        for entry in buckets[Int(bytes[offset])] where offset + entry.pattern.count <= end {
            if ByteScan.matches(bytes, entry.pattern, at: offset) { return entry }
        }
        return nil
    }
}
