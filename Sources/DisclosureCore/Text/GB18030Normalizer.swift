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
        // One GB18030 byte becomes at most 2 UTF-8 bytes (as in the transcoder); every character is stored as a
        // whole 4-byte word (and its map entries as four), so 16 more leave room past the last one.
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
                                tables.keptTwoByte.withUnsafeBufferPointer { keptTwoByte in
                                    run(
                                        source,
                                        original: originalBuffer,
                                        out: outBuffer,
                                        map: mapBuffer,
                                        twoByte: twoByte,
                                        fourByte: fourByte,
                                        keptTwoByte: keptTwoByte
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
        keptTwoByte: UnsafeBufferPointer<UInt32>
    ) -> (original: Int, normalized: Int)? {
        guard let src = source.baseAddress, let orig = original.baseAddress, let dst = out.baseAddress,
            let offsets = map.baseAddress
        else { return nil }
        let origRaw = UnsafeMutableRawPointer(orig)
        let dstRaw = UnsafeMutableRawPointer(dst)
        let mapRaw = UnsafeMutableRawPointer(offsets)
        let count = source.count
        var index = 0
        // Bytes written to the original (the UTF-8 offset of the character being read) and to the output.
        var origin = 0
        var written = 0
        // As in ``TextNormalizer``: the last byte written, and the original offset of a pending space (-1: none).
        var last: UInt8 = 0
        var pendingSpaceAt = -1

        @inline(__always) func emit(_ byte: UInt8, from at: Int) {
            dst[written] = byte
            offsets[written] = Int32(truncatingIfNeeded: at)
            written &+= 1
            last = byte
        }

        while index < count {
            let lead = src[index]
            if lead < 0x80 {
                orig[origin] = lead
                switch lead {
                case 0x20, 0x09:
                    if pendingSpaceAt < 0 { pendingSpaceAt = origin }
                case 0x0D:
                    // CR LF → LF (the CR is dropped, the LF read next); a lone CR → LF.
                    if index &+ 1 < count && src[index &+ 1] == 0x0A { break }
                    pendingSpaceAt = -1
                    emit(0x0A, from: origin)
                case 0x0C:
                    pendingSpaceAt = -1
                    emit(0x0A, from: origin)
                case 0x2C:
                    // A thousands separator (digit , d d d non-digit) is dropped. The bytes after it are ASCII
                    // digits here exactly when they are in the UTF-8, and the fourth starts a character in both.
                    pendingSpaceAt = -1
                    if TextNormalizer.isDigit(last), index &+ 3 < count, TextNormalizer.isDigit(src[index &+ 1]),
                        TextNormalizer.isDigit(src[index &+ 2]), TextNormalizer.isDigit(src[index &+ 3]),
                        index &+ 4 >= count || !TextNormalizer.isDigit(src[index &+ 4])
                    {
                        break
                    }
                    emit(lead, from: origin)
                default:
                    if ControlCharacters.isControl(lead) { return nil }
                    if pendingSpaceAt >= 0 {
                        if TextNormalizer.isAlphanumeric(lead), TextNormalizer.isAlphanumeric(last) {
                            emit(0x20, from: pendingSpaceAt)
                        }
                        pendingSpaceAt = -1
                    }
                    emit(lead, from: origin)
                    index &+= 1
                    origin &+= 1
                    // The ASCII that follows and is kept as is, copied to both at once.
                    while index < count {
                        let byte = src[index]
                        guard TextNormalizer.isPlainASCII(byte) else { break }
                        orig[origin] = byte
                        emit(byte, from: origin)
                        index &+= 1
                        origin &+= 1
                    }
                    continue
                }
                index &+= 1
                origin &+= 1
                continue
            }

            // Most of the text: a run of two-byte codes of characters kept as they are.
            if lead &- 0x81 < 0x7E, let keptBase = keptTwoByte.baseAddress {
                let consumed = keptRun(
                    src,
                    count: count,
                    from: index,
                    keptTwoByte: keptBase,
                    original: origRaw,
                    at: origin,
                    out: dstRaw,
                    map: mapRaw,
                    at: written
                )
                if consumed > 0 {
                    let produced = consumed &>> 1 &* 3
                    index &+= consumed
                    origin &+= produced
                    written &+= produced
                    last = dst[written &- 1]
                    pendingSpaceAt = -1
                    continue
                }
            }
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
                            pendingSpaceAt = -1
                            for offset in 0..<4 { emit(UInt8(truncatingIfNeeded: utf8 &>> (8 * offset)), from: origin) }
                            index &+= 4
                            origin &+= 4
                            continue
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
                dstRaw.storeBytes(of: entry.littleEndian, toByteOffset: written, as: UInt32.self)
                let at = Int32(truncatingIfNeeded: origin)
                mapRaw.storeBytes(of: SIMD4<Int32>(repeating: at), toByteOffset: written &* 4, as: SIMD4<Int32>.self)
                written &+= 3
                last = UInt8(truncatingIfNeeded: entry &>> 16)
                pendingSpaceAt = -1
                index &+= consumed
                origin &+= 3
                continue
            }
            let scalar: UInt32
            if length == 3 {
                scalar = (entry & 0x0F) << 12 | (entry &>> 8 & 0x3F) << 6 | (entry &>> 16 & 0x3F)
            } else {
                scalar = (entry & 0x1F) << 6 | (entry &>> 8 & 0x3F)
            }
            if scalar >= 0xFF01 && scalar <= 0xFF5E {
                // Full-width ASCII forms become ASCII.
                let mapped = UInt8(truncatingIfNeeded: scalar &- 0xFEE0)
                if pendingSpaceAt >= 0 {
                    if TextNormalizer.isAlphanumeric(mapped), TextNormalizer.isAlphanumeric(last) {
                        emit(0x20, from: pendingSpaceAt)
                    }
                    pendingSpaceAt = -1
                }
                emit(mapped, from: origin)
            } else {
                switch scalar {
                case 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x00AD:
                    break
                case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F:
                    if pendingSpaceAt < 0 { pendingSpaceAt = origin }
                default:
                    pendingSpaceAt = -1
                    for offset in 0..<length {
                        emit(UInt8(truncatingIfNeeded: entry &>> UInt32(8 * offset)), from: origin)
                    }
                }
            }
            index &+= consumed
            origin &+= length
        }
        return (origin, written)
    }

    /// Decodes the run of two-byte codes at `start` whose characters the normalizer keeps as they are (CJK
    /// ideographs and punctuation: ``GB18030Tables/keptTwoByte``) into `original` at `origin` and `out` at
    /// `written`, each output byte mapped to its character's first original byte; returns the input bytes read
    /// (0 when the code at `start` is not one). Apart from the loop, which holds too many values for the registers.
    @inline(never)
    private static func keptRun(
        _ src: UnsafePointer<UInt8>,
        count: Int,
        from start: Int,
        keptTwoByte: UnsafePointer<UInt32>,
        original: UnsafeMutableRawPointer,
        at origin: Int,
        out: UnsafeMutableRawPointer,
        map: UnsafeMutableRawPointer,
        at written: Int
    ) -> Int {
        let raw = UnsafeRawPointer(src)
        var index = start
        var target = origin
        var output = written
        while index &+ 1 < count {
            // The two bytes as one index: any pair that is no such code (ASCII, a four-byte code's start, a bad
            // byte) has no entry.
            let pair = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt16.self))
            let entry = keptTwoByte[Int(pair)]
            guard entry != 0 else { break }
            original.storeBytes(of: entry.littleEndian, toByteOffset: target, as: UInt32.self)
            out.storeBytes(of: entry.littleEndian, toByteOffset: output, as: UInt32.self)
            let at = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: target))
            map.storeBytes(of: at, toByteOffset: output &* 4, as: SIMD4<Int32>.self)
            index &+= 2
            target &+= 3
            output &+= 3
        }
        return index &- start
    }
}
