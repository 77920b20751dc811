import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// The money scans' fast paths on generated text: sentences made of the lexicons' patterns, pieces of them, common
/// and random CJK characters, numbers with and without units, separators and ASCII, so that every skip, every
/// unrolled step and every end-of-text case meets text the corpus may not hold.
@Suite struct FinanceScanGeneratedTests {
    /// Every pattern the money scans look for.
    private static let patterns: [String] =
        FinanceVocabulary.termEntries.map(\.0) + FinanceVocabulary.specialTopicEntries.map(\.0)
        + FinanceVocabulary.genericTopicEntries.map(\.0) + FinanceVocabulary.negationPatterns
        + ["占一般公共预算", "元", "%", "万元", "亿元", "千元"]

    /// Characters of ordinary prose, some of which open patterns.
    private static let common = Array("的和为公支收预算出入年度本单位部门经费项目主要用于保障运行基本情况说明较上增加减少持平")

    /// One generated piece of a sentence.
    private static func piece(_ generator: inout SplitMix64) -> String {
        switch generator.below(12) {
        case 0, 1, 2:
            return generator.pick(patterns)
        case 3:
            // A pattern cut short, or with its last character swapped: near misses of every filter level.
            let pattern = Array(generator.pick(patterns))
            let cut = String(pattern.prefix(max(1, generator.below(pattern.count + 1))))
            return generator.below(2) == 0 ? cut : cut + String(generator.pick(common))
        case 4, 5:
            return String((0..<(1 + generator.below(6))).map { _ in generator.pick(common) })
        case 6:
            // Any three-byte scalar, punctuation (E3) included.
            let value = UInt32(0x3000 + generator.below(0x7000))
            return Unicode.Scalar(value).map { String(Character($0)) } ?? "中"
        case 7:
            let digits = String(generator.next() % 100_000_000)
            let fraction = generator.below(2) == 0 ? "" : "." + String(generator.below(1000))
            return digits + fraction + generator.pick(["", "万元", "元", "%", "亿元", "千元", "万\n元", " 万元", "年"])
        case 8:
            return generator.pick([",", ";", ":", "、", "。", "(", ")", "“", "”", " ", "\n", "!", "?"])
        case 9:
            return generator.pick(["a", "Z", "x1", "A2", "-", ".", "..", "1.", "12、", "(一)", "一、", "第二部分"])
        case 10:
            // A non-BMP scalar and a two-byte one: steps of four and two bytes.
            return generator.pick(["𠀀", "é", "ü", "𝟘"])
        default:
            return String(generator.pick(common))
        }
    }

    /// A generated sentence of up to `length` pieces.
    private static func sentence(_ generator: inout SplitMix64, length: Int) -> String {
        (0..<(1 + generator.below(length))).map { _ in piece(&generator) }.joined()
    }

    @Test func scansGeneratedTextAsTheSeparatePassesDo() {
        var generator = SplitMix64(seed: 7)
        var compared = 0
        for round in 0..<400 {
            let text = (0..<(1 + generator.below(4))).map { _ in Self.sentence(&generator, length: 30) }
                .joined(separator: generator.pick(["。", "\n", "!"]))
            compared += FinanceSentenceScannerTests.compare(text, "generated \(round)")
        }
        #expect(compared > 400)
    }

