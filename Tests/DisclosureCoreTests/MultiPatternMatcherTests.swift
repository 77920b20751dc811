import Foundation
import Testing

@testable import DisclosureCore

@Suite struct MultiPatternMatcherTests {
    /// Every occurrence of every pattern by plain search, in the matcher's order (start, then pattern id).
    private func naive(
        _ patterns: [[UInt8]],
        _ bytes: [UInt8],
        from: Int = 0,
        to: Int? = nil
    ) -> [MultiPatternMatcher.Match] {
        let upper = to ?? bytes.count
        var found: [MultiPatternMatcher.Match] = []
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var start = from
            while start + pattern.count <= upper {
                if bytes[start] == pattern[0], bytes[start..<start + pattern.count].elementsEqual(pattern) {
                    found.append(MultiPatternMatcher.Match(pattern: id, start: start, end: start + pattern.count))
                }
                start += 1
            }
        }
        return found.sorted { ($0.start, $0.pattern) < ($1.start, $1.pattern) }
    }

    @Test func scalarAlignedScanFindsTheSameMatchesInUTF8Text() {
        let patterns = ["收入", "收入预算", "入预", "预算", "XX", "类)", "(", "××", "𠀀a", "é"].map { Array($0.utf8) }
        let matcher = MultiPatternMatcher(patterns)
        let text = "本年收入预算XXX万元，(210类)收入××元 é𠀀ab\n收入预算(XX)é"
        let bytes = Array(text.utf8)
        #expect(matcher.matches(in: bytes, scalarAligned: true) == naive(patterns, bytes))
        // From a later scalar start, and up to a bound inside the text.
        let from = Array("本年".utf8).count
        let to = bytes.count - 3
        #expect(
            matcher.matches(in: bytes, from: from, to: to, scalarAligned: true)
                == naive(patterns, bytes, from: from, to: to)
        )
    }

    @Test func scalarAlignedScanAgreesWithPlainSearchOnMixedAndMalformedText() {
        let alphabet: [[UInt8]] =
            Array("收入支出预算XX类)(，。×é\n".unicodeScalars).map { Array(String($0).utf8) } + [
                [0xE6], [0x94], [0xE6, 0x94], [0xC3], [0xF0, 0x9F, 0x98, 0x80], [0x80], Array("2024.5%".utf8),
                Array("ab cd".utf8),
            ]
        let wellFormed =
            ["收入", "收入预算", "入预", "支出", "XX", "X", "类)", "。\n", "××", "é", "预算预算", "算", "类é", "支é收入", "出\n收"]
            .map { Array($0.utf8) } + [[]]
        // Patterns that do not start with a whole scalar below U+10000: the byte scan serves them.
        let odd = wellFormed + ["😀收"].map { Array($0.utf8) } + [[0x94, 0xB6], [0xE6]]
        // Four ASCII first bytes (the ASCII skip compares with each), and more than four (it is off).
        let fourASCII = wellFormed + ["(", ")\n", "\n", "预算预算算"].map { Array($0.utf8) }
        let manyASCII = fourASCII + ["b", "5%", "20"].map { Array($0.utf8) }
        var seed: UInt64 = 11
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<40 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes += alphabet[Int(seed >> 33) % alphabet.count]
            }
            for patterns in [wellFormed, odd, fourASCII, manyASCII] {
                let matcher = MultiPatternMatcher(patterns)
                #expect(matcher.matches(in: bytes, scalarAligned: true) == naive(patterns, bytes))
                let from = bytes.count / 3
                let to = bytes.count - 5
                #expect(
                    matcher.matches(in: bytes, from: from, to: to, scalarAligned: true)
                        == naive(patterns, bytes, from: from, to: to)
                )
            }
        }
    }

    @Test func scalarAlignedScanStopsWhereTheBodySaysOnCandidateDenseText() {
        // Text made of the patterns' own pieces, so that candidates follow each other closely (one scalar apart,
        // overlapping, at the range's end): the scan goes on from each candidate to the next in one loop, and stops
        // at the match where the body says so, as the plain search's list cut there.
        let pieces = ["收入", "收入预算", "预算", "支出", "类)", "(", "X", "年", "年度", "é", "2024", "\n", "。"]
            .map { Array($0.utf8) }
        let withOdd = ["收入", "收入预算", "预算预", "类)", "(", "年", "é", "支出合计数"].map { Array($0.utf8) }
        let withoutOdd = ["收入", "收入预算", "预算预", "类)", "(", "年度", "é", "支出合计数"].map { Array($0.utf8) }
        var seed: UInt64 = 29
        for _ in 0..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<30 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes += pieces[Int(seed >> 33) % pieces.count]
            }
            for patterns in [withOdd, withoutOdd] {
                let matcher = MultiPatternMatcher(patterns)
                let from = bytes.count / 5
                let to = bytes.count - 2
                let expected = naive(patterns, bytes, from: from, to: to)
                #expect(matcher.matches(in: bytes, from: from, to: to, scalarAligned: true) == expected)
                for stop in [1, 2, expected.count / 2, expected.count] where stop > 0 && stop <= expected.count {
                    var found: [MultiPatternMatcher.Match] = []
                    matcher.forEachMatch(in: bytes, from: from, to: to, scalarAligned: true) { match in
                        found.append(match)
                        return found.count < stop
                    }
                    #expect(found == Array(expected.prefix(stop)))
                }
            }
        }
    }

    @Test func scalarAlignedScanSkipsLongASCIIRunsAsAPlainSearch() {
        // ASCII runs of every length up to forty, a first byte (`(`, `X`, `:`) or a byte that is not ASCII at each
        // place of the run, then the text's end at every offset: the sixteen-byte skip, the eight-byte one near the
        // end, and the byte loops after them.
        let patterns = ["(", "XX", ":", "收入", "类)", "20", "é"].map { Array($0.utf8) }
        let manyASCII = patterns + ["a", "b", "c"].map { Array($0.utf8) }
        let runBytes = Array("0123456789 .,%-+ab".utf8)
        for length in 0...40 {
            for stopAt in stride(from: 0, through: length, by: 3) {
                for stop in [Array("(".utf8), Array("XX".utf8), Array(":".utf8), Array("收入".utf8), Array("é".utf8)] {
                    var bytes = Array("收入".utf8)
                    for offset in 0..<length {
                        if offset == stopAt { bytes += stop }
                        bytes.append(runBytes[(offset * 7 + length) % runBytes.count])
                    }
                    bytes += Array("类)支出".utf8)
                    for set in [patterns, manyASCII] {
                        let matcher = MultiPatternMatcher(set)
                        for to in [bytes.count, bytes.count - 4, bytes.count - 9, bytes.count / 2] where to > 0 {
                            #expect(
                                matcher.matches(in: bytes, from: 0, to: to, scalarAligned: true)
                                    == naive(set, bytes, from: 0, to: to)
                            )
                        }
                    }
                }
            }
        }
    }

    @Test func scalarAlignedScanAgreesWithPlainSearchOnRunsOfThreeByteScalars() {
        // Runs of three-byte scalars of every length up to twenty-four (the scan takes them two at a time), with a
        // pattern's first character at every place of the run, then each way a run ends: ASCII (a pattern's four-byte
        // pair prefix, `类)`), a lead byte whose next bytes are not continuation bytes, a two- and a four-byte scalar,
        // a lone continuation byte, the text's end; and the range's end at every few offsets.
        let patterns = ["收入", "收入预算", "预算", "类)", "入预算支", "支出合计数", "算\n"].map { Array($0.utf8) }
        // With an odd pattern (a character and a two-byte one): the scan's other copy.
        let matchers = [patterns, patterns + [Array("出é".utf8)]].map { ($0, MultiPatternMatcher($0)) }
        let filler = Array("本年度部门职能情况说明的其他事项".utf8)
        let starts = ["收入预算", "类)", "算\n", "支出合计数", "出é", "预算"].map { Array($0.utf8) }
        let ends: [[UInt8]] = [
            [], Array(")".utf8), Array("\n".utf8), [0xE6, 0x41], [0xE6, 0x94, 0x41], Array("é".utf8),
            Array("😀".utf8), [0x94], Array("2024".utf8),
        ]
        var seed: UInt64 = 41
        for length in 0...24 {
            for place in stride(from: 0, through: length, by: 1) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let start = starts[Int(seed >> 33) % starts.count]
                for end in ends {
                    var bytes = Array("2".utf8)
                    for offset in 0..<length {
                        if offset == place { bytes += start }
                        let character = (offset * 5 + length) % (filler.count / 3)
                        bytes += filler[character * 3..<character * 3 + 3]
                    }
                    if place == length { bytes += start }
                    bytes += end
                    for (set, matcher) in matchers {
                        for to in [bytes.count, bytes.count - 1, bytes.count - 3, bytes.count - 7, bytes.count / 2]
                        where to > 0 {
                            #expect(
                                matcher.matches(in: bytes, from: 0, to: to, scalarAligned: true)
                                    == naive(set, bytes, from: 0, to: to)
                            )
                        }
                        // From the run's first byte on.
                        #expect(matcher.matches(in: bytes, from: 1, scalarAligned: true) == naive(set, bytes, from: 1))
                    }
                }
            }
        }
    }

    @Test func scalarAlignedScanComparesPatternsLongerThanEightBytesAndAtTheEnd() {
        let patterns = ["一般公共预算财政拨款支出", "一般公共预算", "算", "出"].map { Array($0.utf8) }
        let matcher = MultiPatternMatcher(patterns)
        for text in ["一般公共预算财政拨款支出", "本年一般公共预算财政拨款支", "一般公共预算财政拨款支出一般公共预算"] {
            let bytes = Array(text.utf8)
            #expect(matcher.matches(in: bytes, scalarAligned: true) == naive(patterns, bytes))
        }
    }

    @Test func findsOverlappingAndNestedPatterns() {
        let patterns = ["收入", "收入预算", "入预", "预算", "XX", "类)"].map { Array($0.utf8) }
        let matcher = MultiPatternMatcher(patterns)
        let bytes = Array("本年收入预算XXX万元，(210类)收入".utf8)
        #expect(matcher.matches(in: bytes) == naive(patterns, bytes))
        #expect(matcher.matches(in: bytes).filter { $0.pattern == 4 }.map(\.start) == [18, 19])
    }

    @Test func agreesWithPlainSearchOnGeneratedText() {
        let alphabet = Array("收入支出预算XX类)(，。\n".unicodeScalars).map(String.init)
        let patterns = ["收入", "收入预算", "入预", "支出", "XX", "X", "类)", "。\n", "预算预算", "算"].map { Array($0.utf8) }
        let matcher = MultiPatternMatcher(patterns)
        var seed: UInt64 = 7
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<40 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += alphabet[Int(seed >> 33) % alphabet.count]
            }
            let bytes = Array(text.utf8)
            #expect(matcher.matches(in: bytes) == naive(patterns, bytes))
            let from = bytes.count / 4
            let to = bytes.count * 3 / 4
            #expect(matcher.matches(in: bytes, from: from, to: to) == naive(patterns, bytes, from: from, to: to))
            let first = naive(patterns, bytes, from: from, to: to).min {
                ($0.start, $0.pattern) < ($1.start, $1.pattern)
            }
            #expect(matcher.firstMatch(in: bytes, from: from, to: to) == first)
        }
    }

    @Test func firstMatchPrefersTheEarliestStartThenTheListOrder() throws {
        let matcher = MultiPatternMatcher(["联系人:", "联系人及电话:", "电话:"])
        let bytes = Array("其他电话:1 联系人及电话:2".utf8)
        let first = try #require(matcher.firstMatch(in: bytes))
        #expect(first.pattern == 2)
        let later = try #require(matcher.firstMatch(in: bytes, from: first.end))
        #expect(later.pattern == 1)
        #expect(MultiPatternMatcher(["电话:", "电话"]).firstMatch(in: bytes)?.pattern == 0)
        #expect(matcher.firstMatch(in: Array("无".utf8)) == nil)
        #expect(!MultiPatternMatcher([[UInt8]]()).containsMatch(in: bytes))
    }
    @Test func documentPatternsAgreeWithPlainSearchOnCorpusText() throws {
        guard let corpus = TestSupport.corpus else {
            print("MultiPatternMatcherTests: ../shared/corpus absent, corpus comparison skipped")
            return
        }
        let files = try #require(FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil))
        let patterns = TextCues.patterns
        var documents = 0
        var found = 0
        for case let url as URL in files where url.pathExtension == "txt" {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            // The text the parser scans: normalized (and the raw text too, which has full-width forms).
            for bytes in [TextNormalizer.normalize(text).bytes, Array(text.utf8)] {
                let expected = naive(patterns, bytes)
                #expect(
                    TextCues.matcher.matches(in: bytes, scalarAligned: true) == expected,
                    "\(url.lastPathComponent)"
                )
                found += expected.count
            }
            documents += 1
        }
        #expect(documents > 20)
        #expect(found > 1000)
    }

    @Test func documentPatternsAgreeWithPlainSearchAtEdges() {
        let patterns = TextCues.patterns
        let matcher = TextCues.matcher
        // Each pattern alone, at the text's end, cut short by one byte, doubled (overlapping where it can) and inside
        // ASCII and CJK neighbours: every length class of the scan (under eight bytes, eight, longer) near the end.
        for pattern in patterns where !pattern.isEmpty {
            let neighbours: [[UInt8]] = [[], Array("2024".utf8), Array("年度".utf8), Array("a".utf8), Array("。\n".utf8)]
            for before in neighbours {
                for body in [pattern, pattern + pattern, Array(pattern.dropLast()), pattern + Array(pattern.prefix(3))]
                {
                    let bytes = before + body
                    #expect(matcher.matches(in: bytes, scalarAligned: true) == naive(patterns, bytes))
                    for to in [bytes.count - 1, bytes.count - 2] where to > 0 {
                        #expect(
                            matcher.matches(in: bytes, from: before.count, to: to, scalarAligned: true)
                                == naive(patterns, bytes, from: before.count, to: to)
                        )
                    }
                }
            }
        }
    }
}
