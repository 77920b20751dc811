import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// `TextSearch.sentence(around:in:)` and `lineIsShort(around:in:limit:)` step sixteen bytes at a time; these compare
/// them with the byte walks they replace, at every offset of generated texts whose terminators, line feeds and
/// multi-byte characters fall in every lane of a block.
@Suite struct TextSearchBlockTests {
    /// The byte walk `sentence(around:in:)` was.
    private func sentenceByBytes(around offset: Int, in bytes: [UInt8]) -> TextSpan {
        let count = bytes.count
        var start = min(offset, count)
        while start > 0 {
            let byte = bytes[start - 1]
            if byte == 0x0A || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                break
            }
            if byte == 0x82, start >= 3, bytes[start - 3] == 0xE3, bytes[start - 2] == 0x80 { break }
            start -= 1
        }
        var end = min(offset, count)
        while end < count {
            let byte = bytes[end]
            if byte == 0x0A { break }
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                end += 1
                break
            }
            if byte == 0xE3, end + 2 < count, bytes[end + 1] == 0x80, bytes[end + 2] == 0x82 {
                end += 3
                break
            }
            end += 1
        }
        return TextSpan(start: start, end: end)
    }

    /// The byte walk `lineIsShort(around:in:limit:)` was.
    private func lineIsShortByBytes(around offset: Int, in bytes: [UInt8], limit: Int) -> Bool {
        var count = 0
        var index = min(offset, bytes.count)
        while index > 0, bytes[index - 1] != 0x0A {
            index -= 1
            if bytes[index] & 0xC0 != 0x80 {
                count += 1
                if count > limit { return false }
            }
        }
        index = min(offset, bytes.count)
        while index < bytes.count, bytes[index] != 0x0A {
            if bytes[index] & 0xC0 != 0x80 {
                count += 1
                if count > limit { return false }
            }
            index += 1
        }
        return true
    }

    /// Texts of runs of plain characters broken now and then by a terminator, a line feed or a character that shares
    /// a byte with one (`、` is E3 80 81, `舂` ends in 0x82, `ア` is E3 82 A2), and a few bytes that are not UTF-8.
    private func texts() -> [[UInt8]] {
        let plain: [[UInt8]] = ["财", "政", "a", "1", " ", "，", "（"].map { Array($0.utf8) }
        let rare: [[UInt8]] = [
            Array("。".utf8), Array("、".utf8), Array("舂".utf8), Array("ア".utf8), [0x0A], [0x3B], [0x21], [0x3F],
            [0xE3], [0x82], [0xE3, 0x80],
        ]
        var generator = SplitMix64(seed: 0x0015_0003)
        var texts: [[UInt8]] = [[], Array("。".utf8), [0x0A], Array(repeating: 0x61, count: 100)]
        for round in 0..<150 {
            var text: [UInt8] = []
            let length = Int.random(in: 0..<(round % 5 == 0 ? 400 : 90), using: &generator)
            while text.count < length {
                // Long plain runs in some texts (several blocks without a stop), short ones in others.
                let odds = round % 3 == 0 ? 40 : 6
                if Int.random(in: 0..<odds, using: &generator) == 0 {
                    text += rare[Int.random(in: 0..<rare.count, using: &generator)]
                } else {
                    text += plain[Int.random(in: 0..<plain.count, using: &generator)]
                }
            }
            texts.append(text)
        }
        return texts
    }

    @Test func sentencesAreTheByteWalksSentences() {
        for text in texts() {
            for offset in 0...(text.count + 2) {
                #expect(
                    TextSearch.sentence(around: offset, in: text) == sentenceByBytes(around: offset, in: text),
                    "\(text) at \(offset)"
                )
            }
        }
    }

    @Test func shortLinesAreTheByteWalksShortLines() {
        for text in texts() {
            for offset in 0...(text.count + 2) {
                for limit in [0, 1, 15, 16, 17, 40, 41, 200] {
                    #expect(
                        TextSearch.lineIsShort(around: offset, in: text, limit: limit)
                            == lineIsShortByBytes(around: offset, in: text, limit: limit),
                        "\(text) at \(offset), limit \(limit)"
                    )
                }
            }
        }
    }

    @Test func aBlocksContinuationBytesAreCounted() {
        var generator = SplitMix64(seed: 0x0015_0004)
        for _ in 0..<2_000 {
            var lanes = SIMD16<UInt8>()
            var expected = 0
            for lane in 0..<16 {
                let byte = UInt8.random(in: 0...255, using: &generator)
                lanes[lane] = byte
                if byte & 0xC0 == 0x80 { expected += 1 }
            }
            #expect(TextSearch.continuationBytes(lanes) == expected)
        }
    }
}
