import DisclosureTestSupport
import Foundation
import Testing

@testable import DisclosureCore

/// The splitter's block search must stop where a walk byte by byte stops, wherever a stop falls in a block of
/// sixteen bytes, and a sentence it says holds no line break must hold none.
@Suite struct SentenceSplitterBlockTests {
    /// The sentences of `bytes` as a walk byte by byte finds them (the splitter's rules without its block search).
    private static func reference(_ bytes: [UInt8]) -> [TextSpan] {
        var result: [TextSpan] = []
        var start = 0
        var lineStart = 0
        var joinedPrevious = false
        func append(_ start: Int, _ end: Int) {
            var lower = start
            var upper = end
            while lower < upper && ByteScan.isSpace(bytes[lower]) { lower += 1 }
            while upper > lower && ByteScan.isSpace(bytes[upper - 1]) { upper -= 1 }
            if upper > lower { result.append(TextSpan(start: lower, end: upper)) }
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                let transparent =
                    joinedPrevious
                    && SentenceSplitter.isPageNumberLine(bytes, lineStart: lineStart, lineEnd: index)
                joinedPrevious =
                    transparent || SentenceSplitter.joinsNextLine(bytes, lineStart: lineStart, lineEnd: index)
                if !joinedPrevious {
                    append(start, index)
                    start = index + 1
                }
                index += 1
                lineStart = index
            } else if byte == 0x21 || byte == 0x3F {
                append(start, index + 1)
                index += 1
                start = index
            } else if ByteScan.matches(bytes, "。", at: index) {
                append(start, index + 3)
                index += 3
                start = index
            } else {
                index += 1
            }
        }
        append(start, bytes.count)
        return result
    }

    /// Checks the splitter against the reference on `bytes`, and its line-break flags.
    private func check(_ bytes: [UInt8], _ label: String) {
        let sentences = SentenceSplitter.sentences(bytes)
        #expect(sentences.map(\.span) == Self.reference(bytes), "\(label)")
        for sentence in sentences where !sentence.mayBreakLine {
            #expect(!bytes[sentence.span.start..<sentence.span.end].contains(0x0A), "\(label)")
        }
    }

    @Test func stopsWhereAWalkByteByByteStopsAtEveryOffsetOfABlock() {
        // Each stop (`。`, `!`, `?`, a line feed, `、` which does not stop) shifted through two blocks.
        for padding in 0..<40 {
            let pad = String(repeating: "a", count: padding)
            let text =
                pad + "收入决算8049.76万元。其中:拨款7383.58万元、其他收入203.27万元!支出?\n"
                + "2023年支出决算8049.76万元,比上年减少420.19万元,主要原因是严格控制一般性支出,压缩了各项经费\n"
                + "支出。\n- 16 -\n\n短行\n" + pad + "末句"
            check(Array(text.utf8), "padding \(padding)")
        }
    }

    @Test func randomTextsSplitAsTheWalkSplitsThem() {
        // Runs long and short between stops, so that stops fall in every lane of a block, in consecutive blocks and
        // in the last bytes.
        let pieces = [
            "收入决算8049.76万元", "其中", "、", "。", "!", "?", "\n", "\n\n", "- 16 -", "1.", "一、", "(二)", "支出",
            "abcdefghijklmnopqrstuvwxyz0123456789", "主要原因是严格控制一般性支出,压缩了各项经费", " ", "万元", "%",
        ]
        var generator = SplitMix64(seed: 3_2026)
        for _ in 0..<5000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 30) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            check(Array(text.utf8), text)
        }
    }

    @Test func marksOneLineSentencesAsHoldingNoLineBreak() {
        let bytes = Array(
            ("一、部门基本情况\n收入决算8049.76万元。\n"
                + "2023年支出决算8049.76万元,比上年减少420.19万元,主要原因是严格控制一般性支出,压缩了各项经费\n"
                + "支出。").utf8
        )
        let sentences = SentenceSplitter.sentences(bytes)
        #expect(sentences.count == 3)
        #expect(sentences.map(\.mayBreakLine) == [false, false, true])
    }

    @Test func agreesWithTheWalkOnTheCorpus() throws {
        guard let corpus = TestSupport.corpus else {
            print("SentenceSplitterBlockTests: ../shared/corpus absent, corpus comparison skipped")
            return
        }
        let files = try #require(FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil))
        var documents = 0
        for case let url as URL in files where url.pathExtension == "txt" {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            check(TextNormalizer.normalize(text).bytes, url.lastPathComponent)
            documents += 1
        }
        #expect(documents > 10)
    }
}
