import Testing

@testable import DisclosureCore

/// Tables in layout text: title, unit, header, rows aligned into columns, wrapped labels, continuation pages.
@Suite struct LayoutTableDetectorTests {
    static let layout = """
        一、单位预算编制说明
            2025年，本单位收入预算9,101.68万元。
                                 2025年预算单位支出预算总表
        编制单位：上海市普陀区某某办公室                                   单位：元
                                  项目                     支出预算
                     功能分类科目名称        合计             基本支出            项目支出
        201               一般公共服务支出     82,096,797.42   15,686,797.42   66,410,000.00
        201    03    02   一般行政管理事务     46,140,000.00                   46,140,000.00
                          其他政府办公厅（室）
        201    03    99                        35,956,797.42   15,686,797.42   20,270,000.00
                          及相关机构事务支出
        208               社会保障和就业支出    4,213,779.28    4,213,779.28
        \u{0C}210               卫生健康支出        1,097,073.43    1,097,073.43
                            合计               87,407,650.13   20,997,650.13   66,410,000.00
        二、其他相关情况说明
        """

    @Test func findsTitleUnitHeaderAndRows() throws {
        let tables = LayoutTableDetector.tables(in: Self.layout)
        let table = try #require(tables.first)
        #expect(tables.count == 1)
        #expect(table.title == "2025年预算单位支出预算总表")
        #expect(table.unit == "元")
        #expect(table.headerRows.count == 2)
        #expect(StandardTable.recognize(title: table.title) == .expenditure)
    }

    @Test func alignsEmptyCellsAndJoinsWrappedLabelsAcrossThePageBreak() throws {
        let table = try #require(LayoutTableDetector.tables(in: Self.layout).first)
        let rows = TableGrid.align(table.bodyRows)
        #expect(rows.count == 6)
        #expect(rows[1] == ["201 03 02", "一般行政管理事务", "46,140,000.00", "", "46,140,000.00"])
        #expect(
            rows[2] == ["201 03 99", "其他政府办公厅（室）及相关机构事务支出", "35,956,797.42", "15,686,797.42", "20,270,000.00"]
        )
        #expect(rows[3] == ["208", "社会保障和就业支出", "4,213,779.28", "4,213,779.28", ""])
        #expect(rows[4] == ["210", "卫生健康支出", "1,097,073.43", "1,097,073.43", ""])
        #expect(rows[5] == ["", "合计", "87,407,650.13", "20,997,650.13", "66,410,000.00"])
    }

    @Test func checksTotalsAgainstClassRows() throws {
        let text = TextNormalizer.normalize(Self.layout)
        var record = DisclosureRecord(documentId: "test")
        let document = DecodedDocument(
            text: Self.layout,
            documentId: "test",
            source: SourceInfo(contentType: "text/plain")
        )
        TableExtractor.extract(document, text: text, into: &record)
        let table = try #require(record.tables.first)
        #expect(table.standard == .expenditure)
        #expect(text.text(table.span).hasPrefix("2025年预算单位支出预算总表"))
        let findings = TableSumCheck.check(table)
        try #require(findings.count == 3)
        // 82,096,797.42 + 4,213,779.28 + 1,097,073.43 = 87,407,650.13: the total agrees.
        #expect(findings[0].isExact)
        // Basic: 15,686,797.42 + 4,213,779.28 + 1,097,073.43 = 20,997,650.13.
        #expect(findings[1].isExact)
        #expect(findings[2].isExact)
    }

    @Test func aDisagreeingTotalIsReported() throws {
        let broken = Self.layout.replacing("87,407,650.13", with: "87,407,650.31")
        let text = TextNormalizer.normalize(broken)
        var record = DisclosureRecord(documentId: "test")
        let document = DecodedDocument(text: broken, documentId: "test", source: SourceInfo(contentType: "text/plain"))
        TableExtractor.extract(document, text: text, into: &record)
        let table = try #require(record.tables.first)
        let finding = try #require(TableSumCheck.check(table).first)
        #expect(!finding.isWithinTolerance)
        #expect(finding.difference == Amount(parsing: "-0.18"))
    }

    @Test func carryOverStatedOnlyInTheSummaryTableFillsTheRecordInTenThousandYuan() throws {
        let layout = """
                                    收入支出决算总表
                                                                     单位：元
                     项目       决算数            项目          决算数
            本年收入合计      29,462,500.00   本年支出合计     29,400,500.00
            年初结转和结余       491,400.00   年末结转和结余      553,400.00
                 总计         29,953,900.00       总计         29,953,900.00
            """
        let text = TextNormalizer.normalize(layout)
        var record = DisclosureRecord(documentId: "test")
        let document = DecodedDocument(
            text: layout,
            documentId: "test",
            source: SourceInfo(contentType: "application/pdf")
        )
        TableExtractor.extract(document, text: text, into: &record)
        #expect(record.tables.first?.standard == .summary)
        #expect(record.carryover.opening?.value == Amount(parsing: "49.14"))
        #expect(record.carryover.closing?.value == Amount(parsing: "55.34"))
        // A value the prose states is kept.
        var stated = DisclosureRecord(documentId: "test")
        stated.carryover.opening = Figure(Amount(parsing: "49.1")!, evidence: TextSpan(start: 0, end: 1))
        TableExtractor.extract(document, text: text, into: &stated)
        #expect(stated.carryover.opening?.value == Amount(parsing: "49.1"))
    }

    @Test func recognisesStandardTablesAcrossProvinces() {
        #expect(StandardTable.recognize(title: "收支预算总表") == .summary)
        #expect(StandardTable.recognize(title: "收入支出决算总表") == .summary)
        #expect(StandardTable.recognize(title: "2025年部门财务收支预算总表") == .summary)
        #expect(StandardTable.recognize(title: "收入决算表") == .income)
        #expect(StandardTable.recognize(title: "财政拨款收入支出决算总表") == .appropriationSummary)
        #expect(StandardTable.recognize(title: "一般公共预算财政拨款支出决算表") == .generalBudgetExpenditure)
        #expect(StandardTable.recognize(title: "一般公共预算基本支出预算表（经济科目）") == .generalBudgetBasic)
        #expect(StandardTable.recognize(title: "财政拨款“三公”经费支出决算表") == .threePublic)
        #expect(StandardTable.recognize(title: "政府性基金预算财政拨款收入支出决算表") == .governmentFund)
        #expect(StandardTable.recognize(title: "国有资本经营预算财政拨款收入支出决算表") == .stateCapital)
        #expect(StandardTable.recognize(title: "财政拨款支出预算表（功能科目）") == .appropriationExpenditure)
        #expect(StandardTable.recognize(title: "一、单位基本情况") == nil)
        #expect(StandardTable.generalBudgetBasic.checklistId(kind: .finalAccounts) == "table.F6")
    }

    @Test func readsAmountsAsTablesWriteThem() {
        #expect(TableAmount.parse("1,097,073.43") == Amount(parsing: "1097073.43"))
        #expect(TableAmount.parse("(3.50)") == Amount(parsing: "-3.50"))
        #expect(TableAmount.parse("-") == nil)
        #expect(TableAmount.parse("1,09,7") == nil)
        #expect(TableAmount.parse("2025年") == nil)
    }
}
