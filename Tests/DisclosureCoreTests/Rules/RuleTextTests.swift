import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// The rules' byte-level writers and scanners agree with the plain versions they replace.
@Suite struct RuleTextTests {
    @Test func amountTextIsItsDescription() {
        let amounts = [
            Amount(units: 0, scale: 0), Amount(units: 0, scale: 2), Amount(units: 5, scale: 3),
            Amount(units: -5, scale: 1), Amount(units: 165_199, scale: 2), Amount(units: -642_976_884, scale: 6),
            Amount(units: 3923, scale: 0), Amount(units: .max, scale: 12), Amount(units: .min, scale: 12),
            Amount(units: .min, scale: 0), Amount(units: 7, scale: 12),
        ]
        for amount in amounts {
            #expect(amount.text == amount.description)
            var message = MessageText()
            message.add("a")
            message.add(amount)
            message.add("万元")
            #expect(message.string == "a\(amount.description)万元")
        }
        var count = MessageText()
        count.add(-12)
        count.add(0)
        #expect(count.string == "-120")
    }

    @Test func lineIsShortAgreesWithTheLineScalarCount() {
        let text = "短行\n" + String(repeating: "长", count: 39) + "x\nab\n\n" + String(repeating: "字", count: 41)
        let bytes = Array(text.utf8)
        for limit in [0, 2, 39, 40, 41] {
            for offset in 0...bytes.count {
                let line = TextSearch.line(around: offset, in: bytes)
                #expect(
                    TextSearch.lineIsShort(around: offset, in: bytes, limit: limit)
                        == (TextSearch.scalarCount(line, in: bytes) <= limit)
                )
            }
        }
    }

    @Test func unrecognizedSubjectsNameTheScalarOffset() {
        for offset in [0, 7, 2569, 123_456_789] {
            #expect(ParseUnrecognizedRule.subject(offset: offset) == "text[\(offset)]")
        }
    }

    @Test func aFunctionClassPathIsTheInterpolatedOne() {
        var names = ["", "a", "一般公共服务支出", "教育支出（类）", String(repeating: "社会保障和就业", count: 9), "x\"]y"]
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("abc支出[]\"\\ 0😀é")
        for _ in 0..<200 {
            names.append(String((0..<Int.random(in: 0..<40, using: &generator)).map { _ in alphabet.randomElement()! }))
        }
        for name in names {
            #expect(SumExpenditureByFunctionRule.path(name) == "expenditure.byFunction[\(name)].amount")
        }
    }
}
