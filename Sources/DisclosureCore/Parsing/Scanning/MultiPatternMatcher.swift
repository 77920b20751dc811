/// Finds every occurrence of a fixed set of byte patterns in one pass over UTF-8 text.
///
/// Built once from the patterns (keep matchers in `static let`s: building costs far more than a scan). Two scans,
/// same matches:
/// - the byte scan looks at each offset once: the first three bytes there are folded into a 16-bit key (for a CJK
///   character, its code point) and tested against a bitset of the patterns' first three bytes (8 KiB, stays in
///   L1); only offsets that pass compare the few patterns sharing that key. Patterns shorter than three bytes are
///   tried where their first byte occurs.
/// - the scalar scan (`scalarAligned`) visits scalar starts only (a third of the offsets in Chinese text): it
///   decodes each scalar and tests its code point against a bitset of the patterns' first scalars; a scalar that
///   passes compares the patterns starting with it, eight bytes at a time. Bytes that are not well-formed UTF-8
///   are stepped over one at a time, so it finds what a search of every byte offset finds, on any input.
/// So the cost is one pass whatever the number of patterns, and no regular expression or `Character` is involved.
/// Use it instead of one substring search per pattern when several patterns are looked for in the same text.
struct MultiPatternMatcher: Sendable {
    /// One occurrence: which pattern, and where.
    struct Match: Equatable, Sendable {
        /// Index of the pattern in ``patterns``.
        var pattern: Int
        /// Byte offset of the first byte.
        var start: Int
        /// Byte offset one past the last byte.
        var end: Int
    }

    /// The patterns, in the order given (their indices are the ids matches report).
    let patterns: [[UInt8]]
    /// Length of the longest pattern.
    let maxLength: Int
    /// The patterns' bytes, back to back (no nested arrays on the scan path).
    private let patternBytes: [UInt8]
    /// Where each pattern starts in ``patternBytes`` (one extra entry closes the last).
    private let patternOffsets: [Int]
    /// Bit `key` set when some pattern of three bytes or more starts with bytes of that key.
    private let keyBits: [UInt64]
    /// For each bucket (`key & bucketMask`), where its pattern ids start in ``bucketPatterns``.
    private let bucketStarts: [Int]
    /// Ids of the patterns of three bytes or more, grouped by bucket, ascending within a bucket.
    private let bucketPatterns: [Int]
    /// Whether some pattern of one or two bytes starts with a given byte.
    private let shortFirst: [Bool]
    /// Ids of the patterns of one or two bytes, ascending.
    private let shortPatterns: [Int]
    /// The tables of the scalar scan; nil when some pattern does not start with a whole scalar below U+10000 (then
    /// the byte scan serves `scalarAligned` too).
    private let scalarScan: ScalarScan?

    private static let bucketMask = 0xFFF

    /// The 16-bit key of three bytes: a three-byte UTF-8 scalar's code point.
    @inline(__always)
    private static func key(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        Int(first & 0x0F) << 12 | Int(second & 0x3F) << 6 | Int(third & 0x3F)
    }

    /// Creates a matcher from strings (their UTF-8 bytes).
    init(_ words: [String]) {
        self.init(words.map { Array($0.utf8) })
    }

    /// Creates a matcher; empty patterns never match.
    init(_ patterns: [[UInt8]]) {
        self.patterns = patterns
        maxLength = patterns.map(\.count).max() ?? 0
        var patternBytes: [UInt8] = []
        var patternOffsets: [Int] = [0]
        for pattern in patterns {
            patternBytes += pattern
            patternOffsets.append(patternBytes.count)
        }
        var keyBits = [UInt64](repeating: 0, count: 1024)
        var buckets = [[Int]](repeating: [], count: MultiPatternMatcher.bucketMask + 1)
        var shortFirst = [Bool](repeating: false, count: 256)
        var shortPatterns: [Int] = []
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty {
            if pattern.count < 3 {
                shortFirst[Int(pattern[0])] = true
                shortPatterns.append(id)
                continue
            }
            let key = MultiPatternMatcher.key(pattern[0], pattern[1], pattern[2])
            keyBits[key >> 6] |= 1 << UInt64(key & 63)
            buckets[key & MultiPatternMatcher.bucketMask].append(id)
        }
        var bucketStarts: [Int] = [0]
        var bucketPatterns: [Int] = []
        for bucket in buckets {
            bucketPatterns += bucket
            bucketStarts.append(bucketPatterns.count)
        }
        self.patternBytes = patternBytes
        self.patternOffsets = patternOffsets
        self.keyBits = keyBits
        self.bucketStarts = bucketStarts
        self.bucketPatterns = bucketPatterns
        self.shortFirst = shortFirst
        self.shortPatterns = shortPatterns
        self.scalarScan = ScalarScan(patterns)
    }

