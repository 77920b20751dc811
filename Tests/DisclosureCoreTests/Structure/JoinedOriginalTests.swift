import DisclosureTestSupport
import Testing

@testable import DisclosureCore

@Suite struct JoinedOriginalTests {
    /// The scalar-by-scalar join `joinedOriginal` used to do.
    private func reference(_ value: String) -> String {
        guard value.utf8.contains(0x0A) || value.utf8.contains(0x0D) else { return value }
        var out = String.UnicodeScalarView()
        var pendingBlanks = String.UnicodeScalarView()
        var afterBreak = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n", "\r":
                pendingBlanks.removeAll()
                afterBreak = true
            case " ", "\t", "\u{3000}":
                if !afterBreak { pendingBlanks.append(scalar) }
            default:
                out.append(contentsOf: pendingBlanks)
                pendingBlanks.removeAll()
                afterBreak = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    @Test func joinsLinesAsTheScalarJoinDid() {
        let samples = [
            "负责全市人民调解\n工作。", "负责 全市\u{3000}调解  \n  工作\r\n的统筹。", "甲 乙\t丙\n\u{3000}\u{3000}丁 \n", "a b\n\nc d ",
            "无换行 文本", "“放管服”\n改革（街道办事处）。\u{3000}", "\n\n", " \n x", "末尾空白\u{3000} ", "é\u{301} \nñ",
        ]
        for sample in samples {
            let text = NormalizedText(normalized: sample)
            let span = TextSpan(start: 0, end: text.bytes.count)
            #expect(StructureScan.joinedOriginal(text, span) == reference(text.originalText(span)), "\(sample)")
        }
    }

    /// The fast path (a word-wise search for a break before any `String` is made) against the decoded path it
    /// replaces, on generated texts of blanks, breaks, ASCII, CJK and a few bytes that are not UTF-8, every span.
    @Test func theByteSearchAgreesWithTheDecodedJoin() {
        let pieces: [[UInt8]] = [
            [0x0A], [0x0D], [0x20], [0x09], Array("\u{3000}".utf8), Array("a".utf8), Array("调".utf8), Array("（".utf8),
            Array("é".utf8), [0xE3], [0x80], [0xFF], [0xE3, 0x0A, 0x80, 0x80],
        ]
        var generator = SplitMix64(seed: 0x0015_0002)
        for round in 0..<120 {
            var original: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<16, using: &generator) {
                // Mostly valid text; invalid bytes in a third of the texts.
                let limit = round % 3 == 0 ? pieces.count : pieces.count - 4
                original += pieces[Int.random(in: 0..<limit, using: &generator)]
            }
            // Its own normalized form, byte for byte (the offsets map each byte to itself).
            let text = NormalizedText(
                bytes: original,
                original: original,
                originalOffsets: (0...original.count).map { Int32($0) }
            )
            // Spans start and end where scalars do (or bytes that are not UTF-8), as the normalizer's do.
            let bounds = (0...original.count).filter { $0 == original.count || original[$0] & 0xC0 != 0x80 }
            for start in bounds {
                for end in bounds where end >= start {
                    let span = TextSpan(start: start, end: end)
                    #expect(
                        StructureScan.joinedOriginal(text, span) == StructureScan.joinedOriginalDecoded(text, span),
                        "\(original) \(start)..<\(end)"
                    )
                }
            }
        }
    }

    @Test func aLineBreakIsFoundInEveryLane() {
        for count in 0..<40 {
            for position in 0..<max(count, 1) {
                for filler in [UInt8(0x00), 0x09, 0x0B, 0x0C, 0x0E, 0x8A, 0x8D, 0xFF] {
                    var bytes = [UInt8](repeating: filler, count: count)
                    #expect(!bytes.withUnsafeBufferPointer(StructureScan.containsLineBreak), "\(count) \(filler)")
                    guard count > 0 else { continue }
                    for lineBreak in [UInt8(0x0A), 0x0D] {
                        bytes[position] = lineBreak
                        #expect(bytes.withUnsafeBufferPointer(StructureScan.containsLineBreak), "\(count) \(position)")
                        bytes[position] = filler
                    }
                }
            }
        }
    }

    /// A title over lines, written into its string as it is filtered, against the filtered array decoded.
    @Test func aTitleIsJoinedAsTheFilteredCopyWas() {
        let pieces: [[UInt8]] = [
            [0x0A], Array("市".utf8), Array("2024年".utf8), Array("预算".utf8), [0x20], [0xE3], [0x80], [0xFF],
            [0x0A, 0x0A],
        ]
        var generator = SplitMix64(seed: 0x0015_0006)
        for round in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<(round % 4 == 0 ? 40 : 8), using: &generator) {
                let limit = round % 3 == 0 ? pieces.count : pieces.count - 3
                bytes += pieces[Int.random(in: 0..<limit, using: &generator)]
            }
            let start = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
            let slice = bytes[start...]
            #expect(
                DocumentHeader.joinedTitle(slice) == String(decoding: slice.filter { $0 != 0x0A }, as: UTF8.self),
                "\(bytes) from \(start)"
            )
        }
    }
}
