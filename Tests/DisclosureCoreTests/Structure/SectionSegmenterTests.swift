import DisclosureTestSupport
import Testing

@testable import DisclosureCore

@Suite struct SectionSegmenterTests {
    private func sections(_ text: String) -> (NormalizedText, [Section]) {
        let normalized = TextNormalizer.normalize(text)
        return (normalized, SectionSegmenter.segment(normalized.bytes, lines: TextLines(normalized.bytes)))
    }

    @Test func nestsChineseParenthesizedAndArabicHeadings() {
        let (text, found) = sections(
            """
            一、单位基本情况
            （一）职能职责
            1.负责会议工作。
            （二）单位构成
            1.综合科。负责文电。
            二、单位收支总体情况
            2024年收入1651.99万元。
            """
        )
        #expect(found.map(\.heading) == ["一、单位基本情况", "(一)职能职责", "(二)单位构成", "1.综合科", "二、单位收支总体情况"])
        #expect(found.map(\.level) == [1, 2, 2, 3, 1])
        // A section runs to the next heading of the same or a higher level.
        #expect(found[0].span.end == found[4].span.start)
        #expect(found[1].span.end == found[2].span.start)
        #expect(found[3].span.end == found[4].span.start)
        #expect(found[4].span.end == text.bytes.count)
    }

    @Test func partsAreTheOutermostLevel() {
        let (_, found) = sections("第一部分 单位概况\n一、主要职能\n第二部分 2019年度单位决算情况说明\n一、收入支出决算总体情况说明\n")
        #expect(found.map(\.level) == [1, 2, 1, 2])
        #expect(found[2].heading == "第二部分2019年度单位决算情况说明")
    }

    @Test func runInHeadingStopsAtFullStop() {
        let (_, found) = sections("（一）机关运行经费。2024年一般公共预算财政拨款运行经费157.21万元。")
        #expect(found.map(\.heading) == ["(一)机关运行经费"])
    }

    @Test func listItemsAndAmountsAreNotHeadings() {
        let (_, found) = sections("1.负责区政府会议及活动的准备和组织协调工作，协助区政府领导同志。\n8.指导、监督全区政务公开工作。\n1.5万元\n")
        #expect(found.isEmpty)
    }

    /// `SectionSegmenter.heading(_:line:)` as it was before its title scan skipped sixteen bytes at a time: one
    /// scalar a step.
    private func headingByScalars(_ bytes: [UInt8], line: TextSpan) -> SectionSegmenter.Heading? {
        guard let marker = HeadingMarker.read(bytes, at: line.start, limit: line.end) else { return nil }
        let isInner = marker.kind >= .arabic
        let maxTitle = isInner ? SectionSegmenter.maxInnerTitle : SectionSegmenter.maxOuterTitle
        var titleEnd = line.end
        var hasRest = false
        let isTitle = bytes.withUnsafeBufferPointer { text -> Bool in
            let count = text.count
            var cursor = marker.end
            var scalars = 0
            while cursor < line.end {
                let byte = text[cursor]
                let ideographicMark =
                    byte == 0xE3 && cursor + 3 <= count && text[cursor + 1] == 0x80 ? text[cursor + 2] : 0
                if ideographicMark == 0x82 || byte == 0x3A {
                    titleEnd = cursor
                    let restStart = cursor + (byte == 0x3A ? 1 : 3)
                    hasRest = StructureScan.trimmed(bytes, restStart, line.end).start < line.end
                    return true
                }
                if byte == 0x2C || byte == 0x3B { return false }
                if isInner && ideographicMark == 0x81 { return false }
                cursor += StructureScan.scalarLength(text, at: cursor)
                scalars += 1
                if scalars > maxTitle { return false }
            }
            return true
        }
        guard isTitle else { return nil }
        let title = StructureScan.trimmed(bytes, marker.end, titleEnd)
        guard title.end > title.start else { return nil }
        if isInner && titleEnd < line.end && !hasRest { return nil }
        return SectionSegmenter.Heading(marker: marker, text: TextSpan(start: marker.start, end: title.end))
    }

