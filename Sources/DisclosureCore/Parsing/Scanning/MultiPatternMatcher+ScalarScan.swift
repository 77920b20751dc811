extension MultiPatternMatcher {
    /// The tables of the scalar scan (``MultiPatternMatcher/forEachMatch(in:from:to:scalarAligned:_:)`` with
    /// `scalarAligned`), and the scan itself.
    ///
    /// A pattern can only start where a scalar starts (its first byte is not a continuation byte), so the scan
    /// visits scalar starts only and tests each one's code point against a bitset of the patterns' first scalars
    /// (``nextCandidate(_:from:to:firstScalars:)``, a tight loop: a CJK scalar is decoded from one four-byte load).
    /// Where a scalar passes, the next eight bytes are loaded once: the patterns of eight bytes or more are grouped
    /// by a hash of their first eight, so only those whose first eight bytes may be these are compared (many
    /// patterns share their first characters, `主要原因是…`, `主要职责…`), with the patterns of fewer than eight bytes
    /// starting with that scalar; each is compared eight bytes at a time. A byte that starts no well-formed scalar is
    /// stepped over alone, so every byte offset a pattern could start at is visited: the matches are those of a
    /// search of every offset, on any input.
    struct ScalarScan: Sendable {
        /// The tables, back to back (one array: the scan loop keeps fewer pointers live): the bitset of first scalars
        /// (1024 words, bit `c` set when some pattern starts with the scalar `c`) and one zero word (looked up for a
        /// byte that starts no well-formed scalar); from ``headBase``, the bitset of head keys (1024 words, bit `k`
        /// set when some pattern of eight bytes or more has the ``headKey(_:)`` `k`); then, from ``entriesBase``,
        /// three words per pattern: its first eight bytes (little-endian, zero-padded), the mask of the bytes of
        /// those that are the pattern's, and `length | offset << 32` (where its bytes start in ``patternBytes``).
        private let words: [UInt64]
        /// Two bucket tables, each `bucketMask + 2` entries, where a bucket's pattern ids start in this array (the
        /// next entry closes it): the short buckets (patterns of fewer than eight bytes, by `c & bucketMask` of their
        /// first scalar `c`) from 0, the long buckets (every other pattern, by `headKey & bucketMask`) from
        /// ``longBucketBase``; then the ids, ascending within a bucket.
        private let buckets: [Int32]
        /// The patterns' bytes, back to back (compared past their first eight bytes).
        private let patternBytes: [UInt8]

        /// Where the head-key bitset starts in ``words``.
        private static let headBase = 1025
        /// Where the per-pattern entries start in ``words``.
        private static let entriesBase = 2049
        /// The code looked up for a byte that starts no well-formed scalar: its bitset word is zero.
        private static let noScalar = 1024 << 6
        private static let bucketMask = 0xFFF
        /// Where the long buckets start in ``buckets``.
        private static let longBucketBase = bucketMask + 2

        /// The 16-bit key of eight bytes (little-endian): a multiplicative hash.
        @inline(__always)
        private static func headKey(_ head: UInt64) -> Int {
            Int(truncatingIfNeeded: (head &* 0x9E37_79B9_7F4A_7C15) &>> 48)
        }

        /// Builds the tables; nil when some non-empty pattern does not start with a well-formed scalar below
        /// U+10000 (the scan would not try it where it starts). Empty patterns never match.
        init?(_ patterns: [[UInt8]]) {
            var words = [UInt64](repeating: 0, count: ScalarScan.entriesBase)
            var shorts = [[Int32]](repeating: [], count: ScalarScan.bucketMask + 1)
            var longs = [[Int32]](repeating: [], count: ScalarScan.bucketMask + 1)
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
                if pattern.count >= 8 {
                    // Where it occurs, the text's next eight bytes are exactly its first eight.
                    let key = ScalarScan.headKey(prefix)
                    words[ScalarScan.headBase + key >> 6] |= 1 << UInt64(key & 63)
                    longs[key & ScalarScan.bucketMask].append(Int32(id))
                } else {
                    shorts[code & ScalarScan.bucketMask].append(Int32(id))
                }
            }
            var buckets: [Int32] = []
            var start = 2 * (ScalarScan.bucketMask + 2)
            for lists in [shorts, longs] {
                for list in lists {
                    buckets.append(Int32(start))
                    start += list.count
                }
                buckets.append(Int32(start))
            }
            for list in shorts { buckets += list }
            for list in longs { buckets += list }
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

        /// The first scalar start at or after `index` and before `upper` whose scalar starts some pattern, with the
        /// scalar's code and length; (`upper`, 0, 0) when there is none.
        ///
        /// The scan's hot loop, kept apart (and out of line) so that its few values stay in registers: about a
        /// dozen instructions a CJK scalar.
        @inline(never)
        private static func nextCandidate(
            _ text: UnsafeBufferPointer<UInt8>,
            from index: Int,
            to upper: Int,
            firstScalars bits: UnsafePointer<UInt64>
        ) -> (index: Int, code: Int, length: Int) {
            guard let base = text.baseAddress else { return (upper, 0, 0) }
            let raw = UnsafeRawPointer(base)
            var index = index
            // Where a four-byte load stays inside the text.
            let fast = min(upper, text.count &- 3)
            while index < fast {
                let lead = base[index]
                if lead < 0x80 {
                    if bits[Int(lead &>> 6)] & (1 &<< UInt64(lead & 63)) != 0 { return (index, Int(lead), 1) }
                    index &+= 1
                    continue
                }
                // The common case of CJK text, decoded from one load: a lead byte E0…EF and two continuation bytes
                // (the scalar ``decode(_:at:)`` reads there).
                let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                if word & 0x00C0_C0F0 == 0x0080_80E0 {
                    let code =
                        Int(truncatingIfNeeded: word & 0x0F) &<< 12 | Int(truncatingIfNeeded: (word &>> 2) & 0xFC0)
                        | Int(truncatingIfNeeded: (word &>> 16) & 0x3F)
                    if bits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 { return (index, code, 3) }
                    index &+= 3
                    continue
                }
                let (code, step) = decode(text, at: index)
                if bits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 { return (index, code, step) }
                index &+= step
            }
            while index < upper {
                let (code, step) = decode(text, at: index)
                if bits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 { return (index, code, step) }
                index &+= step
            }
            return (upper, 0, 0)
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
                            guard let base = text.baseAddress, let firstScalars = words.baseAddress else { return }
                            let raw = UnsafeRawPointer(base)
                            let count = text.count
                            var index = lower
                            while true {
                                let (found, code, step) = ScalarScan.nextCandidate(
                                    text,
                                    from: index,
                                    to: upper,
                                    firstScalars: firstScalars
                                )
                                guard found < upper else { return }
                                index = found
                                let single = code & ScalarScan.bucketMask
                                var short = Int(buckets[single])
                                let shortEnd = Int(buckets[single &+ 1])
                                var long = 0
                                var longEnd = 0
                                // Nothing of eight bytes or more fits where fewer than eight bytes are left.
                                let hasHead = index &+ 8 <= count
                                let head =
                                    hasHead
                                    ? UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                                    : 0
                                if hasHead {
                                    let key = ScalarScan.headKey(head)
                                    if words[ScalarScan.headBase &+ key &>> 6] & (1 &<< UInt64(key & 63)) != 0 {
                                        let bucket = ScalarScan.longBucketBase &+ key & ScalarScan.bucketMask
                                        long = Int(buckets[bucket])
                                        longEnd = Int(buckets[bucket &+ 1])
                                    }
                                }
                                // Both lists are ascending: merged, matches come in id order.
                                while short < shortEnd || long < longEnd {
                                    let id: Int
                                    if long >= longEnd || (short < shortEnd && buckets[short] < buckets[long]) {
                                        id = Int(buckets[short])
                                        short &+= 1
                                    } else {
                                        id = Int(buckets[long])
                                        long &+= 1
                                    }
                                    let entry = ScalarScan.entriesBase &+ id &* 3
                                    let info = words[entry &+ 2]
                                    let length = Int(truncatingIfNeeded: info & 0xFFFF_FFFF)
                                    guard index &+ length <= upper else { continue }
                                    if hasHead {
                                        // The first eight bytes in one compare (most candidates differ there).
                                        guard (head ^ words[entry]) & words[entry &+ 1] == 0 else { continue }
                                        if length > 8 {
                                            // The rest eight bytes at a time, the last eight overlapping (the
                                            // pattern has more than eight bytes and ends by `upper`).
                                            let first = Int(truncatingIfNeeded: info &>> 32)
                                            let pattern = UnsafeRawPointer(patternBytes.baseAddress.unsafelyUnwrapped)
                                            @inline(__always) func same(_ offset: Int) -> Bool {
                                                raw.loadUnaligned(fromByteOffset: index &+ offset, as: UInt64.self)
                                                    == pattern.loadUnaligned(
                                                        fromByteOffset: first &+ offset,
                                                        as: UInt64.self
                                                    )
                                            }
                                            var offset = 8
                                            var equal = true
                                            while offset &+ 8 < length {
                                                if !same(offset) {
                                                    equal = false
                                                    break
                                                }
                                                offset &+= 8
                                            }
                                            guard equal, same(length &- 8) else { continue }
                                        }
                                    } else {
                                        let first = Int(truncatingIfNeeded: info &>> 32)
                                        var offset = 0
                                        while offset < length, text[index &+ offset] == patternBytes[first &+ offset] {
                                            offset &+= 1
                                        }
                                        guard offset >= length else { continue }
                                    }
                                    if !body(Match(pattern: id, start: index, end: index &+ length)) { return }
                                }
                                index &+= step
                            }
                        }
                    }
                }
            }
        }
    }
}
