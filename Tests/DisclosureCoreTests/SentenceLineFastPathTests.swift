import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// The splitter's line tests (``SentenceSplitter/joinsNextLine(_:lineStart:lineEnd:)``,
/// ``SentenceSplitter/isPageNumberLine(_:lineStart:lineEnd:)``) and the finance sentence's compaction
/// (``FinanceExtractor/compact(_:_:into:mayBreakLine:)``) read through buffers and close a sentence up in place: they
/// must answer as the array code they replaced (kept here as the reference) on generated text.
@Suite struct SentenceLineFastPathTests {
    // MARK: The code replaced

    private static func referenceIsPageNumberLine(_ bytes: [UInt8], lineStart: Int, lineEnd: Int) -> Bool {
        lineEnd - lineStart <= 8
            && bytes[lineStart..<lineEnd].allSatisfy {
                ByteScan.isDigit($0) || ByteScan.isSpace($0) || $0 == UInt8(ascii: "-")
            }
    }

    private static func referenceUnitStartsLine(_ bytes: [UInt8], after lineEnd: Int) -> Bool {
        var next = lineEnd + 1
        var lineFeeds = 0
        while next < bytes.count && ByteScan.isSpace(bytes[next]) && lineFeeds < 2 {
            if bytes[next] == 0x0A { lineFeeds += 1 }
            next += 1
        }
        guard next < bytes.count else { return false }
        return bytes[next] == UInt8(ascii: "%") || ByteScan.matches(bytes, "万元", at: next)
            || ByteScan.matches(bytes, "亿元", at: next) || ByteScan.matches(bytes, "元", at: next)
    }

    private static func referenceJoinsNextLine(_ bytes: [UInt8], lineStart: Int, lineEnd: Int) -> Bool {
        var upper = lineEnd
        while upper > lineStart && ByteScan.isSpace(bytes[upper - 1]) { upper -= 1 }
        if upper > lineStart && ByteScan.isDigit(bytes[upper - 1]) && referenceUnitStartsLine(bytes, after: lineEnd) {
            return true
        }
        guard upper - lineStart >= SentenceSplitter.wrapWidth else { return false }
        let last = ByteScan.previousScalarStart(bytes, before: upper)
        if ByteScan.matches(bytes, "。", at: last) || bytes[last] == UInt8(ascii: ":")
            || bytes[last] == UInt8(ascii: "!") || bytes[last] == UInt8(ascii: "?")
        {
            return false
        }
        var next = lineEnd + 1
        while next < bytes.count && ByteScan.isSpace(bytes[next]) { next += 1 }
        guard next < bytes.count else { return false }
        return !HeadingNumbering.startsHeading(bytes, at: next)
    }

    /// The compaction line by line: each line appended unless it is a page number between two others.
    private static func referenceCompacted(_ bytes: [UInt8], _ span: TextSpan) -> [UInt8] {
        var result: [UInt8] = []
        var lineStart = span.start
        var isFirst = true
        while true {
            let lineEnd = bytes[lineStart..<span.end].firstIndex(of: 0x0A) ?? span.end
            let line = bytes[lineStart..<lineEnd]
            guard lineEnd < span.end else {
                result += line
                return result
            }
            let isPageNumber =
                !isFirst && line.count <= 8
                && line.allSatisfy { ByteScan.isDigit($0) || $0 == 0x20 || $0 == UInt8(ascii: "-") }
            if !isPageNumber { result += line }
            isFirst = false
            lineStart = lineEnd + 1
        }
    }

    // MARK: Generated text

    /// Pieces that decide the line tests: units, numbers, heading markers, sentence ends, page numbers, blanks,
    /// long ideograph runs (wrapped lines), stray and cut bytes.
    private static let pieces: [[UInt8]] =
        [
            "\n", "\n", "\n", "\n\n", " ", "\t", "\r", "。", "、", ":", "!", "?", "%", "元", "万元", "亿元", "万", "亿",
            "12", "8049.76", "- 16 -", "30", "-", "一、", "(二)", "第三部分", "4.", "1.5", "12、", "其中",
            "收入决算", "比上年减少", "主要原因是严格控制一般性支出压缩了各项经费", "一般公共预算财政拨款支出",
            "a", "xyz",
        ].map { Array($0.utf8) } + [[0x80], [0x82], [0xE3], [0xE3, 0x80], [0x80, 0x82]]

    /// A seeded text of `count` pieces.
    private static func text(_ generator: inout SplitMix64, pieces count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<count { bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)] }
        return bytes
    }

    // MARK: Tests

    @Test func lineTestsAnswerAsTheArrayCodeAtEveryLineFeed() {
        var generator = SplitMix64(seed: 2026)
        var joined = 0
        var lineFeeds = 0
        for round in 0..<3000 {
            let bytes = Self.text(&generator, pieces: Int.random(in: 1...60, using: &generator))
            var lineStart = 0
            for index in bytes.indices where bytes[index] == 0x0A {
                // The splitter's own line, and lines that start anywhere before the break.
                for start in [lineStart, Int.random(in: 0...index, using: &generator)] {
                    let expected = Self.referenceJoinsNextLine(bytes, lineStart: start, lineEnd: index)
                    guard SentenceSplitter.joinsNextLine(bytes, lineStart: start, lineEnd: index) == expected else {
                        Issue.record("joinsNextLine, round \(round), \(start)..<\(index) of \(bytes)")
                        return
                    }
                    #expect(
                        SentenceSplitter.isPageNumberLine(bytes, lineStart: start, lineEnd: index)
                            == Self.referenceIsPageNumberLine(bytes, lineStart: start, lineEnd: index)
                    )
                    if expected { joined += 1 }
                }
                lineFeeds += 1
                lineStart = index + 1
            }
        }
        // Both answers occur often.
        #expect(joined > 1000)
        #expect(lineFeeds - joined / 2 > 1000)
    }

    @Test func compactionIsTheLineByLineOneOnEverySentenceAndSpan() {
        var generator = SplitMix64(seed: 77)
        var buffer: [UInt8] = Array("a leftover from the sentence before, longer than most".utf8)
        var closedUp = 0
        for round in 0..<3000 {
            let bytes = Self.text(&generator, pieces: Int.random(in: 1...40, using: &generator))
            // The splitter's sentences, and arbitrary spans.
            var spans = SentenceSplitter.sentences(bytes).map { ($0.span, $0.mayBreakLine) }
            for _ in 0..<4 {
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let end = Int.random(in: (start + 1)...bytes.count, using: &generator)
                spans.append((TextSpan(start: start, end: end), true))
            }
            for (span, mayBreakLine) in spans {
                let expected = Self.referenceCompacted(bytes, span)
                FinanceExtractor.compact(bytes, span, into: &buffer, mayBreakLine: mayBreakLine)
                guard buffer == expected, FinanceExtractor.compacted(bytes, span) == expected else {
                    Issue.record("round \(round), span \(span.start)..<\(span.end) of \(bytes)")
                    return
                }
                if expected.count < span.end - span.start { closedUp += 1 }
            }
        }
        #expect(closedUp > 1000)
    }
}
