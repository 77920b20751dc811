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
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var map: [Int32] = []
        map.reserveCapacity(source.count + 1)
        // A pending horizontal space: emitted only if the next kept character is ASCII alphanumeric and so was
        // the previous one.
        var pendingSpaceAt: Int? = nil
        var index = 0
        let count = source.count

        @inline(__always) func emit(_ byte: UInt8, from origin: Int) {
            out.append(byte)
            map.append(Int32(origin))
        }

        while index < count {
            let lead = source[index]
            var scalar: UInt32
            var length: Int
            if lead < 0x80 {
                scalar = UInt32(lead)
                length = 1
            } else if lead >= 0xF0, index + 3 < count {
                scalar =
                    (UInt32(lead & 0x07) << 18) | (UInt32(source[index + 1] & 0x3F) << 12)
                    | (UInt32(source[index + 2] & 0x3F) << 6) | UInt32(source[index + 3] & 0x3F)
                length = 4
            } else if lead >= 0xE0, index + 2 < count {
                scalar =
                    (UInt32(lead & 0x0F) << 12) | (UInt32(source[index + 1] & 0x3F) << 6)
                    | UInt32(source[index + 2] & 0x3F)
                length = 3
            } else if lead >= 0xC0, index + 1 < count {
                scalar = (UInt32(lead & 0x1F) << 6) | UInt32(source[index + 1] & 0x3F)
                length = 2
            } else {
                // Not reachable for valid UTF-8 (Swift strings are valid); keep the byte as is.
                scalar = UInt32(lead)
                length = 1
            }

            // Map the scalar to what we keep.
            var mapped = scalar
            if scalar >= 0xFF01 && scalar <= 0xFF5E {
                mapped = scalar - 0xFEE0
            }
            switch mapped {
            case 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x00AD:
                index += length
                continue
            case 0x0D:
                // CR LF → LF; a lone CR → LF.
                if index + 1 < count && source[index + 1] == 0x0A {
                    index += 1
                    continue
                }
                mapped = 0x0A
            case 0x0C:
                mapped = 0x0A
            case 0x09, 0x20, 0x3000, 0x00A0, 0x2002...0x200A, 0x202F:
                if pendingSpaceAt == nil { pendingSpaceAt = index }
                index += length
                continue
            default:
                break
            }

            // Thousands separator: digit , d d d (non-digit).
            if mapped == 0x2C, scalar == 0x2C, let last = out.last, isDigit(last),
                index + 3 < count,
                isDigit(source[index + 1]), isDigit(source[index + 2]), isDigit(source[index + 3]),
                index + 4 >= count || !isDigit(source[index + 4])
            {
                pendingSpaceAt = nil
                index += length
                continue
            }

            if let spaceOrigin = pendingSpaceAt {
                pendingSpaceAt = nil
                if mapped < 0x80, isAlphanumeric(UInt8(mapped)), let last = out.last, isAlphanumeric(last) {
                    emit(0x20, from: spaceOrigin)
                }
            }

            if mapped == scalar {
                for offset in 0..<length { emit(source[index + offset], from: index) }
            } else {
                appendUTF8(mapped, origin: index, emit: emit)
            }
            index += length
        }
        map.append(Int32(count))
        return NormalizedText(bytes: out, original: source, originalOffsets: map)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    @inline(__always)
    private static func appendUTF8(_ scalar: UInt32, origin: Int, emit: (UInt8, Int) -> Void) {
        if scalar < 0x80 {
            emit(UInt8(scalar), origin)
        } else if scalar < 0x800 {
            emit(UInt8(0xC0 | (scalar >> 6)), origin)
            emit(UInt8(0x80 | (scalar & 0x3F)), origin)
        } else if scalar < 0x10000 {
            emit(UInt8(0xE0 | (scalar >> 12)), origin)
            emit(UInt8(0x80 | ((scalar >> 6) & 0x3F)), origin)
            emit(UInt8(0x80 | (scalar & 0x3F)), origin)
        } else {
            emit(UInt8(0xF0 | (scalar >> 18)), origin)
            emit(UInt8(0x80 | ((scalar >> 12) & 0x3F)), origin)
            emit(UInt8(0x80 | ((scalar >> 6) & 0x3F)), origin)
            emit(UInt8(0x80 | (scalar & 0x3F)), origin)
        }
    }
}
