import DisclosureTestSupport
import Foundation
import Testing

@testable import DisclosureCore

/// The normalizers' block-at-a-time fast paths (sixteen bytes of plain ASCII, five CJK characters at once, runs
/// that carry on through CJK punctuation and full-width forms) against the tests' byte-at-a-time loop
/// (``ReferenceNormalizer``), on inputs long enough for many blocks: every control character, byte-order marks,
/// malformed UTF-8 and GB18030, four-byte GB18030 codes, at every alignment against a block and the end.
@Suite struct NormalizerBlockTests {
    /// Pieces that stress the blocks: long runs of each kind, and what ends a run in every way.
    private static let pieces: [String] = [
        "中华人民共和国财政部", "一般公共预算财政拨款收入", "收入", "合计", "、", "。", "《", "》", "“", "”", "，", "：", "（", "）",
        "；", "１２３", "ＡＢｃ", "．", "％", "\u{3000}", "\u{A0}", "\u{200B}", "\u{FEFF}", "\u{2003}", "\u{AD}", "\u{202F}",
        "1651.99", "9,101.68", "1,23", "1,2345", ",", " ", "  ", "\t", " \t ", "\r\n", "\r", "\n", "\n\n", "\u{0C}",
        "abcdefghijklmnopqrstuvwxyz0123456789", "ABC-def_ghi.jkl/mno:pqr;stu", "x", "7", "201.01  行政运行  1,234.56",
        "€", "𠀀", "😀", "é", "ー", "가", "ꀀ", "\u{E000}", "〇", "㐀", "\u{4000}", "龥", "\u{FFFD}", "万元",
    ]

    /// The control characters the normalizer treats specially (replaced or refused) and the ones it keeps.
    private static let controls: [String] = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + ["\u{7F}"]

