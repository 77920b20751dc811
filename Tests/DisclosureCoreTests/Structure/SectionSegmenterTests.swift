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
}
