/// GB18030 plain text to normalized text in one pass: each code is decoded through ``GB18030Tables`` into the
/// UTF-8 original and, in the same step, normalized into the scanned text, so the UTF-8 is not read a second time.
///
/// The result is exactly ``GB18030Transcoder/utf8(fromGB18030:)`` followed by
/// ``TextNormalizer/normalize(validatingUTF8:)``. The rules are ``TextNormalizer``'s, applied per decoded
/// character: the look-aheads they make (CR LF, the three digits after a thousands separator) read ASCII, which is
/// the same byte in GB18030 and in UTF-8, at the start of a character in both. Anything the tables do not decode
/// (a bad or cut-off sequence, the codes left to iconv) and control characters give up (nil): the caller then
/// transcodes and normalizes separately, and those steps say what is wrong.
enum GB18030Normalizer {
    /// `gb18030` decoded and normalized; nil where the separate steps must decide (see the type's notes), or when
    /// the UTF-8 text would be longer than `maximumTextBytes`.
    static func normalize(gb18030 input: [UInt8], maximumTextBytes: Int) -> NormalizedText? {
        guard !input.isEmpty, let tables = GB18030Tables.shared else { return nil }
        // One GB18030 byte becomes at most 2 UTF-8 bytes (as in the transcoder); characters are stored as whole
        // 4- or 8-byte words (and their map entries as four or eight), up to three bytes (entries) past their end, so
        // 16 more leave room past the last one.
        let capacity = 2 * input.count + 16
        var original: [UInt8] = []
        var map: [Int32] = []
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { outBuffer, outCount in
            map = [Int32](unsafeUninitializedCapacity: capacity + 1) { mapBuffer, mapCount in
                original = [UInt8](unsafeUninitializedCapacity: capacity) { originalBuffer, originalCount in
                    let counts = input.withUnsafeBufferPointer { source in
                        tables.twoByte.withUnsafeBufferPointer { twoByte in
                            tables.fourByte.withUnsafeBufferPointer { fourByte in
                                tables.runTwoByte.withUnsafeBufferPointer { runTwoByte in
                                    run(
                                        source,
                                        original: originalBuffer,
                                        out: outBuffer,
                                        map: mapBuffer,
                                        twoByte: twoByte,
                                        fourByte: fourByte,
                                        runTwoByte: runTwoByte
                                    )
                                }
                            }
                        }
                    }
                    guard let counts, counts.original <= maximumTextBytes else {
                        failed = true
                        return
                    }
                    originalCount = counts.original
                    mapBuffer[counts.normalized] = Int32(truncatingIfNeeded: counts.original)
                    mapCount = counts.normalized + 1
                    outCount = counts.normalized
                }
            }
        }
        guard !failed else { return nil }
        return NormalizedText(bytes: bytes, original: original, originalOffsets: map)
    }

    // MARK: - Private

    /// The loop: decodes `source` into `original`, normalizes into `out` and `map`; returns the bytes written to
    /// each, or nil (give up).
    private static func run(
        _ source: UnsafeBufferPointer<UInt8>,
        original: UnsafeMutableBufferPointer<UInt8>,
        out: UnsafeMutableBufferPointer<UInt8>,
        map: UnsafeMutableBufferPointer<Int32>,
        twoByte: UnsafeBufferPointer<UInt32>,
        fourByte: UnsafeBufferPointer<UInt32>,
        runTwoByte: UnsafeBufferPointer<UInt32>
    ) -> (original: Int, normalized: Int)? {
        guard let src = source.baseAddress, let orig = original.baseAddress, let dst = out.baseAddress,
            let offsets = map.baseAddress
        else { return nil }
        let origRaw = UnsafeMutableRawPointer(orig)
        let dstRaw = UnsafeMutableRawPointer(dst)
        let mapRaw = UnsafeMutableRawPointer(offsets)
        let count = source.count
        var index = 0
        // Bytes written to the original: the UTF-8 offset of the character being read.
        var origin = 0
        var output = NormalizerOutput(bytes: dst, offsets: offsets)

        while index < count {
            let lead = src[index]
            if lead < 0x80 {
                // ASCII is one byte in both: the original offset moves with the index.
                let shift = origin &- index
                guard
                    output.ascii(
                        src,
                        count: count,
                        at: &index,
                        originShift: shift,
                        original: orig,
                        rejectingControls: true
                    )
                else { return nil }
                origin = index &+ shift
                continue
            }

            // Most of the text: a run of two-byte codes of characters kept as they are and full-width punctuation.
            if lead &- 0x81 < 0x7E, let runBase = runTwoByte.baseAddress {
                let (consumed, produced) = twoByteRun(
                    src,
                    count: count,
                    from: index,
                    runTwoByte: runBase,
                    original: origRaw,
                    at: origin,
                    out: dstRaw,
                    map: mapRaw,
                    at: output.count
                )
                if consumed > 0 {
                    index &+= consumed
                    origin &+= consumed &>> 1 &* 3
                    output.keptNonASCII(produced, lastByte: dst[output.count &+ produced &- 1])
                    continue
                }
            }
            // Any other code: apart from the loop (rare), so that the steps above inline into it.
            guard
                let (consumed, written) = otherCode(
                    src,
                    count: count,
                    at: index,
                    twoByte: twoByte,
                    fourByte: fourByte,
                    original: origRaw,
                    at: origin,
                    output: &output
                )
            else { return nil }
            index &+= consumed
            origin &+= written
        }
        return (origin, output.count)
    }

