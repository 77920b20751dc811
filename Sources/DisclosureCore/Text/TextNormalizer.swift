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
                outCount = source.withUnsafeBufferPointer { run($0, out: outBuffer, map: mapBuffer) }
                mapBuffer[outCount] = Int32(truncatingIfNeeded: count)
                mapCount = outCount + 1
            }
        }
        return NormalizedText(bytes: out, original: source, originalOffsets: map)
    }

    /// The normalizing loop: reads `source`, writes `out` and its `map`, returns the number of bytes written.
    private static func run(
        _ source: UnsafeBufferPointer<UInt8>,
        out: UnsafeMutableBufferPointer<UInt8>,
        map: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        guard let src = source.baseAddress, let dst = out.baseAddress, let offsets = map.baseAddress else { return 0 }
        let count = source.count
        var written = 0
        // The last byte written (0 before the first: neither a digit nor a letter).
        var last: UInt8 = 0
        // A pending horizontal space: emitted only if the next kept character is ASCII alphanumeric and so was
        // the previous one; -1 when none.
        var pendingSpaceAt = -1
        var index = 0

        @inline(__always) func emit(_ byte: UInt8, from origin: Int) {
            dst[written] = byte
            offsets[written] = Int32(truncatingIfNeeded: origin)
            written &+= 1
            last = byte
        }

        while index < count {
            let lead = src[index]
            if lead < 0x80 {
                // ASCII: kept as is but for spaces, CR, form feed and the thousands separator.
                switch lead {
                case 0x20, 0x09:
                    if pendingSpaceAt < 0 { pendingSpaceAt = index }
                    index &+= 1
                case 0x0D:

                    // CR LF → LF; a lone CR → LF.
                    if index + 1 < count && src[index + 1] == 0x0A {
                        index &+= 1
                        continue
                    }
                    pendingSpaceAt = -1
                    emit(0x0A, from: index)
                    index &+= 1
                case 0x0C:
                    pendingSpaceAt = -1
                    emit(0x0A, from: index)
                    index &+= 1
                case 0x2C:
                    // A comma: dropped as a thousands separator (digit , d d d non-digit), else kept.
                    if isDigit(last), index + 3 < count, isDigit(src[index + 1]), isDigit(src[index + 2]),
                        isDigit(src[index + 3]), index + 4 >= count || !isDigit(src[index + 4])
                    {
                        pendingSpaceAt = -1
                        index &+= 1
                        continue
                    }
                    pendingSpaceAt = -1
                    emit(lead, from: index)
                    index &+= 1
                default:
                    if pendingSpaceAt >= 0 {
                        if isAlphanumeric(lead), isAlphanumeric(last) { emit(0x20, from: pendingSpaceAt) }
                        pendingSpaceAt = -1
                    }
                    emit(lead, from: index)
                    index &+= 1
                    // The ASCII that follows and is kept as is (letters, digits, punctuation but the comma, line
                    // feeds), copied without going through the cases above.
                    while index < count {
                        let byte = src[index]
                        guard isPlainASCII(byte) else { break }
                        emit(byte, from: index)
                        index &+= 1
                    }
                }
                continue
            }

            // U+4000…U+9FFF (CJK ideographs, most of a document's text): nothing to map or drop, kept as is, a run
            // of them at a time.
            if lead &- 0xE4 < 6, index + 2 < count {
                pendingSpaceAt = -1
                repeat {
                    let origin = Int32(truncatingIfNeeded: index)
                    dst[written] = src[index]
                    dst[written &+ 1] = src[index &+ 1]
                    dst[written &+ 2] = src[index &+ 2]
                    offsets[written] = origin
                    offsets[written &+ 1] = origin
                    offsets[written &+ 2] = origin
                    written &+= 3
                    index &+= 3
                } while index &+ 2 < count && src[index] &- 0xE4 < 6
                last = dst[written &- 1]
                continue
            }

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
                pendingSpaceAt = -1
                emit(lead, from: index)
                index &+= 1
                continue
            }

            // Full-width ASCII forms become ASCII.
            if scalar >= 0xFF01 && scalar <= 0xFF5E {
                let mapped = UInt8(truncatingIfNeeded: scalar - 0xFEE0)
                if pendingSpaceAt >= 0 {
                    if isAlphanumeric(mapped), isAlphanumeric(last) { emit(0x20, from: pendingSpaceAt) }
                    pendingSpaceAt = -1
                }
                emit(mapped, from: index)
                index &+= length
                continue
            }
            switch scalar {
            case 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x00AD:
                index &+= length
                continue
            case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F:
                if pendingSpaceAt < 0 { pendingSpaceAt = index }
                index &+= length
                continue
            default:
                break
            }
            // A kept non-ASCII character: a pending space before it is dropped.
            pendingSpaceAt = -1
            for offset in 0..<length { emit(src[index + offset], from: index) }
            index &+= length
        }
        return written
    }

    /// Whether `byte` is ASCII the loop keeps as it is and that ends no pending space on its own: anything above
    /// the space but the comma, and the line feed.
    @inline(__always) static func isPlainASCII(_ byte: UInt8) -> Bool {
        (byte > 0x20 && byte < 0x80 && byte != 0x2C) || byte == 0x0A
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}
