extension MultiPatternMatcher {
    /// The tables of the scalar scan (``MultiPatternMatcher/forEachMatch(in:from:to:scalarAligned:_:)`` with
    /// `scalarAligned`), and the scan itself.
    ///
    /// A pattern can only start where a scalar starts (its first byte is not a continuation byte), so the scan
    /// visits scalar starts only (``scan(_:from:to:words:buckets:patternBytes:odd:_:)``, one loop over all the
    /// candidates). A CJK scalar is tested with the one after it, not decoded: the key of the two (``pairKey(_:)`` of
    /// their six bytes, or of four where the second is ASCII) against a bitset of the patterns' first two scalars,
    /// since most characters that start a pattern (`年`, `公`, `支`) are far more often followed by a character no
    /// pattern goes on with. Any other scalar's code point is tested against a bitset of the patterns' first scalars.
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
        /// set when some pattern of eight bytes or more has the ``headKey(_:)`` `k`); from ``asciiBase``, the ASCII
        /// first bytes (up to four, each repeated in all eight bytes of a word, unused ones 0x80…) and a word that is
        /// 1 when there are no more than four (else the ASCII skip is off); at ``oddFlag``, 1 when some pattern is odd
        /// (see ``oddBase``); from ``pairBase``, the bitset of the ``pairKey(_:)`` of every pattern that starts with a
        /// three-byte scalar and has a pair key (``pairPrefix(_:)``; 1024 words); from ``oddBase``, the bitset of the
        /// first scalars of the odd patterns, the others that start with a three-byte scalar (a lone character, a
        /// character and a two-byte one: 1024 words); then, from ``entriesBase``,
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
        /// Where the ASCII first bytes start in ``words``.
        private static let asciiBase = 2049
        /// Most ASCII first bytes the ASCII skip compares with.
        private static let asciiSkipLimit = 4
        /// The word that tells whether some pattern is odd.
        private static let oddFlag = 2054
        /// Where the pair keys start in ``words``.
        private static let pairBase = 2055
        /// Where the odd patterns' first scalars start in ``words``.
        private static let oddBase = 3079
        /// Where the per-pattern entries start in ``words``.
        private static let entriesBase = 4103
        /// The code looked up for a byte that starts no well-formed scalar: its bitset word is zero.
        private static let noScalar = 1024 << 6
        private static let bucketMask = 0xFFF
        /// Where the long buckets start in ``buckets``.
        private static let longBucketBase = bucketMask + 2

        /// The bytes of a pair key at the low end of `word` (little-endian; a three-byte scalar first): six bytes,
        /// or four where the fourth is ASCII (a character and an ASCII one: `类)`, `共\n`). Where a pattern occurs,
        /// the text's bytes there give the pattern's pair prefix.
        @inline(__always)
        private static func pairPrefix(_ word: UInt64) -> UInt64 {
            // All ones when the fourth byte is not ASCII (its top bit copied down), else zero.
            let wide = UInt64(bitPattern: Int64(bitPattern: word &<< 32) &>> 63)
            return word & (wide & 0xFFFF_0000_0000 | 0xFFFF_FFFF)
        }

        /// The code point of the three-byte scalar at the low end of `word` (little-endian; its bytes checked by
        /// the caller).
        @inline(__always)
        private static func code3(_ word: UInt64) -> Int {
            Int(truncatingIfNeeded: word & 0x0F) &<< 12 | Int(truncatingIfNeeded: (word &>> 2) & 0xFC0)
                | Int(truncatingIfNeeded: (word &>> 16) & 0x3F)
        }

