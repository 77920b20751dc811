/// Normalizes decoded document text for scanning, keeping a byte map back to the original.
///
/// What it does, in one linear pass over UTF-8 bytes (no regex, no `Character` iteration):
/// - full-width ASCII forms (U+FF01…U+FF5E: `１２３．，：（）`) become ASCII;
/// - ideographic space, no-break space, tabs become spaces; zero-width characters and BOMs are dropped;
/// - CR LF and CR become LF, form feeds (PDF page breaks) become LF;
/// - horizontal whitespace is dropped unless it separates two ASCII letters or digits, where a run becomes one
///   space: `157.21 万元` → `157.21万元`, `本 年 收 入` → `本年收入`, but `1651.99 1335.23` keeps its space;
/// - an ASCII thousands separator (`9,101.68`) is dropped when a digit precedes it and exactly three digits
///   follow it.
public enum TextNormalizer {
    /// Normalizes `text`.
    public static func normalize(_ text: String) -> NormalizedText {
        var source = Array(text.utf8)
        return normalize(utf8: &source)
    }

    /// Normalizes UTF-8 bytes (consumed as the original).
    public static func normalize(utf8 source: inout [UInt8]) -> NormalizedText {
        let count = source.count
        var map: [Int32] = []
        // Nothing the normalizer does makes text longer (full-width forms and wide spaces shrink to one byte), so
        // both buffers are allocated once at their largest and filled through pointers.
        let out = [UInt8](unsafeUninitializedCapacity: count) { outBuffer, outCount in
            map = [Int32](unsafeUninitializedCapacity: count + 1) { mapBuffer, mapCount in
                outCount = source.withUnsafeBufferPointer { trustedRun($0, out: outBuffer, map: mapBuffer) }
                mapBuffer[outCount] = Int32(truncatingIfNeeded: count)
                mapCount = outCount + 1
            }
        }
        return NormalizedText(bytes: out, original: source, originalOffsets: map)
    }

    /// Normalizes bytes that have not been validated, validating them in the same pass: nil when they are not
    /// valid UTF-8 or hold a control character ``ControlCharacters`` would replace (the decoder then validates,
    /// cleans and normalizes in separate passes). Otherwise the same as ``normalize(utf8:)``.
    ///
    /// The decoder reads UTF-8 documents through this, so that their bytes are read once for both.
    static func normalize(validatingUTF8 source: [UInt8]) -> NormalizedText? {
        let count = source.count
        var map: [Int32] = []
        var valid = true
        let out = [UInt8](unsafeUninitializedCapacity: count) { outBuffer, outCount in
            map = [Int32](unsafeUninitializedCapacity: count + 1) { mapBuffer, mapCount in
                let written = source.withUnsafeBufferPointer { validatingRun($0, out: outBuffer, map: mapBuffer) }
                guard written >= 0 else {
                    valid = false
                    return
                }
                mapBuffer[written] = Int32(truncatingIfNeeded: count)
                mapCount = written + 1
                outCount = written
            }
        }
        guard valid else { return nil }
        return NormalizedText(bytes: out, original: source, originalOffsets: map)
    }

    /// ``run(_:out:map:validating:)`` on text known to be valid UTF-8.
    private static func trustedRun(
        _ source: UnsafeBufferPointer<UInt8>,
        out: UnsafeMutableBufferPointer<UInt8>,
        map: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        run(source, out: out, map: map, validating: false)
    }

    /// ``run(_:out:map:validating:)`` checking UTF-8 and control characters: -1 at the first failure.
    private static func validatingRun(
        _ source: UnsafeBufferPointer<UInt8>,
        out: UnsafeMutableBufferPointer<UInt8>,
        map: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        run(source, out: out, map: map, validating: true)
    }

    /// The normalizing loop: reads `source`, writes `out` and its `map`, returns the number of bytes written, or
    /// -1 when `validating` and the source is not valid UTF-8 or holds a control character.
    @inline(__always)
    private static func run(
        _ source: UnsafeBufferPointer<UInt8>,
        out: UnsafeMutableBufferPointer<UInt8>,
        map: UnsafeMutableBufferPointer<Int32>,
        validating: Bool
    ) -> Int {
        guard let src = source.baseAddress, let dst = out.baseAddress, let offsets = map.baseAddress else { return 0 }
        let count = source.count
        var output = NormalizerOutput(bytes: dst, offsets: offsets)
        var index = 0

        while index < count {
            let lead = src[index]
            if lead < 0x80 {
                // A UTF-8 offset is its own original offset.
                guard
                    output.ascii(
                        src,
                        count: count,
                        at: &index,
                        originShift: 0,
                        original: nil,
                        rejectingControls: validating
                    )
                else { return -1 }
                continue
            }

            // Three-byte characters kept as they are, most of a document's text: CJK ideographs (E4…E9 and the rest
            // of E4…EC) and CJK punctuation (E3 but U+3000), a run at a time.
            if lead &- 0xE3 < 0x0A, index &+ 2 < count {
                let (consumed, produced) = copyKeptRun(
                    src,
                    count: count,
                    from: index,
                    to: dst,
                    offsets: offsets,
                    at: output.count
                )
                if consumed > 0 {
                    index &+= consumed
                    output.keptNonASCII(produced, lastByte: dst[output.count &+ produced &- 1])
                    continue
                }
            }

            // Full-width ASCII forms (EF BC 81…EF BD 9E, U+FF01…U+FF5E: `，：（）１`) become ASCII. EF and any two
            // continuation bytes are valid UTF-8: nothing more to check.
            if lead == 0xEF, index &+ 2 < count, src[index &+ 2] & 0xC0 == 0x80 {
                let second = src[index &+ 1]
                let third = src[index &+ 2]
                let mapped = fullWidthASCII(second: second, third: third)
                if mapped != 0 {
                    output.emitASCII(mapped, from: index)
                    index &+= 3
                    continue
                }
            }

            // Everything else non-ASCII: apart from the loop (rare), so that the steps above inline into it.
            let length = otherCharacter(source, at: index, output: &output, validating: validating)
            guard length > 0 else { return -1 }
            index &+= length
        }
        return output.count
    }

