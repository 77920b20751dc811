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
            let message = MessageText.build { message in
                message.add("a")
                message.add(amount)
                message.add("万元")
            }
            #expect(message == "a\(amount.description)万元")
        }
        let count = MessageText.build { count in
            count.add(-12)
            count.add(0)
        }
        #expect(count == "-120")
    }

    /// Messages of any length, past the stack buffer or past a small one, are what interpolation writes.
    @Test func messageTextOfAnyLengthIsItsInterpolation() {
        var generator = SplitMix64(seed: 0x5EED_0007)
        let pieces = ["The expenditure total", " is ", "支出合计", "，超出舍入容差", "é", "", String(repeating: "长", count: 90)]
        for capacity in [1, 16, MessageText.stackCapacity] {
            for _ in 0..<200 {
                var expected = ""
                var parts: [Either] = []
                for _ in 0..<Int(generator.next() % 24) {
                    if generator.next() % 3 == 0 {
                        let amount = Amount(
                            units: Int64(bitPattern: generator.next()) >> Int64(generator.next() % 64),
                            scale: Int(generator.next() % UInt64(Amount.maximumScale + 1))
                        )
                        expected += amount.description
                        parts.append(.amount(amount))
                    } else {
                        let piece = pieces[Int(generator.next() % UInt64(pieces.count))]
                        expected += piece
                        parts.append(.text(piece))
                    }
                }
                let message = MessageText.build(capacity: capacity) { message in
                    for part in parts {
                        switch part {
                        case .text(let text): message.add(text)
                        case .amount(let amount): message.add(amount)
                        }
                    }
                }
                #expect(message == expected)
            }
        }
    }

    /// A piece of a generated message.
    private enum Either {
        case text(String)
        case amount(Amount)
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

    @Test func unrecognizedSubjectsAgreeWithTheDecodedPath() {
        var offsets = [0, 9, 10, 99, 100, 999_999_999, 1_000_000_000, 12_345_678_901, -1, -42, Int.max, Int.min]
        var generator = SplitMix64(seed: 15)
        for _ in 0..<2_000 { offsets.append(Int.random(in: 0..<2_000_000, using: &generator)) }
        for _ in 0..<200 { offsets.append(Int.random(in: 0..<1_000_000_000, using: &generator)) }
        for offset in offsets {
            let subject = ParseUnrecognizedRule.subject(offset: offset)
            #expect(subject == ParseUnrecognizedRule.subjectDecoded(offset: offset))
            #expect(subject == "text[\(offset)]")
            #expect(Array(subject.utf8) == Array("text[\(offset)]".utf8))
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