    /// A random text of `count` pieces, with a control character now and then when `controls`.
    private static func text(_ generator: inout SplitMix64, count: Int, controls: Bool) -> String {
        var text = ""
        for _ in 0..<count {
            if controls, generator.next() % 40 == 0 {
                text += Self.controls[Int(generator.next() % UInt64(Self.controls.count))]
            } else {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
        }
        return text
    }

    /// The GB18030 pass against the reference wherever it answers, and an answer wherever the transcoder and the
    /// validating normalizer give one; returns whether it answered.
    @discardableResult
    private func expectGB18030Agrees(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let fused = GB18030Normalizer.normalize(gb18030: bytes, maximumTextBytes: .max)
        let separate = (try? GB18030Transcoder.utf8(fromGB18030: bytes)).flatMap {
            TextNormalizer.normalize(validatingUTF8: $0)
        }
        let hex = bytes.prefix(48).map { String($0, radix: 16) }.joined(separator: " ")
        guard let fused else { return false }
        guard let separate else {
            Issue.record("fused answered where the two passes do not: \(hex)", sourceLocation: sourceLocation)
            return true
        }
        let reference = ReferenceNormalizer.normalize(separate.original)
        #expect(fused.original == separate.original, "\(hex)", sourceLocation: sourceLocation)
        #expect(fused.bytes == reference.bytes, "\(hex)", sourceLocation: sourceLocation)
        #expect(fused.originalOffsets == reference.offsets, "\(hex)", sourceLocation: sourceLocation)
        return true
    }

    @Test func longRandomTextsAgree() {
        var generator = SplitMix64(seed: 1616)
        for round in 0..<6000 {
            let text = Self.text(&generator, count: Int(generator.next() % 60), controls: round % 3 == 0)
            ReferenceNormalizer.expectUTF8Agrees(Array(text.utf8))
        }
    }

    @Test func longRandomTextsAgreeInGB18030() {
        var generator = SplitMix64(seed: 54936)
        var answered = 0
        for round in 0..<4000 {
            let text = Self.text(&generator, count: Int(generator.next() % 60), controls: round % 5 == 0)
            if expectGB18030Agrees(TestSupport.gb18030(text)) { answered += 1 }
        }
        #expect(answered > 3000)
    }

    @Test func everyAlignmentAgrees() {
        // One text with every kind of run, cut at every start and end: each run meets a block's edge and the
        // input's end at every offset.
        let text =
            "一、收入预算合计１,651.99万元，其中：（一）财政拨款 1,234.56 万元。\u{3000}本年支出  201.01  行政运行\r\n"
            + "“三公”经费 ＡＢＣ abc def 9,101 12,3456 中华人民共和国《预算法》、〇㐀𠀀€é\u{200B}\u{FEFF}\t\u{0C}ok"
        let bytes = Array(text.utf8)
        for start in 0..<bytes.count {
            for end in stride(from: start, through: bytes.count, by: start % 7 == 0 ? 1 : 5) {
                ReferenceNormalizer.expectUTF8Agrees(Array(bytes[start..<end]))
            }
        }
        let encoded = TestSupport.gb18030(text)
        for start in 0..<encoded.count {
            for end in stride(from: start, through: encoded.count, by: start % 5 == 0 ? 1 : 7) {
                expectGB18030Agrees(Array(encoded[start..<end]))
            }
        }
    }

    @Test func everyControlCharacterInEveryLaneOfABlock() {
        // A control character in every position of plain ASCII and of CJK runs: refused by the validating paths
        // (or kept, for tab, line feed, form feed and carriage return) exactly as the reference says.
        let ascii = Array("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ".utf8)
        let cjk = Array("中华人民共和国财政部一般公共预算".utf8)
        for control in (0..<0x20).map(UInt8.init) + [0x7F] {
            for position in 0..<ascii.count {
                var bytes = ascii
                bytes[position] = control
                ReferenceNormalizer.expectUTF8Agrees(bytes)
                expectGB18030Agrees(bytes)
            }
            for position in stride(from: 0, through: cjk.count, by: 3) {
                var bytes = cjk
                bytes.insert(control, at: position)
                ReferenceNormalizer.expectUTF8Agrees(bytes)
                expectGB18030Agrees(TestSupport.gb18030(String(decoding: bytes, as: UTF8.self)))
            }
        }
    }

    @Test func malformedUTF8InsideBlocksIsRefused() {
        // Valid CJK text with one byte changed (into a bad lead, a stray continuation byte, ASCII inside a
        // sequence, a surrogate's or an overlong's lead) at every position, and byte-order marks in front.
        let cjk = Array("收入合计中华人民共和国、财政部。一般公共预算，万元".utf8)
        let replacements: [UInt8] = [
            0x80, 0xBF, 0xC0, 0xC1, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x41, 0xE3, 0xE4,
        ]
        for position in 0..<cjk.count {
            for replacement in replacements {
                var bytes = cjk
                bytes[position] = replacement
                ReferenceNormalizer.expectUTF8Agrees(bytes)
            }
            var cut = cjk
            cut.removeSubrange(position..<min(position + 2, cut.count))
            ReferenceNormalizer.expectUTF8Agrees(cut)
        }
        ReferenceNormalizer.expectUTF8Agrees([0xEF, 0xBB, 0xBF] + cjk)
        ReferenceNormalizer.expectUTF8Agrees([0xEF, 0xBB, 0xBF, 0x20, 0x31] + cjk + [0xEF, 0xBB, 0xBF])
    }

    @Test func randomBytesAgree() {
        // Bytes drawn mostly from leads and continuation bytes, so that almost-valid CJK blocks are common.
        let alphabet: [UInt8] = [
            0xE3, 0xE4, 0xE5, 0xE9, 0xEC, 0xED, 0xEF, 0x80, 0x81, 0x9F, 0xA0, 0xBC, 0xBD, 0xBF, 0x20, 0x31, 0x2C, 0x0A,
            0x0D, 0xC2, 0xF0,
        ]
        var generator = SplitMix64(seed: 8080)
        for _ in 0..<20000 {
            let count = Int(generator.next() % 64)
            var bytes: [UInt8] = []
            for _ in 0..<count {
                bytes.append(
                    generator.next() % 8 == 0
                        ? UInt8(truncatingIfNeeded: generator.next()) : alphabet[Int(generator.next() % 21)]
                )
            }
            ReferenceNormalizer.expectUTF8Agrees(bytes)
        }
    }

    @Test func malformedAndFourByteGB18030Agree() {
        // Four-byte codes (BMP, supplementary, past the end of the range), cut-off and bad sequences between long
        // runs of two-byte codes and ASCII: the fused pass agrees or gives up, never answers wrongly.
        let run = TestSupport.gb18030("一般公共预算财政拨款收入，其中：")
        let inserts: [[UInt8]] = [
            [0x81, 0x30, 0x81, 0x30], [0x81, 0x35, 0xF4, 0x37], [0x90, 0x30, 0x81, 0x30], [0xE3, 0x32, 0x9A, 0x35],
            [0x84, 0x31, 0xA4, 0x39], [0x84, 0x31, 0x95, 0x33], [0x84, 0x31, 0xA5, 0x30], [0x81], [0x81, 0x30], [0x80],
            [0xFF], [0xD6, 0x7F], [0xA1, 0xA1], [0x20, 0x31, 0x2C, 0x32, 0x33, 0x34, 0x20],
        ]
        for insert in inserts {
            for position in 0...run.count {
                var bytes = run + run
                bytes.insert(contentsOf: insert, at: position)
                expectGB18030Agrees(bytes)
            }
        }
        // The GB18030 byte-order mark (U+FEFF) is dropped from the normalized text, kept in the original.
        #expect(expectGB18030Agrees([0x84, 0x31, 0x95, 0x33] + run))
    }

    @Test func corpusTextsAgreeAtEveryStart() throws {
        guard let corpus = TestSupport.corpus else {
            print("NormalizerBlockTests: ../shared/corpus absent, corpus texts skipped")
            return
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }
        for file in files.sorted() {
            let data = Array(try Data(contentsOf: corpus.appendingPathComponent(file)))
            // The whole text, then cut at the first sixteen offsets, so that every block lands elsewhere.
            for start in 0..<min(16, data.count) {
                ReferenceNormalizer.expectUTF8Agrees(Array(data[start...]))
            }
            if let text = String(bytes: data, encoding: .utf8) {
                let encoded = TestSupport.gb18030(text)
                for start in 0..<min(4, encoded.count) { expectGB18030Agrees(Array(encoded[start...])) }
            }
        }
    }
}
