#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// GB18030 → UTF-8 lookup tables for the two-byte codes and the four-byte codes of the Basic Multilingual Plane,
/// asked of the C library's iconv once, at first use, so that they say exactly what iconv says.
///
/// An entry is ``entry(_:)`` of the scalar iconv decodes the code to: its UTF-8 bytes (at most three) in the low
/// 24 bits, first byte lowest, and their count in the high 8 bits; or 0 where iconv does not decode the code to
/// exactly one BMP scalar (a bad code, or one of the few two-byte codes iconv maps outside the BMP): the
/// transcoder leaves those to iconv itself.
struct GB18030Tables: Sendable {
    /// Two-byte codes, lead 0x81…0xFE and any second byte, at `(lead - 0x81) << 8 | second` (0 for second bytes
    /// that are no trail byte: 0x00…0x3F, 0x7F, 0xFF).
    let twoByte: [UInt32]
    /// Four-byte codes 81 30 81 30 … 84 31 A4 39 (the BMP's part), at their linear index
    /// (``fourByteLinearIndex(_:_:_:_:)``).
    let fourByte: [UInt32]
    /// The two-byte codes ``GB18030Normalizer`` reads in runs, at the code's two bytes read as a little-endian
    /// `UInt16` (lead + second × 256); 0 for every other pair of bytes. Most of a GB18030 document's text is such
    /// codes, read with one load and one lookup each:
    /// - characters of three UTF-8 bytes the normalizer keeps as they are (CJK ideographs and punctuation, curly
    ///   quotes: ``NormalizerOutput/rule(for:)`` is `.kept`): the UTF-8 bytes, first lowest, high byte 0;
    /// - full-width forms that become ASCII punctuation (`，：（）；`; not the letters and digits, which may take a
    ///   pending space before them): the UTF-8 bytes as above, the ASCII in the high byte.
    let runTwoByte: [UInt32]

    /// Number of four-byte codes in ``fourByte``: 81 30 81 30 up to 84 31 A4 39.
    static let fourByteCount = 39420
    /// Linear index of 90 30 81 30, the code of U+10000; four-byte codes from there map linearly onto the
    /// supplementary planes up to E3 32 9A 35 (U+10FFFF).
    static let supplementaryBase = 189_000

    /// The tables, built on first use (a `static let` is initialized once, thread-safely); nil when the C library
    /// has no GB18030 converter.
    static let shared: GB18030Tables? = build()

    /// The linear index of the four-byte code `b1 b2 b3 b4` (b1, b3 in 0x81…0xFE; b2, b4 in 0x30…0x39).
    @inline(__always)
    static func fourByteLinearIndex(_ b1: UInt8, _ b2: UInt8, _ b3: UInt8, _ b4: UInt8) -> Int {
        ((Int(b1) &- 0x81) &* 10 &+ (Int(b2) &- 0x30)) &* 1260 &+ (Int(b3) &- 0x81) &* 10 &+ (Int(b4) &- 0x30)
    }

    /// The table entry of a BMP scalar (UTF-8 bytes and their count), or 0 for anything else.
    static func entry(_ scalar: UInt32) -> UInt32 {
        switch scalar {
        case 0..<0x80:
            return 1 << 24 | scalar
        case 0x80..<0x800:
            return 2 << 24 | (0xC0 | scalar >> 6) | (0x80 | scalar & 0x3F) << 8
        case 0xD800...0xDFFF:
            return 0
        case 0x800..<0x1_0000:
            return 3 << 24 | (0xE0 | scalar >> 12) | (0x80 | scalar >> 6 & 0x3F) << 8 | (0x80 | scalar & 0x3F) << 16
        default:
            return 0
        }
    }

    /// The UTF-8 bytes of a supplementary-plane scalar (U+10000…U+10FFFF), first byte lowest.
    @inline(__always)
    static func supplementaryUTF8(_ scalar: UInt32) -> UInt32 {
        (0xF0 | scalar >> 18) | (0x80 | scalar >> 12 & 0x3F) << 8 | (0x80 | scalar >> 6 & 0x3F) << 16
            | (0x80 | scalar & 0x3F) << 24
    }

    // MARK: - Building