        /// The 16-bit key of a ``pairPrefix(_:)`` (six or four bytes, the others zero): a multiplicative hash of
        /// the six bytes moved to the top of the word. The move drops the two bytes above them, so the key of a
        /// word's low six bytes needs no mask: `pairKey(word & 0xFFFF_FFFF_FFFF)` compiles to one multiplication
        /// (the shift folds into the multiplier), where masking first cost a 64-bit constant and an `and` per test.
        @inline(__always)
        private static func pairKey(_ six: UInt64) -> Int {
            Int(truncatingIfNeeded: ((six &<< 16) &* 0x9E37_79B9_7F4A_7C15) &>> 48)
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
                if pattern[0] >= 0xE0 {
                    // A three-byte scalar first (decoded above): the text's pair prefix where it occurs is its first
                    // six bytes, or four when its fourth is ASCII; it needs that many.
                    if pattern.count >= 6 || (pattern.count >= 4 && pattern[3] < 0x80) {
                        let key = ScalarScan.pairKey(ScalarScan.pairPrefix(prefix))
                        words[ScalarScan.pairBase + key >> 6] |= 1 << UInt64(key & 63)
                    } else {
                        words[ScalarScan.oddBase + code >> 6] |= 1 << UInt64(code & 63)
                        words[ScalarScan.oddFlag] = 1
                    }
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

        /// Calls `body` with every occurrence inside `text[lower..<upper]` (both within `text`), in order of start
        /// offset, then of pattern id; `body` returns whether to go on. `bits` is ``words``, `buckets` ``buckets``.
        ///
        /// One loop visits every candidate: the filters find the next scalar start where some pattern may start
        /// (as far as they tell), the patterns that may start there are compared, and the filters go on from the
        /// next scalar. The filters' values (the table pointers, the ASCII first bytes in vector registers, the
        /// loop bounds) are set up once per scan, not once per candidate as when the filters were a function called
        /// per candidate (about 60 instructions each). One copy for pattern sets with odd patterns and one without
        /// (`Odd`: no test for them per character). A three-byte scalar is tested by its pair key only (its bytes
        /// are not decoded), two to a step where two follow each other: the first's key is then its six bytes. The
        /// last ten bytes of the text are tested scalar by scalar against the first scalars. A run of ASCII bytes
        /// none of which starts a pattern (digits, punctuation) is skipped up to sixteen bytes at a time (eight near
        /// the text's end).
        @inline(__always)
        private static func scan<Odd: OddPatterns>(
            _ text: UnsafeBufferPointer<UInt8>,
            from lower: Int,
            to upper: Int,
            words bits: UnsafePointer<UInt64>,
            buckets: UnsafePointer<Int32>,
            patternBytes: UnsafeBufferPointer<UInt8>,
            odd: Odd.Type,
            _ body: (_ match: Match) -> Bool
        ) {
            let hasOdd = Odd.present
            guard let base = text.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            let ascii = bits + asciiBase
            let asciiSkip = ascii[asciiSkipLimit] != 0
            // The ASCII first bytes, each in all sixteen lanes (from the words that hold it in all eight bytes).
            let first0 = unsafeBitCast(SIMD2<UInt64>(repeating: ascii[0]), to: SIMD16<Int8>.self)
            let first1 = unsafeBitCast(SIMD2<UInt64>(repeating: ascii[1]), to: SIMD16<Int8>.self)
            let first2 = unsafeBitCast(SIMD2<UInt64>(repeating: ascii[2]), to: SIMD16<Int8>.self)
            let first3 = unsafeBitCast(SIMD2<UInt64>(repeating: ascii[3]), to: SIMD16<Int8>.self)
            let prefixes = bits + pairBase
            let oddFirsts = bits + oddBase
            let count = text.count
            /// Whether some pattern may start with the three-byte scalar at the low end of `word`, whose pair prefix
            /// is `prefix`: its pair key is some pattern's, or some odd pattern starts with it.
            @inline(__always) func mayStart(_ word: UInt64, prefix: UInt64) -> Bool {
                let key = pairKey(prefix)
                if prefixes[key &>> 6] & (1 &<< UInt64(truncatingIfNeeded: key & 63)) != 0 { return true }
                guard hasOdd else { return false }
                let code = code3(word)
                return oddFirsts[code &>> 6] & (1 &<< UInt64(truncatingIfNeeded: code & 63)) != 0
            }
            // Where an eight-byte load at the scalar after a first one of three bytes stays inside the text and that
            // scalar still starts before `upper`.
            let pairs = min(upper &- 3, count &- 10)
            // The end of the range: a four-byte load, one scalar at a time.
            let fast = min(upper, count &- 3)
            var index = lower
            while true {
                // The next candidate: the scalar at `index`, its code and length.
                var code = 0
                var step = 0
                candidate: do {
                    while index < pairs {
                        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                        if word & 0x00C0_C0F0 == 0x0080_80E0 {
                            // A run of three-byte scalars, two to a step: where the two after the first are three-
                            // byte scalars too (one test of the eight bytes from the second), the first two are
                            // tested by the pair keys of their six bytes, and the step ends on a scalar already
                            // checked (no test of the first again). At the run's end, the last by its pair prefix.
                            var first = word
                            while true {
                                let second = UInt64(
                                    littleEndian: raw.loadUnaligned(fromByteOffset: index &+ 3, as: UInt64.self)
                                )
                                if second & 0xC0C0_F0C0_C0F0 == 0x8080_E080_80E0 {
                                    if mayStart(first, prefix: first & 0xFFFF_FFFF_FFFF) {
                                        code = code3(first)
                                        step = 3
                                        break candidate
                                    }
                                    if mayStart(second, prefix: second & 0xFFFF_FFFF_FFFF) {
                                        index &+= 3
                                        code = code3(second)
                                        step = 3
                                        break candidate
                                    }
                                    index &+= 6
                                    guard index < pairs else { break }
                                    first = UInt64(
                                        littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                                    )
                                    continue
                                }
                                if mayStart(first, prefix: pairPrefix(first)) {
                                    code = code3(first)
                                    step = 3
                                    break candidate
                                }
                                index &+= 3
                                break
                            }
                            continue
                        }
                        let lead = Int(truncatingIfNeeded: word & 0xFF)
                        if lead < 0x80 {
                            if asciiSkip && index &+ 16 <= count {
                                // Up to sixteen bytes at once (SSE2): those before the first that is not ASCII or is
                                // an ASCII first byte.
                                let bytes = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<Int8>.self)
                                // Vector against vector only, and the mask read as its lanes (0 or -1): the scalar
                                // forms are built lane by lane here.
                                let stops =
                                    bytes .< SIMD16<Int8>(repeating: 0) .| bytes .== first0 .| bytes .== first1
                                    .| bytes .== first2 .| bytes .== first3
                                let lanes = unsafeBitCast(stops, to: SIMD2<UInt64>.self)
                                // Eight bits per lane before the first stop.
                                let low = UInt64(littleEndian: lanes[0])
                                let skip =
                                    low != 0
                                    ? low.trailingZeroBitCount &>> 3
                                    : 8 &+ UInt64(littleEndian: lanes[1]).trailingZeroBitCount &>> 3
                                if skip == 0 {
                                    code = lead
                                    step = 1
                                    break candidate
                                }
                                index &+= skip
                                continue
                            }
                            if asciiSkip {
                                // Up to eight bytes at once: those before the first that is not ASCII or is an ASCII
                                // first byte (the zero-byte test is exact up to the first byte it flags).
                                @inline(__always) func has(_ repeated: UInt64) -> UInt64 {
                                    let x = word ^ repeated
                                    return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                                }
                                let stops =
                                    word & 0x8080_8080_8080_8080 | has(ascii[0]) | has(ascii[1]) | has(ascii[2])
                                    | has(ascii[3])
                                let skip = stops.trailingZeroBitCount &>> 3
                                if skip == 0 {
                                    code = lead
                                    step = 1
                                    break candidate
                                }
                                index &+= skip
                                continue
                            }
                            if bits[lead &>> 6] & (1 &<< UInt64(truncatingIfNeeded: lead & 63)) != 0 {
                                code = lead
                                step = 1
                                break candidate
                            }
                            index &+= 1
                            continue
                        }
                        (code, step) = decode(text, at: index)
                        if bits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 { break candidate }
                        index &+= step
                    }
                    while index < fast {
                        let lead = base[index]
                        if lead < 0x80 {
                            if bits[Int(lead &>> 6)] & (1 &<< UInt64(lead & 63)) != 0 {
                                code = Int(lead)
                                step = 1
                                break candidate
                            }
                            index &+= 1
                            continue
                        }
                        let word = UInt64(
                            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                        )
                        if word & 0x00C0_C0F0 == 0x0080_80E0 {
                            code = code3(word)
                            step = 3
                            if bits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 { break candidate }
                            index &+= 3
                            continue
                        }
                        (code, step) = decode(text, at: index)
                        if bits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 { break candidate }
                        index &+= step
                    }
                    while index < upper {
                        (code, step) = decode(text, at: index)
                        if bits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 { break candidate }
                        index &+= step
                    }
                    return
                }
                // The patterns that may start at the candidate: those of fewer than eight bytes starting with its
                // scalar, and those of eight bytes or more whose first eight hash as the next eight bytes here.
                let single = code & bucketMask
                var short = Int(buckets[single])
                let shortEnd = Int(buckets[single &+ 1])
                var long = 0
                var longEnd = 0
                // Nothing of eight bytes or more fits where fewer than eight bytes are left.
                let hasHead = index &+ 8 <= count
                let head = hasHead ? UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) : 0
                if hasHead {
                    let key = headKey(head)
                    if bits[headBase &+ key &>> 6] & (1 &<< UInt64(key & 63)) != 0 {
                        let bucket = longBucketBase &+ key & bucketMask
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
                    let entry = entriesBase &+ id &* 3
                    let info = bits[entry &+ 2]
                    let length = Int(truncatingIfNeeded: info & 0xFFFF_FFFF)
                    guard index &+ length <= upper else { continue }
                    if hasHead {
                        // The first eight bytes in one compare (most candidates differ there).
                        guard (head ^ bits[entry]) & bits[entry &+ 1] == 0 else { continue }
                        if length > 8 {
                            // The rest eight bytes at a time, the last eight overlapping (the pattern has more than
                            // eight bytes and ends by `upper`).
                            let first = Int(truncatingIfNeeded: info &>> 32)
                            let pattern = UnsafeRawPointer(patternBytes.baseAddress.unsafelyUnwrapped)
                            @inline(__always) func same(_ offset: Int) -> Bool {
                                raw.loadUnaligned(fromByteOffset: index &+ offset, as: UInt64.self)
                                    == pattern.loadUnaligned(fromByteOffset: first &+ offset, as: UInt64.self)
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

        /// Calls `body` with every occurrence inside `bytes[lower..<upper]` (both within `bytes`), in order of start
        /// offset, then of pattern id; `body` returns whether to go on.
        @inline(__always)
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
                            guard let bits = words.baseAddress, let buckets = buckets.baseAddress else { return }
                            if bits[ScalarScan.oddFlag] != 0 {
                                ScalarScan.scan(
                                    text,
                                    from: lower,
                                    to: upper,
                                    words: bits,
                                    buckets: buckets,
                                    patternBytes: patternBytes,
                                    odd: WithOddPatterns.self,
                                    body
                                )
                            } else {
                                ScalarScan.scan(
                                    text,
                                    from: lower,
                                    to: upper,
                                    words: bits,
                                    buckets: buckets,
                                    patternBytes: patternBytes,
                                    odd: WithoutOddPatterns.self,
                                    body
                                )
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whether a pattern set has odd patterns (``MultiPatternMatcher/ScalarScan``): the scan loop is specialized on it.
private protocol OddPatterns {
    /// Whether there are odd patterns.
    static var present: Bool { get }
}

/// A pattern set with odd patterns.
private enum WithOddPatterns: OddPatterns {
    static var present: Bool { true }
}

/// A pattern set without odd patterns.
private enum WithoutOddPatterns: OddPatterns {
    static var present: Bool { false }
}
