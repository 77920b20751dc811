/// Finds the first byte that makes input invalid UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
///
/// This is the one validation UTF-8 input gets: the decoder keeps the bytes (``DecodedDocument/utf8``) and makes
/// no `String` of the whole text, so the standard library's own validation never runs over it a second time.
enum UTF8Validator {
    /// Where and how UTF-8 validation failed.
    struct Failure: Sendable, Equatable {
        /// Byte offset of the sequence that is invalid.
        var offset: Int
        /// The input ends inside a sequence that would otherwise be valid.
        var truncated: Bool
    }

    /// What one pass over the input found.
    struct Scan: Sendable, Equatable {
        /// The first failure; nil when the input is valid UTF-8.
        var failure: Failure?
        /// The control characters ``ControlCharacters`` replaces, before ``failure`` (all of them when valid).
        var controlCount: Int
        /// Whether any byte is ≥ 0x80 (meaningful when there is no ``failure``).
        var hasNonASCII: Bool
        /// Whether U+FFFE or U+FFFF occurs (meaningful when there is no ``failure``): valid UTF-8, but characters
        /// libxml2's HTML parser rejects, which the HTML reader must know of.
        var hasNoncharacter = false
    }

    /// The first failure in `bytes`, or nil when they are valid UTF-8.
    static func firstFailure(_ bytes: [UInt8]) -> Failure? {
        scan(bytes).failure
    }