    /// Applies the rules to the non-ASCII character at `index` that the loop's fast steps leave (two- and
    /// four-byte characters, E0…E2, ED, EE and the rest of EF, U+3000): checked in full when `validating`, then
    /// decoded to its scalar. Returns its length, 0 when `validating` and it is not valid UTF-8.
    @inline(never)
    private static func otherCharacter(
        _ source: UnsafeBufferPointer<UInt8>,
        at index: Int,
        output: inout NormalizerOutput,
        validating: Bool
    ) -> Int {
        guard let src = source.baseAddress else { return 0 }
        let count = source.count
        let lead = src[index]
        // Everything else non-ASCII: checked in full when validating, then decoded to its scalar.
        if validating, UTF8Validator.sequenceFailure(source, at: index) != nil { return 0 }
        var scalar: UInt32
        var length: Int
        if lead >= 0xF0, index + 3 < count {
            scalar =
                (UInt32(lead & 0x07) << 18) | (UInt32(src[index + 1] & 0x3F) << 12)
                | (UInt32(src[index + 2] & 0x3F) << 6) | UInt32(src[index + 3] & 0x3F)
            length = 4
        } else if lead >= 0xE0, index + 2 < count {
            scalar =
                (UInt32(lead & 0x0F) << 12) | (UInt32(src[index + 1] & 0x3F) << 6)
                | UInt32(src[index + 2] & 0x3F)
            length = 3
        } else if lead >= 0xC0, index + 1 < count {
            scalar = (UInt32(lead & 0x1F) << 6) | UInt32(src[index + 1] & 0x3F)
            length = 2
        } else {
            // Not reachable for valid UTF-8 (Swift strings are valid); keep the byte as is.
            output.dropPendingSpace()
            output.emit(lead, from: index)
            return 1
        }
        if output.nonASCII(scalar, from: index) {
            for offset in 0..<length { output.emit(src[index + offset], from: index) }
        }
        return length
    }