    /// Generated lines that start with every kind of marker and run on with titles of every length, the title's
    /// stops (`。` `:` `,` `;` `、`) and other CJK punctuation in every lane of a block.
    @Test func headingsAreThoseTheScalarWalkFinds() {
        let markers = ["一、", "（一）", "(2)", "1.", "3、", "①", "第一部分", "十二、", "", "1.5", "（十）"]
        let pieces = [
            "部", "门", "职", "责", "a", "1", " ", "。", ":", ",", ";", "、", "《", "》", "“", "é", "（", "）", "收入",
        ]
        var generator = SplitMix64(seed: 0x0015_0005)
        var text = ""
        for _ in 0..<3_000 {
            text += markers[Int.random(in: 0..<markers.count, using: &generator)]
            let length = Int.random(in: 0..<(Bool.random(using: &generator) ? 12 : 60), using: &generator)
            for _ in 0..<length {
                // Mostly ideographs, so that a block often holds none of the stops.
                let index =
                    Int.random(in: 0..<3, using: &generator) == 0
                    ? Int.random(in: 0..<pieces.count, using: &generator) : Int.random(in: 0..<4, using: &generator)
                text += pieces[index]
            }
            text += "\n"
        }
        let bytes = Array(text.utf8)
        let lines = TextLines(bytes)
        var headings = 0
        for line in lines.spans {
            let expected = headingByScalars(bytes, line: line)
            #expect(SectionSegmenter.heading(bytes, line: line) == expected, "\(line)")
            if expected != nil { headings += 1 }
        }
        // Both answers occur often.
        #expect(headings > 300 && headings < lines.count - 300)
    }

    /// `TextLines` (an empty line passed over without a call to memchr) against a plain split: the lines between
    /// line feeds, trimmed of spaces and tabs, the empty ones dropped.
    @Test func linesAreThePlainSplitsTrimmedLines() {
        let pieces: [[UInt8]] = [[0x0A], [0x0A, 0x0A], [0x20], [0x09], Array("收".utf8), Array("a1".utf8), [0x0D]]
        var generator = SplitMix64(seed: 0x0015_0007)
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            var expected: [TextSpan] = []
            var start = 0
            for end in bytes.indices where bytes[end] == 0x0A || end == bytes.count - 1 {
                var upper = bytes[end] == 0x0A ? end : end + 1
                var lower = start
                while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
                while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
                if upper > lower { expected.append(TextSpan(start: lower, end: upper)) }
                start = end + 1
            }
            #expect(TextLines(bytes).spans == expected, "\(bytes)")
        }
    }

    /// `segment` (its open sections kept in a stack buffer) against the array stack it replaces, on generated
    /// outlines of every marker kind in any order.
    @Test func sectionsNestAsWithTheArrayStack() {
        let markers = ["第一部分", "一、", "（一）", "1.", "（1）", "①", "第二部分", "二、", "（二）", "2.", "（2）", "②"]
        var generator = SplitMix64(seed: 0x0015_0009)
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<30, using: &generator) {
                text += markers[Int.random(in: 0..<markers.count, using: &generator)] + "标题\n正文。\n"
            }
            let bytes = TextNormalizer.normalize(text).bytes
            let lines = TextLines(bytes)
            let headings = SectionSegmenter.findHeadings(bytes, lines: lines)
            var present: UInt32 = 0
            for heading in headings { present |= 1 << UInt32(heading.marker.kind.rawValue) }
            var expected: [Section] = []
            var open: [Int] = []
            for heading in headings {
                let level = (present & ((2 << UInt32(heading.marker.kind.rawValue)) - 1)).nonzeroBitCount
                while let last = open.last, expected[last].level >= level {
                    expected[last].span.end = heading.marker.start
                    open.removeLast()
                }
                expected.append(
                    Section(
                        headingIn: bytes,
                        start: heading.text.start,
                        end: heading.text.end,
                        level: level,
                        span: TextSpan(start: heading.marker.start, end: bytes.count)
                    )
                )
                open.append(expected.count - 1)
            }
            let found = SectionSegmenter.segment(bytes, lines: lines)
            #expect(found.map(\.heading) == expected.map(\.heading), "\(text)")
            #expect(found.map(\.level) == expected.map(\.level), "\(text)")
            #expect(found.map(\.span) == expected.map(\.span), "\(text)")
        }
    }
}
