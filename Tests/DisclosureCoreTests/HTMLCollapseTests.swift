import DisclosureTestSupport
import Testing

@testable import DisclosureHTML

/// Whitespace collapsing (a table cell's text, a `<title>`) in both its forms, the `String` one and the one that
/// appends bytes to a table's cell buffer, against the plainest way to say it, on generated text: whitespace is
/// space, line feed, tab, carriage return, form feed and U+00A0 (not U+3000, not a vertical tab); the words between
/// its runs are joined by one space.
@Suite struct HTMLCollapseTests {
    /// Whitespace, characters next to it that are not (U+3000, vertical tab, a lead byte 0xC2 before another
    /// continuation, a lone 0xC2), and CJK text and figures around them.
    private static let pieces: [[UInt8]] = [
        [0x20], [0x0A], [0x09], [0x0D], [0x0C], [0xC2, 0xA0], [0xC2, 0xA0, 0xC2, 0xA0], Array("\u{3000}".utf8),
        [0x0B], [0xC2, 0xA9], [0xC2], [0x01], [0x7F], Array("a".utf8), Array("7".utf8), Array("部门".utf8),
        Array("（一）".utf8), Array("1,234.56".utf8), Array("一般公共预算财政拨款".utf8), Array("é".utf8),
        Array("𠀀".utf8), Array("\u{3000}合计\u{3000}".utf8),
    ]

    private static func text(using generator: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<generator.below(24) { bytes += generator.pick(Self.pieces) }
        return bytes
    }

    /// The collapse, word by word.
    private static func referenceCollapsed(_ bytes: [UInt8]) -> [UInt8] {
        var words: [[UInt8]] = [[]]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                words.append([])
                index += 1
            } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                words.append([])
                index += 2
            } else {
                words[words.count - 1].append(byte)
                index += 1
            }
        }
        return Array(words.filter { !$0.isEmpty }.joined(separator: [0x20]))
    }

    @Test(arguments: 0..<4)
    func bothFormsMatchTheReference(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 7919 &+ 5)
        for round in 0..<2000 {
            let text = Self.text(using: &generator)
            let reference = Self.referenceCollapsed(text)
            // The string (repaired where the bytes are not UTF-8, as decoding them would).
            #expect(
                HTMLTextExtractor.collapsed(text) == String(decoding: reference, as: UTF8.self),
                "seed \(seed) round \(round): \(text)"
            )
            // The bytes, as they are, after what the buffer already holds (a table's earlier cells).
            let earlier = Self.text(using: &generator)
            var buffer = earlier
            text.withUnsafeBufferPointer {
                HTMLTextExtractor.appendCollapsed($0, isCollapsed: false, to: &buffer)
            }
            #expect(buffer == earlier + reference, "seed \(seed) round \(round): \(text) after \(earlier)")
            // Text that is its own collapsed form, copied as it is by both.
            if reference == text {
                #expect(HTMLTextExtractor.collapsed(text[...], isCollapsed: true) == HTMLTextExtractor.collapsed(text))
                var copied = earlier
                text.withUnsafeBufferPointer {
                    HTMLTextExtractor.appendCollapsed($0, isCollapsed: true, to: &copied)
                }
                #expect(copied == buffer)
            }
        }
    }

    @Test func collapsingKeepsIdeographicSpacesAndTrimsTheEnds() {
        let text = Array(" \u{A0}\t合计\u{3000}1,234.56 \r\n\u{C}\u{A0}万元\u{A0} ".utf8)
        #expect(HTMLTextExtractor.collapsed(text) == "合计\u{3000}1,234.56 万元")
        var buffer = Array("前".utf8)
        text.withUnsafeBufferPointer { HTMLTextExtractor.appendCollapsed($0, isCollapsed: false, to: &buffer) }
        #expect(buffer == Array("前合计\u{3000}1,234.56 万元".utf8))
    }
}