    /// Copies the run that starts at `start` with a three-byte character kept as it is (``isKeptAsIs(_:)``) into
    /// `dst` and its map at `written`, the full-width ASCII forms inside it turned into ASCII; returns the bytes
    /// read and written (0 and 0 when the character at `start` is not one).
    ///
    /// Apart from the loop (which has too many live values for the registers). Five characters at a time where
    /// sixteen bytes are left: one SSE2 compare checks their leads (E4…EC) and continuation bytes, which is all the
    /// validation they need, and says how many of the five pass; the fifteen bytes are stored as loaded and their
    /// map entries as four vectors whatever that number, and the loop moves on by it. What stops a block (a lead
    /// E3, CJK punctuation such as `、。`; a full-width form; the end of the run) is looked at one character at a
    /// time. Stores past what the run keeps are overwritten later or lie past the end of the output: the output
    /// never runs ahead of the input (nothing the normalizer does makes text longer), so sixteen bytes and
    /// entries from the output position stay inside the output's and the map's capacity.
    ///
    /// A full-width form inside the run becomes its ASCII byte as ``NormalizerOutput/emitASCII(_:from:)`` would
    /// write it: after a kept character there is no pending space.
    @inline(__always)
    private static func copyKeptRun(
        _ src: UnsafePointer<UInt8>,
        count: Int,
        from start: Int,
        to dst: UnsafeMutablePointer<UInt8>,
        offsets: UnsafeMutablePointer<Int32>,
        at written: Int
    ) -> (consumed: Int, produced: Int) {
        let raw = UnsafeRawPointer(src)
        let out = UnsafeMutableRawPointer(dst)
        let map = UnsafeMutableRawPointer(offsets)
        var index = start
        var target = written
        while index &+ 2 < count {
            if index &+ 16 <= count {
                let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                // Unsigned: a lead passes at 0…8 (E4…EC), a continuation byte at 0…3F; lane 15 always passes.
                let passes: SIMDMask<SIMD16<Int8>> = (block &- keptBlockBase) .<= keptBlockLimit
                let lanes = unsafeBitCast(passes, to: SIMD2<UInt64>.self)
                let low = lanes[0]
                var characters = 5
                if low & lanes[1] != .max {
                    let firstFailing =
                        low != .max ? (~low).trailingZeroBitCount &>> 3 : 8 &+ (~lanes[1]).trailingZeroBitCount &>> 3
                    // Whole characters before the first failing lane (0…14; 15 does not fail).
                    characters = (firstFailing &* 0xAB) &>> 9
                }
                out.storeBytes(of: block, toByteOffset: target, as: SIMD16<UInt8>.self)
                let base = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: index))
                map.storeBytes(of: base &+ SIMD4<Int32>(0, 0, 0, 3), toByteOffset: target &* 4, as: SIMD4<Int32>.self)
                map.storeBytes(
                    of: base &+ SIMD4<Int32>(3, 3, 6, 6),
                    toByteOffset: target &* 4 &+ 16,
                    as: SIMD4<Int32>.self
                )
                map.storeBytes(
                    of: base &+ SIMD4<Int32>(6, 9, 9, 9),
                    toByteOffset: target &* 4 &+ 32,
                    as: SIMD4<Int32>.self
                )
                map.storeBytes(
                    of: base &+ SIMD4<Int32>(12, 12, 12, 15),
                    toByteOffset: target &* 4 &+ 48,
                    as: SIMD4<Int32>.self
                )
                index &+= characters &* 3
                target &+= characters &* 3
                if characters == 5 { continue }
                guard index &+ 2 < count else { break }
            }
            // One character: one led by E3 (or any, near the end) kept as it is, or a full-width form.
            let tail = raw.loadUnaligned(fromByteOffset: index &+ 1, as: UInt16.self)
            let lead = src[index]
            let sequence = UInt64(lead) | UInt64(tail) &<< 8
            if sequence & 0xC0C0F0 == 0x8080E0, isKeptAsIs(sequence) {
                dst[target] = lead
                out.storeBytes(of: tail, toByteOffset: target &+ 1, as: UInt16.self)
                let origin = Int32(truncatingIfNeeded: index)
                offsets[target] = origin
                offsets[target &+ 1] = origin
                offsets[target &+ 2] = origin
                index &+= 3
                target &+= 3
                continue
            }
            // EF and any two continuation bytes are valid UTF-8.
            guard lead == 0xEF, index != start, sequence & 0xC0_0000 == 0x80_0000 else { break }
            let mapped = fullWidthASCII(
                second: UInt8(truncatingIfNeeded: tail),
                third: UInt8(truncatingIfNeeded: tail &>> 8)
            )
            guard mapped != 0 else { break }
            dst[target] = mapped
            offsets[target] = Int32(truncatingIfNeeded: index)
            index &+= 3
            target &+= 1
        }
        return (index &- start, target &- written)
    }

    /// What ``copyKeptRun(_:count:from:to:offsets:at:)`` subtracts from a block of five three-byte characters: the
    /// lowest lead it keeps at each lead, the lowest continuation byte at the others, nothing in the last lane.
    /// (Computed, so that it folds into a constant rather than a lazily initialized global.)
    @inline(__always) private static var keptBlockBase: SIMD16<UInt8> {
        SIMD16(0xE4, 0x80, 0x80, 0xE4, 0x80, 0x80, 0xE4, 0x80, 0x80, 0xE4, 0x80, 0x80, 0xE4, 0x80, 0x80, 0)
    }
    /// The largest difference from ``keptBlockBase`` that passes, lane by lane.
    @inline(__always) private static var keptBlockLimit: SIMD16<UInt8> {
        SIMD16(0x08, 0x3F, 0x3F, 0x08, 0x3F, 0x3F, 0x08, 0x3F, 0x3F, 0x08, 0x3F, 0x3F, 0x08, 0x3F, 0x3F, 0xFF)
    }

    /// The ASCII byte the full-width form EF `second` `third` (U+FF01…U+FF5E) becomes; 0 for any other EF sequence.
    @inline(__always)
    static func fullWidthASCII(second: UInt8, third: UInt8) -> UInt8 {
        second == 0xBC && third >= 0x81 ? third &- 0x60 : second == 0xBD && third <= 0x9E ? third &- 0x20 : 0
    }

    /// Whether `byte` is ASCII the loop keeps as it is and that ends no pending space on its own: anything above
    /// the space but the comma, and the line feed.
    @inline(__always) static func isPlainASCII(_ byte: UInt8) -> Bool {
        (byte > 0x20 && byte < 0x7F && byte != 0x2C) || byte == 0x0A
    }

    /// Whether the three-byte sequence in the low bytes of `sequence` (lead first; lead and continuation bytes
    /// already checked) is a character the loop keeps as it is: E4…EC, or E3 but U+3000 (E3 80 80).
    @inline(__always) static func isKeptAsIs(_ sequence: UInt64) -> Bool {
        let lead = UInt8(truncatingIfNeeded: sequence)
        return lead &- 0xE4 < 9 || (lead == 0xE3 && sequence & 0xFF_FF00 != 0x80_8000)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}
