extension MultiPatternMatcher {
    /// The tables of the scalar scan (``MultiPatternMatcher/forEachMatch(in:from:to:scalarAligned:_:)`` with
    /// `scalarAligned`), and the scan itself.
    ///
    /// A pattern can only start where a scalar starts (its first byte is not a continuation byte), so the scan
    /// visits scalar starts only and tests each one's code point against a bitset of the patterns' first scalars;
    /// only a scalar that passes compares the patterns starting with it, the first eight bytes of each in one
    /// load. A byte that starts no well-formed scalar is stepped over alone, so every byte offset a pattern could
    /// start at is visited: the matches are those of a search of every offset, on any input.
    struct ScalarScan: Sendable {
        /// The tables, back to back (one array: the scan loop keeps fewer pointers live): the bitset of first scalars
        /// (1024 words, bit `c` set when some pattern starts with the scalar `c`) and one zero word (looked up for a
        /// byte that starts no well-formed scalar); then, from ``entriesBase``, three words per pattern: its first
        /// eight bytes (little-endian, zero-padded), the mask of the bytes of those that are the pattern's, and
        /// `length | offset << 32` (where its bytes start in ``patternBytes``).
        private let words: [UInt64]
        /// For each bucket (`c & bucketMask`), where its pattern ids start in this array (one extra entry closes
        /// the last); then the ids, grouped by the bucket of their first scalar, ascending within a bucket.
        private let buckets: [Int32]
        /// The patterns' bytes, back to back (compared past their first eight bytes).
        private let patternBytes: [UInt8]

        /// Where the per-pattern entries start in ``words``.
        private static let entriesBase = 1025
        /// The code looked up for a byte that starts no well-formed scalar: its bitset word is zero.
        private static let noScalar = 1024 << 6
        private static let bucketMask = 0xFFF

        /// Builds the tables; nil when some non-empty pattern does not start with a well-formed scalar below
        /// U+10000 (the scan would not try it where it starts). Empty patterns never match.
        init?(_ patterns: [[UInt8]]) {
            var words = [UInt64](repeating: 0, count: ScalarScan.entriesBase)
            var lists = [[Int32]](repeating: [], count: ScalarScan.bucketMask + 1)
            var patternBytes: [UInt8] = []
            for (id, pattern) in patterns.enumerated() {
                var prefix: UInt64 = 0
                var mask: UInt64 = 0
                for (offset, byte) in pattern.prefix(8).enumerated() {
                    prefix |= UInt64(byte) << UInt64(8 * offset)
                    mask |= 0xFF << UInt64(8 * offset)
                }
                words += [prefix, mask, UInt64(pattern.count) | UInt64(patternBytes.count) << 32]
                patternBytes += pattern
                guard !pattern.isEmpty else { continue }
                let (code, _) = pattern.withUnsafeBufferPointer { ScalarScan.decode($0, at: 0) }
                guard code != ScalarScan.noScalar else { return nil }
                words[code >> 6] |= 1 << UInt64(code & 63)
                lists[code & ScalarScan.bucketMask].append(Int32(id))
            }
            var buckets: [Int32] = []
            var start = lists.count + 1
            for list in lists {
                buckets.append(Int32(start))
                start += list.count
            }
            buckets.append(Int32(start))
            for list in lists { buckets += list }
            self.words = words
            self.buckets = buckets
            self.patternBytes = patternBytes
        }

        /// The code point of the well-formed scalar of at most three bytes starting at `index` and its length, or
        /// (``noScalar``, 1). Not checked: overlong forms and surrogates (they decode to some code; the bytes are
        /// compared after).
        @inline(__always)
        private static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (code: Int, length: Int) {
            let lead = text[index]
            if lead < 0x80 { return (Int(lead), 1) }
            if lead >= 0xE0 {
                if lead < 0xF0, index &+ 2 < text.count, text[index &+ 1] & 0xC0 == 0x80,
                    text[index &+ 2] & 0xC0 == 0x80
                {
                    let code =
                        Int(lead & 0x0F) &<< 12 | Int(text[index &+ 1] & 0x3F) &<< 6 | Int(text[index &+ 2] & 0x3F)
                    return (code, 3)
                }
            } else if lead >= 0xC0, index &+ 1 < text.count, text[index &+ 1] & 0xC0 == 0x80 {
                return (Int(lead & 0x1F) &<< 6 | Int(text[index &+ 1] & 0x3F), 2)
            }
            return (noScalar, 1)
        }

        /// Calls `body` with every occurrence inside `bytes[lower..<upper]` (both within `bytes`), in order of start
        /// offset, then of pattern id; `body` returns whether to go on.
        func forEachMatch(
            in bytes: [UInt8],
            from lower: Int,
            to upper: Int,
            _ body: (_ match: Match) -> Bool
        ) {
            bytes.withUnsafeBufferPointer { text in
                words.withUnsafeBufferPointer { words in
                    buckets.withUnsafeBufferPointer { buckets in
                        patternBytes.withUnsafeBufferPointer { patternBytes in
                            guard let base = text.baseAddress else { return }
                            let raw = UnsafeRawPointer(base)
                            let count = text.count
                            var index = lower
                            while index < upper {
                                let (code, step) = ScalarScan.decode(text, at: index)
                                defer { index &+= step }
                                guard words[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 else { continue }
                                let bucket = code & ScalarScan.bucketMask
                                var position = Int(buckets[bucket])
                                let end = Int(buckets[bucket &+ 1])
                                while position < end {
                                    let id = Int(buckets[position])
                                    position &+= 1
                                    let entry = ScalarScan.entriesBase &+ id &* 3
                                    let info = words[entry &+ 2]
                                    let length = Int(truncatingIfNeeded: info & 0xFFFF_FFFF)
                                    guard index &+ length <= upper else { continue }
                                    var offset = 0
                                    if index &+ 8 <= count {
                                        // The first eight bytes in one load (most candidates differ there).
                                        let head = UInt64(
                                            littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                                        )
                                        guard (head ^ words[entry]) & words[entry &+ 1] == 0 else { continue }
                                        offset = 8
                                    }
                                    if offset < length {
                                        let first = Int(truncatingIfNeeded: info &>> 32)
                                        while offset < length, text[index &+ offset] == patternBytes[first &+ offset] {
                                            offset &+= 1
                                        }
                                        guard offset >= length else { continue }
                                    }
                                    if !body(Match(pattern: id, start: index, end: index &+ length)) { return }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
