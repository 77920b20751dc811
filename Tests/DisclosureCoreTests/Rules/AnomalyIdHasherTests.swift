import Testing

@testable import DisclosureCore

@Suite struct AnomalyIdHasherTests {
    @Test func idsAreTheHashOfDocumentRuleAndSubject() {
        // Document ids of several lengths put the prefix's block boundary in different places.
        for documentId in ["", "sha256:" + String(repeating: "ab", count: 32), String(repeating: "文", count: 30)] {
            let hasher = AnomalyIdHasher(documentId: documentId)
            for (ruleId, subject) in [
                ("sum.income.sources", "income.total"), ("code.name", "expenditure.byFunction[卫生健康支出]"), ("", ""),
                // Subjects long enough that the event's bytes fill one and two more blocks after the prefix.
                ("parse.unrecognized", String(repeating: "x", count: 60)),
                ("parse.unrecognized", String(repeating: "支", count: 50)),
            ] {
                let bytes = Array(documentId.utf8) + [0] + Array(ruleId.utf8) + [0] + Array(subject.utf8)
                let expected = "anomaly:" + SHA256.hexDigest(bytes)
                #expect(hasher.id(ruleId: ruleId, subject: subject) == expected)
                #expect(RuleEngine.anomalyId(documentId: documentId, ruleId: ruleId, subject: subject) == expected)
            }
        }
    }

    @Test func hexDigitsAreTheLowercaseHexOfTheWord() {
        for value: UInt32 in [0, 1, 9, 10, 15, 16, 0xABCD_EF01, 0x1234_5678, 0x9F9F_A0A0, .max] {
            let digits = AnomalyIdHasher.hexDigits(value)
            let text = String(decoding: withUnsafeBytes(of: digits.bigEndian) { Array($0) }, as: UTF8.self)
            let expected = String(repeating: "0", count: 8 - String(value, radix: 16).count) + String(value, radix: 16)
            #expect(text == expected)
        }
    }
}