    /// Validates `bytes` and counts their control characters in the same pass: ASCII sixteen bytes at a time (the
    /// control count is a few operations per block), the three-byte sequences of CJK text five per block and
    /// compare; only the rarer leads (two- and four-byte, E0, ED, EF) go through the full checks.
    static func scan(_ bytes: [UInt8]) -> Scan {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return Scan(failure: nil, controlCount: 0, hasNonASCII: false) }
            let raw = UnsafeRawPointer(base)
            let count = buffer.count
            var index = 0
            var controls = 0
            var nonASCII = false
            var noncharacter = false
            while index < count {
                let lead = base[index]
                if lead < 0x80 {
                    if index &+ 16 <= count {
                        // Sixteen bytes at a time: the ASCII before the first non-ASCII byte (at least `lead`),
                        // its control characters counted when there are any.
                        let (length, found) = asciiBlock(raw, at: index)
                        controls &+= found
                        index &+= length
                        continue
                    }
                    guard index &+ 8 <= count else {
                        controls &+= ControlCharacters.isControl(lead) ? 1 : 0
                        index &+= 1
                        continue
                    }
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let high = word & 0x8080_8080_8080_8080
                    if high == 0 {
                        controls &+= ControlCharacters.controlCount(word)
                        index &+= 8
                        continue
                    }
                    // The ASCII bytes before the first non-ASCII one (at least one: `lead`); the rest of the word
                    // is marked non-ASCII so that it is not counted here (it is read again from its own start).
                    let asciiBits = high.trailingZeroBitCount & ~7
                    let kept: UInt64 = (1 &<< UInt64(asciiBits)) &- 1
                    controls &+= ControlCharacters.controlCount((word & kept) | (0x8080_8080_8080_8080 & ~kept))
                    index &+= asciiBits &>> 3
                    continue
                }
                nonASCII = true
                // A run of CJK text (leads E1…EC: ideographs, CJK punctuation, quotes): five characters per
                // sixteen-byte block (``threeByteBlock(_:at:)``); within sixteen bytes of the end, two per load, one
                // mask for both leads' high bits and all four continuation bytes.
                if lead &- 0xE1 < 0x0C {
                    let start = index
                    if index &+ 16 <= count {
                        var characters = 5
                        while characters == 5, index &+ 16 <= count {
                            characters = threeByteBlock(raw, at: index)
                            index &+= characters &* 3
                        }
                    } else {
                        while index &+ 8 <= count {
                            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                            guard word & 0x0000_C0C0_F0C0_C0F0 == 0x0000_8080_E080_80E0,
                                UInt8(truncatingIfNeeded: word) &- 0xE1 < 0x0C,
                                UInt8(truncatingIfNeeded: word &>> 24) &- 0xE1 < 0x0C
                            else { break }
                            index &+= 6
                        }
                    }
                    if index != start { continue }
                }
                // E1…EC, EE: any two continuation bytes (CJK ideographs, most punctuation). EF (full-width forms) is
                // tested on its own for U+FFFE and U+FFFF, so that the CJK path pays nothing for it.
                if lead &- 0xE1 < 0x0E, lead != 0xED, index &+ 2 < count {
                    let tail = raw.loadUnaligned(fromByteOffset: index &+ 1, as: UInt16.self)
                    guard tail & 0xC0C0 == 0x8080 else {
                        return Scan(
                            failure: Failure(offset: index, truncated: false),
                            controlCount: controls,
                            hasNonASCII: true
                        )
                    }
                    index &+= 3
                    continue
                }
                if lead == 0xEF, index &+ 2 < count {
                    let tail = raw.loadUnaligned(fromByteOffset: index &+ 1, as: UInt16.self)
                    guard tail & 0xC0C0 == 0x8080 else {
                        return Scan(
                            failure: Failure(offset: index, truncated: false),
                            controlCount: controls,
                            hasNonASCII: true
                        )
                    }
                    // EF BF BE and EF BF BF: the tail loaded little-endian is BEBF or BFBF.
                    if tail & 0xFEFF == 0xBEBF { noncharacter = true }
                    index &+= 3
                    continue
                }
                if let failure = sequenceFailure(buffer, at: index) {
                    return Scan(failure: failure, controlCount: controls, hasNonASCII: true)
                }
                index &+= lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            }
            return Scan(
                failure: nil,
                controlCount: controls,
                hasNonASCII: nonASCII,
                hasNoncharacter: noncharacter
            )
        }
    }

    /// How many of the five three-byte sequences in the sixteen bytes at `index` (0…5) are, from the first, led by
    /// E1…EC and followed by two continuation bytes: valid UTF-8 with no more checks (E1…EC have no overlong or
    /// surrogate second bytes) and neither control characters nor U+FFFE/U+FFFF.
    ///
    /// One unsigned compare for all sixteen lanes: each lane less its lowest valid byte is at most its range's
    /// width (a wrapped byte below the range is large); SSE2 has that as a byte minimum and an equality
    /// (`pminub`, `pcmpeqb`). Lane 15 always passes.
    @inline(__always)
    static func threeByteBlock(_ raw: UnsafeRawPointer, at index: Int) -> Int {
        let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
        let passes: SIMDMask<SIMD16<Int8>> = (block &- threeByteBlockBase) .<= threeByteBlockLimit
        let lanes = unsafeBitCast(passes, to: SIMD2<UInt64>.self)
        let low = lanes[0]
        guard low & lanes[1] != .max else { return 5 }
        let firstFailing = low != .max ? (~low).trailingZeroBitCount &>> 3 : 8 &+ (~lanes[1]).trailingZeroBitCount &>> 3
        // Whole sequences before the first failing lane (0…14): that lane divided by three.
        return (firstFailing &* 0xAB) &>> 9
    }

    /// What ``threeByteBlock(_:at:)`` subtracts lane by lane: the lowest lead it takes (E1) at each lead, the lowest
    /// continuation byte at the others, nothing in the last. (Computed, so that it folds into a constant.)
    @inline(__always) private static var threeByteBlockBase: SIMD16<UInt8> {
        SIMD16(0xE1, 0x80, 0x80, 0xE1, 0x80, 0x80, 0xE1, 0x80, 0x80, 0xE1, 0x80, 0x80, 0xE1, 0x80, 0x80, 0)
    }
    /// The largest difference from ``threeByteBlockBase`` that passes, lane by lane.
    @inline(__always) private static var threeByteBlockLimit: SIMD16<UInt8> {
        SIMD16(0x0B, 0x3F, 0x3F, 0x0B, 0x3F, 0x3F, 0x0B, 0x3F, 0x3F, 0x0B, 0x3F, 0x3F, 0x0B, 0x3F, 0x3F, 0xFF)
    }

    /// The ASCII at the start of the sixteen bytes at `index` (up to the first byte ≥ 0x80) and the control
    /// characters among it (``ControlCharacters/isControl(_:)``), in one block of SSE2 compares on signed bytes.
    @inline(__always)
    static func asciiBlock(_ raw: UnsafeRawPointer, at index: Int) -> (length: Int, controls: Int) {
        let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<Int8>.self)
        let nonASCII: SIMDMask<SIMD16<Int8>> = block .< SIMD16<Int8>(repeating: 0)
        let kept: SIMDMask<SIMD16<Int8>> =
            (block .== SIMD16<Int8>(repeating: 0x09)) .| (block .== SIMD16<Int8>(repeating: 0x0A))
            .| (block .== SIMD16<Int8>(repeating: 0x0C)) .| (block .== SIMD16<Int8>(repeating: 0x0D))
        // Below the space and ASCII, or DEL: the bytes ≥ 0x80 are negative, below the space too, and taken out.
        let control: SIMDMask<SIMD16<Int8>> =
            ((block .< SIMD16<Int8>(repeating: 0x20)) .& .!(kept .| nonASCII))
            .| (block .== SIMD16<Int8>(repeating: 0x7F))
        let high = unsafeBitCast(nonASCII, to: SIMD2<UInt64>.self)
        let length = high[0] != 0 ? high[0].trailingZeroBitCount &>> 3 : 8 &+ high[1].trailingZeroBitCount &>> 3
        let marks = unsafeBitCast(control, to: SIMD2<UInt64>.self)
        guard marks[0] | marks[1] != 0 else { return (length, 0) }
        // Rare: only the controls before the first non-ASCII byte count (what follows is read from its start).
        let low = length >= 8 ? marks[0] : marks[0] & ((1 &<< UInt64(length &* 8)) &- 1)
        let upper = length <= 8 ? 0 : length == 16 ? marks[1] : marks[1] & ((1 &<< UInt64((length &- 8) &* 8)) &- 1)
        let highBits: UInt64 = 0x8080_8080_8080_8080
        return (length, ControlCharacters.markCount(low & highBits) &+ ControlCharacters.markCount(upper & highBits))
    }

    /// Checks the sequence led by the non-ASCII byte at `index` with every rule (lead range, second-byte bounds for
    /// E0, ED, F0, F4, continuation bytes, truncation); nil when it is valid.
    static func sequenceFailure(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Failure? {
        let count = buffer.count
        let lead = buffer[index]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default:
            return Failure(offset: index, truncated: false)
        }
        for position in 1..<length {
            guard index + position < count else { return Failure(offset: index, truncated: true) }
            let byte = buffer[index + position]
            let (low, high) = position == 1 ? (lower, upper) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= low, byte <= high else { return Failure(offset: index, truncated: false) }
        }
        return nil
    }

    /// Whether `bytes` contain any byte ≥ 0x80.
    static func hasNonASCII(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 >= 0x80 }
    }
}