    @Test func tokenizesLongSentencesAsTheByteByByteTokenizerDoes() {
        // Up to a few hundred tokens, after tokens already in the caller's array: the scan writes them straight into
        // room made at the array's end (one per byte at most), which is then cut to what it wrote.
        var generator = SplitMix64(seed: 23)
        let terms = FinanceVocabulary.termEntries.map(\.0)
        let held = FinanceToken(kind: .separator, start: 0, end: 1)
        for round in 0..<300 {
            var text = ""
            for _ in 0..<(1 + generator.below(160)) {
                switch generator.below(4) {
                case 0: text += String(generator.next() % 100_000) + generator.pick(["万元", "", "%", "年", "元"])
                case 1: text += generator.pick([",", ";", ":", "、"])
                case 2: text += generator.pick(terms)
                default: text += Self.piece(&generator)
                }
            }
            let bytes = Array(text.utf8)
            let before = Array(repeating: held, count: generator.below(30))
            var tokens = before
            _ = FinanceSentenceScanner.scan(bytes, marks: FinanceMarks.shared, into: &tokens)
            let expected = before + FinanceTokenizer.tokens(bytes, in: TextSpan(start: 0, end: bytes.count))
            #expect(tokens == expected, "round \(round): \(text)")
        }
    }

    @Test func findsTheLeadsTopicsAsTheSeparateSearchDoes() {
        // Leads of terms that hold topic patterns (`一般公共预算财政拨款支出`, `基本支出预算`), topic patterns, terms cut
        // short and followed by a topic pattern (one that starts inside a term the tokenizer steps over), years and
        // prose, then maybe an amount: the lead's topics are what the separate search of the lead finds.
        var generator = SplitMix64(seed: 29)
        let topics = FinanceVocabulary.specialTopicEntries.map(\.0) + FinanceVocabulary.genericTopicEntries.map(\.0)
        let terms = FinanceVocabulary.termEntries.map(\.0)
        var compared = 0
        for round in 0..<800 {
            var lead = ""
            for _ in 0..<(1 + generator.below(8)) {
                switch generator.below(5) {
                case 0: lead += generator.pick(topics)
                case 1: lead += generator.pick(terms)
                case 2: lead += String(2000 + generator.below(30)) + generator.pick(["年", "年度", ""])
                case 3:
                    let term = Array(generator.pick(terms))
                    lead += String(term.prefix(1 + generator.below(term.count))) + generator.pick(topics)
                default: lead += String(generator.pick(Self.common))
                }
            }
            let text = lead + generator.pick(["", "8049.76万元", "占31.76%", ",其中:收入3万元", "3、5万元"])
            compared += FinanceSentenceScannerTests.compare(text, "lead \(round)")
        }
        #expect(compared >= 800)
    }

    @Test func skipsNoPositionWhereAPatternStarts() {
        // Every offset of a sentence where the merged lexicon finds a term or a topic pattern, or where the tokenizer
        // acts, is a candidate of the tables that look for them, whatever offset the search starts from.
        let marks = FinanceMarks.shared
        var generator = SplitMix64(seed: 11)
        for round in 0..<300 {
            let bytes = Array(Self.sentence(&generator, length: 40).utf8)
            bytes.withUnsafeBufferPointer { buffer in
                var offset = 0
                while offset < bytes.count {
                    let mark = marks.lexicon.longestMatch(in: buffer, at: offset, end: bytes.count)?.value
                    let byte = bytes[offset]
                    let acts =
                        ByteScan.isDigit(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
                        || byte == UInt8(ascii: ":") || ByteScan.matches(bytes, "、", at: offset)
                    let isTerm = mark?.term != nil
                    let isTopic = (mark?.specialLength ?? 0) > 0 || (mark?.genericLength ?? 0) > 0
                    for (name, table, stops) in [
                        ("term", marks.termTokenStops, isTerm || acts),
                        ("topic", marks.topicStops, isTopic),
                    ] where stops {
                        // From a few offsets before: the search must not step past this one.
                        for from in Set([0, max(0, offset - 3), max(0, offset - 7), offset]) where from <= offset {
                            let candidate = Self.candidates(bytes, buffer, from: from, end: bytes.count, table)
                            #expect(
                                candidate.contains(offset),
                                "\(name) \(round) at \(offset) from \(from): \(String(decoding: bytes, as: UTF8.self))"
                            )
                        }
                    }
                    offset += ByteScan.scalarLength(bytes, at: offset)
                }
            }
        }
    }

