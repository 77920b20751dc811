import Testing

@testable import DisclosureCore

/// A row label that a narrow column wrapped onto the next line stays with its row, in layout text as poppler's
/// layout mode (and `pdftotext -layout`) writes it.
@Suite struct TableLabelWrapTests {
    /// The planning final account's 支出决算表: a label column about eleven characters wide.
    static let narrowColumn = """
                                             支出决算表
                                                                                  单位：万元
                  项目
          功能分类                  本年支出合计      基本支出       项目支出       上缴上级支出   经营支出
                       科目名称
          科目编码

                  合计              9759.38    5377.64    4381.74
        208       社会保障和就业支出        754.75     754.75       0.00

        2080502   事业单位离退休           28.11      28.11       0.00

        2080505   机关事业单位基本养老保      446.11     446.11       0.00
                  险缴费支出
        2080506   机关事业单位职业年金缴      225.12     225.12       0.00
                  费支出
        2080599   其他行政事业单位养老支        0.88       0.88       0.00
                  出
        210       卫生健康支出           236.64     236.64       0.00

        """

    /// The same table with a six-character column: the label's first line sits above the row, the rest on it and
    /// below it. (When the body's first row starts that way, the table detector still counts its first line as
    /// header: the 一般公共预算财政拨款支出决算表 of the planning final account reads `208 | 业支出`.)
    static let threeLineLabels = """
                                             一般公共预算财政拨款支出决算表
                                                                                  单位：万元
          科目编码      科目名称        合计        基本支出     项目支出

        210        卫生健康支出       236.64       236.64      0.00
                   事业单位离退
        2080502                  28.11        28.11      0.00
                   休
                   机关事业单位
        2080505    基本养老保险       446.11       446.11      0.00
                   缴费支出
        221        住房保障支出       461.08       461.08      0.00

        """

    /// The planning final account's 一般公共预算财政拨款支出决算表 as poppler lays it out: the first body row's label
    /// wraps around it (`社会保障和就` above the `208` row, `业支出` below), right under the header lines.
    static let firstRowLabelAbove = """
                                             一般公共预算财政拨款支出决算表
                                                                                  单位：万元
                                        合计          基本支出       项目支出
         功能分类
                       科目名称
         科目编码

                   社会保障和就
        208                     754.75       754.75      0.00
                   业支出
                   行政事业单位
        20805                   754.75       754.75      0.00
                   养老支出
        210        卫生健康支出       236.64       236.64      0.00

        """

    static func labels(_ text: String) -> [String] {
        let document = DecodedDocument(text: text, documentId: "t", source: SourceInfo(contentType: "application/pdf"))
        let (record, _) = DisclosureParser().parse(document)
        guard let table = record.tables.first else { return [] }
        return table.rows.dropFirst(table.headerRowCount).map { $0.count > 1 ? "\($0[0]) \($0[1])" : $0.joined() }
    }

    @Test func aLabelThatFilledANarrowColumnTakesTheLineBelow() {
        #expect(
            Self.labels(Self.narrowColumn) == [
                " 合计", "208 社会保障和就业支出", "2080502 事业单位离退休", "2080505 机关事业单位基本养老保险缴费支出",
                "2080506 机关事业单位职业年金缴费支出", "2080599 其他行政事业单位养老支出", "210 卫生健康支出",
            ]
        )
    }

    @Test func theFirstRowsLabelAboveItIsNotHeader() {
        #expect(Self.labels(Self.firstRowLabelAbove) == ["208 社会保障和就业支出", "20805 行政事业单位养老支出", "210 卫生健康支出"])
        let document = DecodedDocument(
            text: Self.firstRowLabelAbove,
            documentId: "t",
            source: SourceInfo(contentType: "application/pdf")
        )
        let table = DisclosureParser().parse(document).0.tables.first
        #expect(table?.rows.prefix(table?.headerRowCount ?? 0).contains { $0.joined().contains("社会保障") } == false)
    }

    @Test func aLabelOnThreeLinesAroundItsRowStaysWhole() {
        #expect(
            Self.labels(Self.threeLineLabels) == [
                "210 卫生健康支出", "2080502 事业单位离退休", "2080505 机关事业单位基本养老保险缴费支出", "221 住房保障支出",
            ]
        )
    }
}
