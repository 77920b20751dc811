extension MultiPatternMatcher {
    /// The tables of the scalar scan (``MultiPatternMatcher/forEachMatch(in:from:to:scalarAligned:_:)`` with
    /// `scalarAligned`), and the scan itself.
    ///
    /// A pattern can only start where a scalar starts (its first byte is not a continuation byte), so the scan
    /// visits scalar starts only and tests each one's code point against a bitset of the patterns' first scalars
    /// (``nextCandidate(_:from:to:firstScalars:)``, a tight loop: two CJK scalars to an eight-byte load, each tested
    /// against a filter of its last two bytes before it is decoded).
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
        /// set when some pattern of eight bytes or more has the ``headKey(_:)`` `k`); from ``filterBase``, the
        /// three-byte filter (256 words, bit ``filterKey(_:)`` set for every first scalar of three bytes); from
        /// ``asciiBase``, the ASCII first bytes (up to four, each repeated in all eight bytes of a word, unused ones
        /// 0x80…) and a word that is 1 when there are no more than four (else the ASCII skip is off); from
        /// ``shortBase``, the bitset of the first scalars of patterns shorter than four bytes (1024 words); from
        /// ``pairBase``, the bitset of the ``pairKey(_:)`` of the first six bytes of every pattern of six bytes or
        /// more (1024 words); from ``midBase``, the bitset of the first scalars of patterns of four or five bytes
        /// (1024 words); from ``quadBase``, the bitset of the ``quadKey(_:)`` of their first four bytes (1024 words);
        /// then, from ``entriesBase``,
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
        /// Where the three-byte filter starts in ``words``.
        private static let filterBase = 2049
        /// Where the ASCII first bytes start in ``words``.
        private static let asciiBase = 2305
        /// Most ASCII first bytes the ASCII skip compares with.
        private static let asciiSkipLimit = 4
        /// Where the short patterns' first scalars start in ``words``.
        private static let shortBase = 2310
        /// Where the six-byte prefix keys start in ``words``.
        private static let pairBase = 3334
        /// Where the first scalars of the patterns of four or five bytes start in ``words``.
        private static let midBase = 4358
        /// Where the four-byte prefix keys start in ``words``.
        private static let quadBase = 5382
        /// Where the per-pattern entries start in ``words``.
        private static let entriesBase = 6406
        /// The code looked up for a byte that starts no well-formed scalar: its bitset word is zero.
        private static let noScalar = 1024 << 6
        private static let bucketMask = 0xFFF
        /// Where the long buckets start in ``buckets``.
        private static let longBucketBase = bucketMask + 2

        /// The filter key of a three-byte scalar at the low end of `word` (little-endian): the low six bits of its
        /// second and third bytes (the lead byte's four are left out, so a few other scalars share a key: a scalar
        /// that passes is tested exactly after).
        @inline(__always)
        private static func filterKey(_ word: UInt64) -> Int {
            Int(truncatingIfNeeded: (word &>> 8) & 0x3F3F)
        }

        /// The code point of the three-byte scalar at the low end of `word` (little-endian; its bytes checked by
        /// the caller).
        @inline(__always)
        private static func code3(_ word: UInt64) -> Int {
            Int(truncatingIfNeeded: word & 0x0F) &<< 12 | Int(truncatingIfNeeded: (word &>> 2) & 0xFC0)
                | Int(truncatingIfNeeded: (word &>> 16) & 0x3F)
        }

        /// The 16-bit key of six bytes (the low ones of `six`, the others zero): a multiplicative hash.
        @inline(__always)
        private static func pairKey(_ six: UInt64) -> Int {
            Int(truncatingIfNeeded: (six &* 0x9E37_79B9_7F4A_7C15) &>> 48)
        }

        /// The 16-bit key of four bytes (the low ones of `four`, the others zero): a multiplicative hash.
        @inline(__always)
        private static func quadKey(_ four: UInt64) -> Int {
            Int(truncatingIfNeeded: (four &* 0xC2B2_AE3D_27D4_EB4F) &>> 48)
        }

        /// The 16-bit key of eight bytes (little-endian): a multiplicative hash.
        @inline(__always)
        private static func headKey(_ head: UInt64) -> Int {
            Int(truncatingIfNeeded: (head &* 0x9E37_79B9_7F4A_7C15) &>> 48)
        }

        /// Builds the tables; nil when some non-empty pattern does not start with a well-formed scalar below
        /// U+10000 (the scan would not try it where it starts). Empty patterns never match.
        init?(_ patterns: [[UInt8]]) {
            var words = [UInt64](repeating: 0, count: ScalarScan.entriesBase)
            var asciiFirsts: [UInt8] = []
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
                if pattern[0] < 0x80 && !asciiFirsts.contains(pattern[0]) { asciiFirsts.append(pattern[0]) }
                if pattern.count < 4 {
                    words[ScalarScan.shortBase + code >> 6] |= 1 << UInt64(code & 63)
                } else if pattern.count < 6 {
                    words[ScalarScan.midBase + code >> 6] |= 1 << UInt64(code & 63)
                    let key = ScalarScan.quadKey(prefix & 0xFFFF_FFFF)
                    words[ScalarScan.quadBase + key >> 6] |= 1 << UInt64(key & 63)
                } else {
                    let key = ScalarScan.pairKey(prefix & 0xFFFF_FFFF_FFFF)
                    words[ScalarScan.pairBase + key >> 6] |= 1 << UInt64(key & 63)
                }
                if pattern.count >= 3 && pattern[0] >= 0xE0 {
                    let key = ScalarScan.filterKey(
                        UInt64(pattern[0]) | UInt64(pattern[1]) << 8 | UInt64(pattern[2]) << 16
                    )
                    words[ScalarScan.filterBase + key >> 6] |= 1 << UInt64(key & 63)
                }
                if pattern.count >= 8 {
                    // Where it occurs, the text's next eight bytes are exactly its first eight.
                    let key = ScalarScan.headKey(prefix)
                    words[ScalarScan.headBase + key >> 6] |= 1 << UInt64(key & 63)
                    longs[key & ScalarScan.bucketMask].append(Int32(id))
                } else {
                    shorts[code & ScalarScan.bucketMask].append(Int32(id))
                }
            }
            for slot in 0..<ScalarScan.asciiSkipLimit {
                let byte = slot < asciiFirsts.count ? asciiFirsts[slot] : 0x80
                words[ScalarScan.asciiBase + slot] = 0x0101_0101_0101_0101 &* UInt64(byte)
            }
            words[ScalarScan.asciiBase + ScalarScan.asciiSkipLimit] =
                asciiFirsts.count <= ScalarScan.asciiSkipLimit ? 1 : 0
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
        /// The scan's hot loop, kept apart (and out of line) so that its few values stay in registers. CJK text is
        /// read two scalars to an eight-byte load: each three-byte scalar is tested first against the filter (a
        /// 2 KiB bitset of the low bits of its second and third bytes, no decoding), and only one that passes is
        /// decoded and tested exactly; where a three-byte scalar passes that starts no pattern shorter than four
        /// bytes, the keys of the four and six bytes there are tested too (most such scalars are not followed by a
        /// pattern's second character: `年`, `保`, the `公` of `公共`). A run of ASCII bytes none of which starts a pattern (digits, punctuation) is
        /// skipped up to eight bytes at a time.
        @inline(never)
        private static func nextCandidate(
            _ text: UnsafeBufferPointer<UInt8>,
            from index: Int,
            to upper: Int,
            firstScalars bits: UnsafePointer<UInt64>
        ) -> (index: Int, code: Int, length: Int) {
            guard let base = text.baseAddress else { return (upper, 0, 0) }
            let raw = UnsafeRawPointer(base)
            let filter = bits + filterBase
            let ascii = bits + asciiBase
            let asciiSkip = ascii[asciiSkipLimit] != 0
            let short = bits + shortBase
            let prefixes = bits + pairBase
            let mid = bits + midBase
            let quads = bits + quadBase
            let count = text.count
            var index = index
            /// Whether a pattern starting with the scalar `code` at `position` may occur there: one shorter than four
            /// bytes starts with it, or the four bytes there are some pattern of four or five bytes' first four, or the
            /// six bytes there are some longer pattern's first six (as far as their keys tell).
            @inline(__always) func mayOccur(_ code: Int, at position: Int) -> Bool {
                let bit = 1 &<< UInt64(truncatingIfNeeded: code & 63)
                if short[code &>> 6] & bit != 0 { return true }
                guard position &+ 8 <= count else { return true }
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                if mid[code &>> 6] & bit != 0 {
                    let key = quadKey(word & 0xFFFF_FFFF)
                    if quads[key &>> 6] & (1 &<< UInt64(truncatingIfNeeded: key & 63)) != 0 { return true }
                }
                let key = pairKey(word & 0xFFFF_FFFF_FFFF)
                return prefixes[key &>> 6] & (1 &<< UInt64(truncatingIfNeeded: key & 63)) != 0
            }
            /// Whether the three-byte scalar at the low end of `word` starts some pattern, as its code (or -1).
            @inline(__always) func test3(_ word: UInt64) -> Int {
                let key = filterKey(word)
                guard filter[key &>> 6] & (1 &<< UInt64(truncatingIfNeeded: key & 63)) != 0 else { return -1 }
                let code = code3(word)
                return bits[code &>> 6] & (1 &<< UInt64(truncatingIfNeeded: code & 63)) != 0 ? code : -1
            }
            // Where an eight-byte load stays inside the text and the scalar after a first one of three bytes still
            // starts before `upper`.
            let pairs = min(upper &- 3, text.count &- 7)
            while index < pairs {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if word & 0x00C0_C0F0 == 0x0080_80E0 {
                    let code = test3(word)
                    if code >= 0 && mayOccur(code, at: index) { return (index, code, 3) }
                    let next = word &>> 24
                    if next & 0x00C0_C0F0 == 0x0080_80E0 {
                        let code = test3(next)
                        if code >= 0 && mayOccur(code, at: index &+ 3) { return (index &+ 3, code, 3) }
                        index &+= 6
                        continue
                    }
                    index &+= 3
                    continue
                }
                let lead = Int(truncatingIfNeeded: word & 0xFF)
                if lead < 0x80 {
                    if asciiSkip {
                        // Up to eight bytes at once: those before the first that is not ASCII or is an ASCII first
                        // byte (the zero-byte test is exact up to the first byte it flags).
                        @inline(__always) func has(_ repeated: UInt64) -> UInt64 {
                            let x = word ^ repeated
                            return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                        }
                        let stops =
                            word & 0x8080_8080_8080_8080 | has(ascii[0]) | has(ascii[1]) | has(ascii[2])
                            | has(ascii[3])
                        let skip = stops.trailingZeroBitCount &>> 3
                        if skip == 0 { return (index, lead, 1) }
                        index &+= skip
                        continue
                    }
                    if bits[lead &>> 6] & (1 &<< UInt64(truncatingIfNeeded: lead & 63)) != 0 { return (index, lead, 1) }
                    index &+= 1
                    continue
                }
                let (code, step) = decode(text, at: index)
                if bits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 { return (index, code, step) }
                index &+= step
            }
            // The end of the range: a four-byte load, one scalar at a time.
            let fast = min(upper, text.count &- 3)
            while index < fast {
                let lead = base[index]
                if lead < 0x80 {
                    if bits[Int(lead &>> 6)] & (1 &<< UInt64(lead & 63)) != 0 { return (index, Int(lead), 1) }
                    index &+= 1
                    continue
                }
                let word = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
                if word & 0x00C0_C0F0 == 0x0080_80E0 {
                    let code = code3(word)
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