    /// The offsets ``FinanceTrie/nextCandidate(in:from:end:stops:)`` stops at from `from` on, stepping by scalar past
    /// each.
    private static func candidates(
        _ bytes: [UInt8],
        _ buffer: UnsafeBufferPointer<UInt8>,
        from: Int,
        end: Int,
        _ table: [UInt16]
    ) -> Set<Int> {
        table.withUnsafeBufferPointer { stops in
            var found = Set<Int>()
            var index = from
            while true {
                index = FinanceTrie<FinanceMark>.nextCandidate(
                    in: buffer,
                    from: index,
                    end: end,
                    stops: stops.baseAddress!
                )
                guard index < end else { return found }
                found.insert(index)
                index += max(1, ByteScan.scalarLength(bytes, at: index))
            }
        }
    }

    @Test func findsUnitsAsTheByteByByteSearchDoes() {
        // 元 (E5 85 83), `%` and near misses (僃 E5 83 83, 兄 E5 85 84, 慃 E6 85 83, 䅃 E4 85 83, lone bytes) among CJK,
        // ASCII and digits, at every alignment to the sixteen-byte blocks: every prefix and suffix is compared too.
        var generator = SplitMix64(seed: 19)
        let pieces = ["的", "收入", "僃", "兄", "慃", "䅃", "abc", "12.5", " ", "元", "%", "万元", "。"]
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + generator.below(16)) {
                if generator.below(8) == 0 {
                    bytes.append(generator.pick([0x83, 0x85, 0xE5, 0x25] as [UInt8]))
                } else {
                    // Units are rarer than the rest, so that most texts hold none.
                    let piece = generator.pick(pieces)
                    bytes += Array(
                        (piece == "元" || piece == "%" || piece == "万元") && generator.below(3) > 0
                            ? "的".utf8 : piece.utf8
                    )
                }
            }
            for cut in 0...bytes.count {
                for part in [Array(bytes[..<cut]), Array(bytes[cut...])] {
                    #expect(
                        FinanceSentenceScanner.mayHoldAmount(part) == AmountScanner.mayHoldAmount(part),
                        "\(part)"
                    )
                }
            }
        }
    }

    @Test func decidesShortLinesInOnePassAsTheUnitSearchAndTheTitlePassDo() {
        // The extractor's short lines: the title pass that stops at the first unit must find a unit exactly where the
        // unit search does, and, without one, the flags and topics of the whole pass. Short generated lines (table
        // rows, headings, prose), and each mark (units, cues, negations, the share, topics) put at every scalar
        // boundary of a line, by itself and after or before multi-byte edges.
        var generator = SplitMix64(seed: 31)
        let cues = FinanceVocabulary.termEntries.filter { $0.1 == .zeroChange || $0.1 == .noneAmount }.map(\.0)
        let topics = FinanceVocabulary.specialTopicEntries.map(\.0) + FinanceVocabulary.genericTopicEntries.map(\.0)
        let marks = ["元", "%", "万元", "占一般公共预算"] + FinanceVocabulary.negationPatterns + cues + topics
        var lines: [[UInt8]] = []
        for _ in 0..<300 {
            let line = Array((0..<(1 + generator.below(8))).map { _ in Self.piece(&generator) }.joined().utf8)
            lines.append(line)
        }
        let rows = ["20101  公共卫生事务  74.2  73.92  0.28", "科目编码  科目名称  合计  基本支出  项目支出", "（一）职能职责"]
        for base in rows + (0..<40).map({ _ in Self.sentence(&generator, length: 6) }) {
            let scalars = Array(base.unicodeScalars)
            for cut in 0...scalars.count {
                let mark = generator.pick(marks)
                let edge = generator.pick(["", "é", "𠀀", "“", "7", " "])
                var before = String.UnicodeScalarView()
                before.append(contentsOf: scalars[..<cut])
                var after = String.UnicodeScalarView()
                after.append(contentsOf: scalars[cut...])
                let head = String(before)
                let tail = String(after)
                lines.append(Array((head + mark + tail).utf8))
                lines.append(Array((head + edge + mark + tail).utf8))
                lines.append(Array((head + mark + edge + tail).utf8))
            }
        }
        var units = 0
        for line in lines {
            let label = String(decoding: line, as: UTF8.self)
            var stoppedTopics = FinanceSentenceScan()
            let stopped = FinanceSentenceScanner.flags(
                line,
                marks: FinanceMarks.shared,
                topics: &stoppedTopics,
                stopsAtUnit: true
            )
            var wholeTopics = FinanceSentenceScan()
            let whole = FinanceSentenceScanner.flags(line, marks: FinanceMarks.shared, topics: &wholeTopics)
            let hasUnit = FinanceSentenceScanner.mayHoldAmount(line)
            #expect(stopped.contains(.amountUnit) == hasUnit, "\(label)")
            #expect(hasUnit == AmountScanner.mayHoldAmount(line), "\(label)")
            #expect(whole.contains(.amountUnit) == hasUnit, "\(label)")
            if hasUnit {
                units += 1
                continue
            }
            #expect(stopped == whole, "\(label)")
            #expect(stoppedTopics.special?.start == wholeTopics.special?.start, "\(label)")
            #expect(stoppedTopics.special?.topic == wholeTopics.special?.topic, "\(label)")
            #expect(stoppedTopics.generic?.start == wholeTopics.generic?.start, "\(label)")
            #expect(stoppedTopics.generic?.topic == wholeTopics.generic?.topic, "\(label)")
        }
        // Both kinds of line are met.
        #expect(units > 200 && lines.count - units > 1000)
    }

    @Test func readsGeneratedNumbersAsTheByteByByteReaderDoes() {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<3000 {
            let integer = String(repeating: "9", count: generator.below(3)) + String(generator.next() % 10_000_000_000)
            let digits = generator.below(3) == 0 ? integer + "." + String(generator.next() % 10_000_000) : integer
            let tail = generator.pick(["", "年", "%", ".", ".5x", "万元"])
            let text = digits + tail
            let bytes = Array(text.utf8)
            let scanned = AmountScanner.scan(bytes, at: 0, limit: bytes.count)
            guard let (value, end) = Self.referenceLiteral(bytes, at: 0, limit: bytes.count) else {
                #expect(scanned.isEmpty, "\(text)")
                continue
            }
            let expected: ScannedNumber =
                switch tail {
                case "%": ScannedNumber(kind: .percent(value), start: 0, end: end + 1)
                case "万元": ScannedNumber(kind: .money(value), start: 0, end: end + 6)
                default: ScannedNumber(kind: .plain(value), start: 0, end: end)
                }
            #expect(scanned == [expected], "\(text)")
        }
    }

    /// The plain decimal literal at `offset`, read byte by byte from the array (the scanner's reader before it read
    /// through a buffer pointer).
    private static func referenceLiteral(_ bytes: [UInt8], at offset: Int, limit: Int) -> (Amount, Int)? {
        var index = offset
        var units: Int64 = 0
        while index < limit && ByteScan.isDigit(bytes[index]) {
            units = units &* 10 &+ Int64(bytes[index] &- 48)
            index += 1
        }
        guard index > offset else { return nil }
        var scale = 0
        if index + 1 < limit, bytes[index] == UInt8(ascii: "."), ByteScan.isDigit(bytes[index + 1]) {
            index += 1
            while index < limit && ByteScan.isDigit(bytes[index]) {
                units = units &* 10 &+ Int64(bytes[index] &- 48)
                scale += 1
                index += 1
            }
        }
        guard index - offset <= 18, scale <= Amount.maximumScale else { return nil }
        return (Amount(units: units, scale: scale), index)
    }
}