    /// Calls `body` with every occurrence that lies inside `bytes[from..<to]`, in order of start offset, then of
    /// pattern id; overlapping occurrences are all reported. `body` returns whether to go on.
    ///
    /// With `scalarAligned`, only offsets where a UTF-8 scalar starts are tried (the scalar scan, see the type's
    /// comment): the same matches, on any input, about a third of the offsets for CJK text.
    func forEachMatch(
        in bytes: [UInt8],
        from: Int = 0,
        to: Int? = nil,
        scalarAligned: Bool = false,
        _ body: (_ match: Match) -> Bool
    ) {
        let lower = max(0, from)
        let upper = min(to ?? bytes.count, bytes.count)
        guard lower < upper, maxLength > 0 else { return }
        if scalarAligned, let scalarScan {
            scalarScan.forEachMatch(in: bytes, from: lower, to: upper, body)
            return
        }
        let hasShort = !shortPatterns.isEmpty
        bytes.withUnsafeBufferPointer { text in
            patternBytes.withUnsafeBufferPointer { patternBytes in
                patternOffsets.withUnsafeBufferPointer { patternOffsets in
                    keyBits.withUnsafeBufferPointer { keyBits in
                        bucketStarts.withUnsafeBufferPointer { bucketStarts in
                            bucketPatterns.withUnsafeBufferPointer { bucketPatterns in
                                shortFirst.withUnsafeBufferPointer { shortFirst in
                                    shortPatterns.withUnsafeBufferPointer { shortPatterns in
                                        /// Whether pattern `id` occurs at `index` (and ends by `upper`).
                                        @inline(__always) func occurs(_ id: Int, at index: Int) -> Bool {
                                            let first = patternOffsets[id]
                                            let length = patternOffsets[id &+ 1] &- first
                                            guard index &+ length <= upper else { return false }
                                            var offset = 0
                                            while offset < length {
                                                if text[index &+ offset] != patternBytes[first &+ offset] {
                                                    return false
                                                }
                                                offset &+= 1
                                            }
                                            return true
                                        }
                                        @inline(__always) func report(_ id: Int, at index: Int) -> Bool {
                                            let length = patternOffsets[id &+ 1] &- patternOffsets[id]
                                            return body(Match(pattern: id, start: index, end: index &+ length))
                                        }
                                        var index = lower
                                        // Offsets where a pattern of three bytes or more may start end here.
                                        let longLimit = upper &- 2
                                        while index < upper {
                                            // The fast path: skip offsets where no pattern can start.
                                            while index < longLimit {
                                                let key = MultiPatternMatcher.key(
                                                    text[index],
                                                    text[index &+ 1],
                                                    text[index &+ 2]
                                                )
                                                if keyBits[key &>> 6] & (1 &<< UInt64(key & 63)) != 0 { break }
                                                if hasShort && shortFirst[Int(text[index])] { break }
                                                index &+= 1
                                            }
                                            if index >= longLimit && !hasShort { return }
                                            if index >= upper { return }
                                            let first = text[index]
                                            var short = 0
                                            var shortEnd = 0
                                            if hasShort && shortFirst[Int(first)] { shortEnd = shortPatterns.count }
                                            var long = 0
                                            var longEnd = 0
                                            if index &+ 2 < upper {
                                                let key = MultiPatternMatcher.key(
                                                    first,
                                                    text[index &+ 1],
                                                    text[index &+ 2]
                                                )
                                                if keyBits[key &>> 6] & (1 &<< UInt64(key & 63)) != 0 {
                                                    let bucket = key & MultiPatternMatcher.bucketMask
                                                    long = bucketStarts[bucket]
                                                    longEnd = bucketStarts[bucket &+ 1]
                                                }
                                            }
                                            // Both lists are ascending: merged, matches come in id order.
                                            while short < shortEnd || long < longEnd {
                                                let id: Int
                                                if long >= longEnd
                                                    || (short < shortEnd && shortPatterns[short] < bucketPatterns[long])
                                                {
                                                    id = shortPatterns[short]
                                                    short &+= 1
                                                } else {
                                                    id = bucketPatterns[long]
                                                    long &+= 1
                                                }
                                                if occurs(id, at: index), !report(id, at: index) { return }
                                            }
                                            index &+= 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every occurrence inside `bytes[from..<to]`, in the order of ``forEachMatch(in:from:to:scalarAligned:_:)``.
    func matches(in bytes: [UInt8], from: Int = 0, to: Int? = nil, scalarAligned: Bool = false) -> [Match] {
        var found: [Match] = []
        forEachMatch(in: bytes, from: from, to: to, scalarAligned: scalarAligned) { match in
            found.append(match)
            return true
        }
        return found
    }

    /// The occurrence inside `bytes[from..<to]` that starts first; at the same start, the lowest pattern index
    /// (the order the patterns were given in). Nil when there is none.
    func firstMatch(in bytes: [UInt8], from: Int = 0, to: Int? = nil) -> Match? {
        var first: Match?
        forEachMatch(in: bytes, from: from, to: to) { match in
            first = match
            return false
        }
        return first
    }

    /// Whether some pattern occurs inside `bytes[from..<to]`.
    func containsMatch(in bytes: [UInt8], from: Int = 0, to: Int? = nil) -> Bool {
        firstMatch(in: bytes, from: from, to: to) != nil
    }
}
