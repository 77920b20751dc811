import DisclosureCore
import Testing

@Suite struct TextNormalizerTests {
    @Test func foldsFullWidthFormsToASCII() {
        #expect(TextNormalizer.normalize("副主任４名（兼）：１１０.３４万元").string == "副主任4名(兼):110.34万元")
    }

    @Test func dropsSpacesInsideNumbersAndBetweenCJK() {
        #expect(TextNormalizer.normalize("运行经费157.21 万元").string == "运行经费157.21万元")
        #expect(TextNormalizer.normalize("本 年 收 入 合 计 2946.25 万 元").string == "本年收入合计2946.25万元")
        #expect(TextNormalizer.normalize("1651.99   1335.23").string == "1651.99 1335.23")
    }

    @Test func dropsThousandsSeparatorsOnly() {
        #expect(TextNormalizer.normalize("9,101.68万元").string == "9101.68万元")
        #expect(TextNormalizer.normalize("1,234,567元").string == "1234567元")
        #expect(TextNormalizer.normalize("支出677.47,支出合计").string == "支出677.47,支出合计")
        #expect(TextNormalizer.normalize("1,23元").string == "1,23元")
    }

    @Test func normalizesLineEndingsAndDropsBOM() {
        #expect(TextNormalizer.normalize("\u{FEFF}一\r\n二\r三\u{0C}四").string == "一\n二\n三\n四")
    }

    @Test func mapsBackToOriginalPunctuation() {
        let text = TextNormalizer.normalize("  （街道办事处）请示 ")
        let span = TextSpan(start: 0, end: text.bytes.count)
        #expect(text.originalText(span) == "（街道办事处）请示")
    }

    @Test func aSpanEndingInsideATrimmableCharacterTrimsToNothing() {
        // U+3000 is E3 80 80: spans ending after its first or second byte hold only part of it.
        let text = NormalizedText(normalized: "\u{3000}x")
        #expect(text.originalText(TextSpan(start: 0, end: 1)) == "")
        #expect(text.originalText(TextSpan(start: 0, end: 2)) == "")
        #expect(text.originalText(TextSpan(start: 0, end: 4)) == "x")
        let spaced = NormalizedText(normalized: "x\u{3000}\u{3000}")
        #expect(spaced.originalText(TextSpan(start: 0, end: 5)) == "x")
    }
}