    /// Decodes the code at `index` that is neither ASCII nor in the run table (a two-byte code of another
    /// character, a four-byte code) into `original` at `origin` and, normalized, into `output`; returns the input
    /// bytes read and the original bytes written, or nil when the tables do not decode it or it decodes to ASCII
    /// (give up).
    @inline(never)
    private static func otherCode(
        _ src: UnsafePointer<UInt8>,
        count: Int,
        at index: Int,
        twoByte: UnsafeBufferPointer<UInt32>,
        fourByte: UnsafeBufferPointer<UInt32>,
        original origRaw: UnsafeMutableRawPointer,
        at origin: Int,
        output: inout NormalizerOutput
    ) -> (consumed: Int, written: Int)? {
        let dstRaw = UnsafeMutableRawPointer(output.bytes)
        let mapRaw = UnsafeMutableRawPointer(output.offsets)
        let lead = src[index]
        // A code the tables decode, as its UTF-8 bytes (first lowest) and their count; anything else gives up.
        var entry: UInt32 = 0
        var consumed = 2
        if lead &- 0x81 < 0x7E, index &+ 1 < count {
            let second = src[index &+ 1]
            if second &- 0x30 >= 10 {
                entry = twoByte[(Int(lead) &- 0x81) &<< 8 | Int(second)]
            } else if index &+ 3 < count {
                let third = src[index &+ 2]
                let fourth = src[index &+ 3]
                if third &- 0x81 < 0x7E, fourth &- 0x30 < 10 {
                    consumed = 4
                    let linear = GB18030Tables.fourByteLinearIndex(lead, second, third, fourth)
                    if linear < GB18030Tables.fourByteCount {
                        entry = fourByte[linear]
                    } else if linear &- GB18030Tables.supplementaryBase < 0x10_0000,
                        linear >= GB18030Tables.supplementaryBase
                    {
                        // Supplementary planes: four UTF-8 bytes, kept as they are.
                        let scalar = UInt32(linear &- GB18030Tables.supplementaryBase) &+ 0x1_0000
                        let utf8 = GB18030Tables.supplementaryUTF8(scalar)
                        origRaw.storeBytes(of: utf8.littleEndian, toByteOffset: origin, as: UInt32.self)
                        output.dropPendingSpace()
                        for offset in 0..<4 {
                            output.emit(UInt8(truncatingIfNeeded: utf8 &>> (8 * offset)), from: origin)
                        }
                        return (4, 4)
                    }
                }
            }
        }
        let length = Int(entry &>> 24)
        // No entry, or one decoding to ASCII (whose rules look ahead in UTF-8 terms): the separate steps decide.
        guard length >= 2 else { return nil }
        origRaw.storeBytes(of: entry.littleEndian, toByteOffset: origin, as: UInt32.self)
        if length == 3, TextNormalizer.isKeptAsIs(UInt64(entry)) {
            // A four-byte code of a character kept as it is: copied, each byte mapped to the character's first.
            dstRaw.storeBytes(of: entry.littleEndian, toByteOffset: output.count, as: UInt32.self)
            let at = Int32(truncatingIfNeeded: origin)
            mapRaw.storeBytes(
                of: SIMD4<Int32>(repeating: at),
                toByteOffset: output.count &* 4,
                as: SIMD4<Int32>.self
            )
            output.keptNonASCII(3, lastByte: UInt8(truncatingIfNeeded: entry &>> 16))
            return (consumed, 3)
        }
        let scalar: UInt32
        if length == 3 {
            scalar = (entry & 0x0F) << 12 | (entry &>> 8 & 0x3F) << 6 | (entry &>> 16 & 0x3F)
        } else {
            scalar = (entry & 0x1F) << 6 | (entry &>> 8 & 0x3F)
        }
        if output.nonASCII(scalar, from: origin) {
            for offset in 0..<length {
                output.emit(UInt8(truncatingIfNeeded: entry &>> UInt32(8 * offset)), from: origin)
            }
        }
        return (consumed, length)
    }

