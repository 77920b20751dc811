import Testing

@testable import DisclosurePDF

/// Page furniture dropped, wrapped prose joined, units pulled back to their numbers.
@Suite struct PDFTextRepairTests {
    static func line(
        _ text: String,
        left: Double = 72,
        right: Double = 523,
        top: Double,
        height: Double = 12,
        columnGap: Bool = false
    ) -> PDFLayoutLine {
        PDFLayoutLine(
            text: text,
            left: left,
            right: right,
            top: top,
            bottom: top + height,
            glyphHeight: height,
            hasColumnGap: columnGap
        )
    }

    static let a4 = (width: 595.0, height: 842.0)

    @Test func aSentenceRunsOnAcrossThePageNumberAndThePageBreak() {
        let pages = [
            [Self.line("公务用车运行维护费预算支出237万元，比上年预算减少", top: 700), Self.line("30", left: 290, right: 302, top: 800)],
            [Self.line("30.8万元，主要原因是部分执法执勤车辆转隶。", right: 400, top: 72)],
        ]
        let text = PDFTextRepair.compose(pages: pages, pageSizes: [Self.a4, Self.a4])
        #expect(text.text == "公务用车运行维护费预算支出237万元，比上年预算减少30.8万元，主要原因是部分执法执勤车辆转隶。")
        #expect(text.pages.count == 2)
        #expect(!text.pages[0].contains("30\n"))
    }

    @Test func aUnitPushedToTheNextLineRejoinsItsNumber() {
        let pages = [[Self.line("其他收入6.2", right: 200, top: 100), Self.line("万元，占0.21%。", right: 200, top: 116)]]
        #expect(PDFTextRepair.compose(pages: pages, pageSizes: [Self.a4]).text == "其他收入6.2万元，占0.21%。")
    }

    @Test func aShortLineEndsItsParagraphAndTableRowsAreNeverJoined() {
        let pages = [
            [
                Self.line("本单位是协助区政府领导处理日常工作的部门，为正处级，加挂研究室牌子。", top: 84),
                Self.line("一、单位基本情况", right: 180, top: 100),
                Self.line("主要职能包括：", right: 160, top: 116),
                Self.line("合计    91,016,775.35", top: 132, columnGap: true),
                Self.line("收入总计    91,016,775.35", top: 148, columnGap: true),
            ]
        ]
        let text = PDFTextRepair.compose(pages: pages, pageSizes: [Self.a4]).text
        #expect(
            text == "本单位是协助区政府领导处理日常工作的部门，为正处级，加挂研究室牌子。\n一、单位基本情况\n主要职能包括：\n合计    91,016,775.35\n收入总计    91,016,775.35"
        )
    }

    @Test func runningHeadersAndPageNumbersAreDropped() {
        let pages = (1...4).map { number in
            [
                Self.line("上海市普陀区2025年单位预算", left: 200, right: 395, top: 30),
                Self.line("第\(number)页正文。", right: 200, top: 100),
                Self.line("- \(number) -", left: 280, right: 315, top: 800),
            ]
        }
        let text = PDFTextRepair.compose(pages: pages, pageSizes: Array(repeating: Self.a4, count: 4))
        #expect(text.pages == ["第1页正文。", "第2页正文。", "第3页正文。", "第4页正文。"])
    }

    @Test func aBareNumberAtTheTopOfAPageIsKept() {
        // A table's code cell, not a page number.
        let pages = [[Self.line("22102", left: 72, right: 100, top: 40), Self.line("住房改革支出", top: 56)]]
        #expect(PDFTextRepair.compose(pages: pages, pageSizes: [Self.a4]).pages[0].hasPrefix("22102"))
    }
}
