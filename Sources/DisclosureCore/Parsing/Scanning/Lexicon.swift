/// A longest-match dictionary of UTF-8 patterns, for scanning normalized text without regular expressions.
///
/// Patterns are bucketed by their first scalar (its UTF-8 bytes packed in an integer: CJK patterns share only a
/// handful of lead bytes); a lookup tries the bucket's patterns longest first, so
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

    private var buckets: [UInt32: [Entry]] = [:]

    /// Creates a lexicon from pattern/value pairs (patterns are normalized text: ASCII punctuation).
    init(_ entries: [(String, Value)]) {
        for (pattern, value) in entries where !pattern.isEmpty {
            let bytes = Array(pattern.utf8)
            buckets[Self.key(bytes, at: 0, end: bytes.count), default: []].append(Entry(pattern: bytes, value: value))
        }
        for key in buckets.keys {
            buckets[key]?.sort { $0.pattern.count > $1.pattern.count }
        }
    }

    /// The longest entry whose pattern starts at `offset` and ends at or before `limit`.
    func longestMatch(in bytes: [UInt8], at offset: Int, limit: Int? = nil) -> Entry? {
        let end = limit ?? bytes.count
        guard offset < end, let bucket = buckets[Self.key(bytes, at: offset, end: end)] else { return nil }
        for entry in bucket where offset + entry.pattern.count <= end {
            if ByteScan.matches(bytes, entry.pattern, at: offset) { return entry }
        }
        return nil
    }

    /// The bytes of the scalar at `offset`, packed.
    @inline(__always)
    private static func key(_ bytes: [UInt8], at offset: Int, end: Int) -> UInt32 {
        let length = min(ByteScan.scalarLength(bytes, at: offset), end - offset)
        var key: UInt32 = 0
        for index in 0..<length { key = key << 8 | UInt32(bytes[offset + index]) }
        return key
    }
}