    /// Decodes the run of two-byte codes at `start` that ``GB18030Tables/runTwoByte`` holds (characters kept as
    /// they are, full-width punctuation) into `original` at `origin` and, normalized, into `out` at `written`, each
    /// output byte mapped to its character's first original byte; returns the input bytes read (0 when the code
    /// at `start` is not one) and the output bytes written. Any pending space before the run is dropped: none of
    /// its characters is a letter or a digit.
    ///
    /// Two codes at a time: one load for both. Where both are characters kept as they are (most of the time),
    /// their six UTF-8 bytes are stored at once to both outputs and the six map entries as two vectors, in a loop
    /// kept to the loads, the tests and the stores. Where one of them is full-width punctuation, each is written
    /// alone and the loop goes on, its vectors moved on, not rebuilt; it stops at the first code that is not in the
    /// table, after writing the one before it. The last code of an odd number before the end is read alone. Every
    /// store may write up to three bytes (entries) past what it means to; the buffers leave room for that (see
    /// ``normalize(gb18030:maximumTextBytes:)``) and what follows overwrites them.
    @inline(__always)
    private static func twoByteRun(
        _ src: UnsafePointer<UInt8>,
        count: Int,
        from start: Int,
        runTwoByte table: UnsafePointer<UInt32>,
        original: UnsafeMutableRawPointer,
        at origin: Int,
        out: UnsafeMutableRawPointer,
        map: UnsafeMutableRawPointer,
        at written: Int
    ) -> (consumed: Int, produced: Int) {
        let raw = UnsafeRawPointer(src)
        var index = start
        var target = origin
        var output = written
        // The map entries of the next two characters (three each), kept as two vectors that move on with `target`.
        var mapLow = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: target)) &+ SIMD4(0, 0, 0, 3)
        var mapHigh = mapLow &+ SIMD4(3, 3, 6, 3)
        /// Writes the one code whose (non-zero) entry is `entry`: a character kept as it is, or punctuation.
        @inline(__always) func single(_ entry: UInt32) {
            original.storeBytes(of: entry.littleEndian, toByteOffset: target, as: UInt32.self)
            map.storeBytes(of: mapLow, toByteOffset: output &* 4, as: SIMD4<Int32>.self)
            if entry < 0x100_0000 {
                out.storeBytes(of: entry.littleEndian, toByteOffset: output, as: UInt32.self)
                output &+= 3
            } else {
                out.storeBytes(of: UInt8(truncatingIfNeeded: entry &>> 24), toByteOffset: output, as: UInt8.self)
                output &+= 1
            }
            mapLow &+= 3
            mapHigh &+= 3
            index &+= 2
            target &+= 3
        }
        // Where a four-byte load still fits.
        let pairEnd = count &- 4
        while index <= pairEnd {
            // Two codes in one load: any pair of bytes that is no such code (ASCII, a four-byte code's start,
            // a bad byte) has no entry. Both kept as they are: an entry, and no ASCII in its high byte.
            let quad = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
            let first = table[Int(quad & 0xFFFF)]
            let second = table[Int(quad &>> 16)]
            if first &- 1 < 0xFF_FFFF, second &- 1 < 0xFF_FFFF {
                let six = UInt64(first) | UInt64(second) &<< 24
                original.storeBytes(of: six.littleEndian, toByteOffset: target, as: UInt64.self)
                out.storeBytes(of: six.littleEndian, toByteOffset: output, as: UInt64.self)
                map.storeBytes(of: mapLow, toByteOffset: output &* 4, as: SIMD4<Int32>.self)
                map.storeBytes(of: mapHigh, toByteOffset: output &* 4 &+ 16, as: SIMD4<Int32>.self)
                mapLow &+= 6
                mapHigh &+= 6
                index &+= 4
                target &+= 6
                output &+= 6
                continue
            }
            // Punctuation, or the end of the run at one of the two.
            guard first != 0 else { return (index &- start, output &- written) }
            single(first)
            guard second != 0 else { return (index &- start, output &- written) }
            single(second)
        }
        // One code left before the end.
        if index &+ 2 <= count {
            let entry = table[Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt16.self)))]
            if entry != 0 { single(entry) }
        }
        return (index &- start, output &- written)
    }
}
