import Testing

@testable import DisclosureCore

@Suite struct AmountScannerTests {
    private func scan(_ text: String) -> [ScannedNumber.Kind] {
        let bytes = Array(text.utf8)
        return AmountScanner.scan(bytes, at: 0, limit: bytes.count).map(\.kind)
    }

    @Test func convertsYuanToTenThousandYuanExactly() {
        #expect(scan("6429768.84元") == [.money(Amount(parsing: "642.976884")!)])
        #expect(scan("1651.99万元") == [.money(Amount(parsing: "1651.99")!)])
        #expect(scan("3.2亿元") == [.money(Amount(32000))])
        #expect(scan("0万元") == [.money(.zero)])
    }

    @Test func readsPercentagesAndPlainNumbers() {
        #expect(scan("9.76%") == [.percent(Amount(parsing: "9.76")!)])
        #expect(scan("2024年") == [.plain(Amount(2024))])
    }

    @Test func skipsALineBreakBetweenNumberAndUnit() {
        #expect(scan("30.8\n万元") == [.money(Amount(parsing: "30.8")!)])
    }

    @Test func sharesOneUnitAcrossAList() {
        #expect(
            scan("4125.49,4143.91万元") == [.money(Amount(parsing: "4125.49")!), .money(Amount(parsing: "4143.91")!)]
        )
        // Numbers that carry their own unit are separate amounts.
        #expect(scan("23.51%、38.28%") == [.percent(Amount(parsing: "23.51")!)])
    }

    @Test func endsAListAtItsLastNumbersUnitAndEachBareNumberAtItsDigits() {
        func spans(_ text: String) -> ([Range<Int>], Int?) {
            let bytes = Array(text.utf8)
            var spans: [Range<Int>] = []
            let end = AmountScanner.scan(bytes, at: 0, limit: bytes.count) { spans.append($0.start..<$0.end) }
            return (spans, end)
        }
        #expect(spans("12,34、56万元,7") == ([0..<2, 3..<5, 8..<16], 16))
        #expect(scan("12,34、56万元") == [.money(Amount(12)), .money(Amount(34)), .money(Amount(56))])
        #expect(spans("12,34个") == ([0..<2, 3..<5], 5))
        #expect(scan("12,34个") == [.plain(Amount(12)), .plain(Amount(34))])
        #expect(spans("5,不") == ([0..<1], 1))
        #expect(spans("9.5 %") == ([0..<5], 5))
        #expect(spans("不") == ([], nil))
    }

    @Test func numbersGluedToLettersDoNotStart() {
        let bytes = Array("A12万元".utf8)
        #expect(!AmountScanner.numberStarts(bytes, at: 1))
    }
}

@Suite struct SentenceSplitterTests {
    private func sentences(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return SentenceSplitter.sentences(bytes).map {
            String(decoding: bytes[$0.span.start..<$0.span.end], as: UTF8.self)
        }
    }

    @Test func splitsAtFullStopsAndShortLines() {
        #expect(sentences("一、收入\n收入100万元。支出90万元。") == ["一、收入", "收入100万元。", "支出90万元。"])
    }

    @Test func joinsWrappedPDFLines() {
        let wrapped = "2025年政府采购预算6429768.84元,同比增加\n2433505.07元,增长60.89%。"
        #expect(sentences(wrapped) == ["2025年政府采购预算6429768.84元,同比增加\n2433505.07元,增长60.89%。"])
    }

    @Test func joinsAShortLineWhoseNumberLostItsUnitToTheNextLine() {
        let text = "其中:\n货物采购金额 122.43\n万元、工程采购金额 1387.72 万元。\n合计\n100"
        #expect(sentences(text) == ["其中:", "货物采购金额 122.43\n万元、工程采购金额 1387.72 万元。", "合计", "100"])
        // Layout text can leave a blank line between them.
        let spaced = "其中:\n    货物采购金额 122.43\n\n万元、工程采购金额 1387.72 万元。"
        #expect(sentences(spaced) == ["其中:", "货物采购金额 122.43\n\n万元、工程采购金额 1387.72 万元。"])
    }

    @Test func doesNotJoinIntoAHeading() {
        let text = "2024年度本年收入合计677.47万元,比2018年减少30.33万元,其中包括\n三、支出决算情况说明"
        #expect(sentences(text).count == 2)
    }

    @Test func recognizesHeadingMarkers() {
        for heading in ["一、", "(一)", "第一部分", "1.", "12、"] {
            #expect(HeadingNumbering.startsHeading(Array((heading + "收入").utf8), at: 0), "\(heading)")
        }
        #expect(!HeadingNumbering.startsHeading(Array("1.5万元".utf8), at: 0))
        #expect(!HeadingNumbering.startsHeading(Array("2024年".utf8), at: 0))
        // One or two digits, then `、` or a point not followed by a digit; the marker's end is returned.
        #expect(HeadingNumbering.markerEnd(Array("3.收入".utf8), at: 0) == 2)
        #expect(HeadingNumbering.markerEnd(Array("12、收入".utf8), at: 0) == 5)
        #expect(HeadingNumbering.markerEnd(Array("12.".utf8), at: 0) == nil)
        for text in ["123、收入", "20101  公共卫生事务", "12", "1", "1.", "7万元", "12.5%"] {
            #expect(HeadingNumbering.markerEnd(Array(text.utf8), at: 0) == nil, "\(text)")
        }
    }
}

@Suite struct LexiconTests {
    @Test func prefersTheLongestMatch() {
        let lexicon = Lexicon([("一般公共预算", 1), ("一般公共预算财政拨款收入", 2)])
        let bytes = Array("一般公共预算财政拨款收入100万元".utf8)
        #expect(lexicon.longestMatch(in: bytes, at: 0)?.value == 2)
        #expect(lexicon.longestMatch(in: bytes, at: 3) == nil)
    }
}
