import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// The UTF-8 normalizer on text as a disclosure mixes it, short runs of ASCII and CJK taking turns every few bytes
/// (`2023年收入决算8049.76万元`), against the tests' byte-at-a-time loop (``ReferenceNormalizer``), with everything
/// that ends a run kept as it is (U+3000, a comma, a space, full-width forms, other leads, malformed sequences) in
/// every lane of a block. (Written for a block of such mixed text kept byte for byte, sixteen bytes at a time, which
/// cost more than it saved: docs/BENCHMARKS.md, session 14, parse2.)
@Suite struct NormalizerMixedRunsTests {
    /// Short pieces as a disclosure mixes them, and what ends a run kept as it is.
    private static let pieces: [[UInt8]] =
        [
            "2023", "年", "收入决算", "8049.76", "万元", "、", "。", "「", "〇", "ぁ", "\u{3000}", "\u{3001}\u{3000}", "，", "（",
            "１", ",", "9,101", " ", "\t", "\n", "\r\n", "a", "Z9", "-", "%", ":", "€", "é", "“", "\u{FFFE}", "𠀀",
            "\u{7F}",
            "\u{1}", "\u{0C}", "龥", "\u{E000}", "ꀀ",
        ].map { Array($0.utf8) } + [
            [0xE4, 0xB8], [0xE4, 0x41, 0x80], [0xE4, 0xB8, 0x41], [0x80], [0xE3, 0x80], [0xE3, 0x80, 0x80],
            [0xEC, 0xBF, 0xBF], [0xED, 0x9F, 0xBF], [0xFF],
        ]

    @Test func randomMixturesOfShortRunsAgree() {
        var generator = SplitMix64(seed: 7_2026)
        for round in 0..<30000 {
            var bytes: [UInt8] = []
            // Mostly pieces kept as they are (the first ten), so that runs go on long and end in every way.
            for _ in 0..<Int(generator.next() % 40) {
                let choices = UInt64(round % 3 == 0 ? Self.pieces.count : 10)
                bytes += Self.pieces[Int(generator.next() % choices)]
            }
            ReferenceNormalizer.expectUTF8Agrees(bytes)
        }
    }

    @Test func whatEndsABlockAgreesInEveryLane() {
        let kept = Array("收入决算8049.76万元，其中:拨款7383.58万元。".utf8)
        let enders: [[UInt8]] = [
            Array("\u{3000}".utf8), Array(" ".utf8), Array(",".utf8), Array("，".utf8), Array("“".utf8),
            Array("é".utf8), Array("𠀀".utf8), [0x01], [0x7F], [0xE4, 0xB8], [0xE4, 0x41], [0x80], [0xED, 0xA0, 0x80],
        ]
        for ender in enders {
            for padding in 0..<40 {
                let lead = Array(repeating: UInt8(ascii: "a"), count: padding % 3) + Array("年".utf8)
                let filler = Array(repeating: Array("年".utf8), count: padding / 3).flatMap { $0 }
                ReferenceNormalizer.expectUTF8Agrees(lead + filler + ender + kept + ender + kept)
                ReferenceNormalizer.expectUTF8Agrees(kept.prefix(padding) + ender + kept)
            }
        }
    }
}