    private static func build() -> GB18030Tables? {
        guard let converter = iconv_open("UCS-4LE", "GB18030"), converter != iconv_t(bitPattern: -1) else {
            return nil
        }
        defer { iconv_close(converter) }
        // Every lead with every trail byte (0x40…0xFE but 0x7F), in table order.
        var slots: [Int] = []
        slots.reserveCapacity(126 * 190)
        let twoByteCodes = [UInt8](unsafeUninitializedCapacity: 2 * 126 * 190) { buffer, count in
            for lead in 0x81...0xFE {
                for trail in 0x40...0xFE where trail != 0x7F {
                    buffer[count] = UInt8(lead)
                    buffer[count + 1] = UInt8(trail)
                    count += 2
                    slots.append((lead - 0x81) << 8 | trail)
                }
            }
        }
        var twoByte = [UInt32](repeating: 0, count: 126 << 8)
        for (code, scalar) in scalars(of: twoByteCodes, codeLength: 2, converter: converter).enumerated() {
            twoByte[slots[code]] = entry(scalar)
        }
        // 81 30 81 30, 81 30 81 31, …: the last byte counts fastest.
        let fourByteCodes = [UInt8](unsafeUninitializedCapacity: 4 * 4 * 12600) { buffer, count in
            for first in 0x81...0x84 {
                for second in 0x30...0x39 {
                    for third in 0x81...0xFE {
                        for fourth in 0x30...0x39 {
                            buffer[count] = UInt8(first)
                            buffer[count + 1] = UInt8(second)
                            buffer[count + 2] = UInt8(third)
                            buffer[count + 3] = UInt8(fourth)
                            count += 4
                        }
                    }
                }
            }
            count = 4 * fourByteCount
        }
        let fourByte = scalars(of: fourByteCodes, codeLength: 4, converter: converter).map(entry)
        var runTwoByte = [UInt32](repeating: 0, count: 1 << 16)
        for lead in 0x81...0xFE {
            for second in 0x40...0xFE {
                runTwoByte[second << 8 | lead] = runEntry(twoByte[(lead - 0x81) << 8 | second])
            }
        }
        return GB18030Tables(twoByte: twoByte, fourByte: fourByte, runTwoByte: runTwoByte)
    }

    /// The ``runTwoByte`` entry of a code whose ``twoByte`` entry is `entry`.
    static func runEntry(_ entry: UInt32) -> UInt32 {
        guard entry >> 24 == 3 else { return 0 }
        let utf8 = entry & 0xFF_FFFF
        let scalar = (entry & 0x0F) << 12 | (entry >> 8 & 0x3F) << 6 | (entry >> 16 & 0x3F)
        switch NormalizerOutput.rule(for: scalar) {
        case .kept: return utf8
        case .ascii(let byte) where !TextNormalizer.isAlphanumeric(byte): return UInt32(byte) << 24 | utf8
        case .ascii, .dropped, .space: return 0
        }
    }

    /// The scalar iconv decodes each `codeLength`-byte code of `codes` to, or 0xFFFF_FFFF (no entry) where it does
    /// not decode the code to exactly one scalar.
    ///
    /// One iconv call converts a run of codes; at a code it refuses it stops, and the next call resumes after it.
    private static func scalars(of codes: [UInt8], codeLength: Int, converter: iconv_t) -> [UInt32] {
        let codeCount = codes.count / codeLength
        var result = [UInt32](repeating: 0xFFFF_FFFF, count: codeCount)
        var output = [UInt32](repeating: 0, count: codeCount)
        codes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { outBytes in
                var code = 0
                while code < codeCount {
                    _ = iconv(converter, nil, nil, nil, nil)
                    let step = GB18030Transcoder.convert(
                        converter,
                        UnsafeRawBufferPointer(rebasing: input[(code * codeLength)...]),
                        into: outBytes
                    )
                    let decoded = step.consumed / codeLength
                    // Every code decoded in this run must have given exactly one scalar; anything else (which
                    // GB18030 in iconv never does) leaves the whole run to iconv at decoding time.
                    if step.consumed % codeLength == 0, step.produced == decoded * 4 {
                        for offset in 0..<decoded {
                            result[code + offset] = UInt32(
                                littleEndian: outBytes.loadUnaligned(fromByteOffset: offset * 4, as: UInt32.self)
                            )
                        }
                    }
                    guard step.error != nil else { break }
                    // A refused code (or a stop for any other reason) is skipped and keeps no entry.
                    code += decoded + 1
                }
            }
        }
        return result
    }
}
