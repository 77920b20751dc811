import Testing

@testable import DisclosureCore

@Suite struct AnomalyIdHasherTests {
    @Test func idsAreTheHashOfDocumentRuleAndSubject() {
        // Document ids of several lengths put the prefix's block boundary in different places.
        // 63 and 64 bytes: the terminator completes a block, or starts one.
        for documentId in [
            "", "sha256:" + String(repeating: "ab", count: 32), String(repeating: "文", count: 30),
            String(repeating: "a", count: 63), String(repeating: "b", count: 64),
        ] {
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
                #expect(hasher.digest(ruleId: ruleId, subject: subject).text == expected)
                #expect(RuleEngine.anomalyId(documentId: documentId, ruleId: ruleId, subject: subject) == expected)
            }
        }
    }

    @Test func hexDigitsAreTheLowercaseHexOfTheWord() {
        for value: UInt32 in [0, 1, 9, 10, 15, 16, 0xABCD_EF01, 0x1234_5678, 0x9F9F_A0A0, .max] {
            let digits = AnomalyID.hexDigits(value)
            let text = String(decoding: withUnsafeBytes(of: digits.bigEndian) { Array($0) }, as: UTF8.self)
            let expected = String(repeating: "0", count: 8 - String(value, radix: 16).count) + String(value, radix: 16)
            #expect(text == expected)
        }
    }

    /// An event whose id is `id`.
    private static func event(_ id: AnomalyID) -> Anomaly {
        Anomaly(
            id: id,
            documentId: "sha256:abc",
            unitName: "单位",
            fiscalYear: 2024,
            ruleId: "parse.unrecognized",
            subject: "text[12]",
            severity: .info,
            message: "m",
            messageZh: "未识别",
            expected: nil,
            actual: nil,
            difference: nil,
            tolerance: nil,
            quotes: .given([])
        )
    }

    @Test func digestIdsAreWrittenAsTheirText() throws {
        let hasher = AnomalyIdHasher(documentId: "sha256:" + String(repeating: "0f", count: 32))
        for subject in ["income.total", "text[0]", "expenditure.byFunction[卫生健康支出]", ""] {
            let digest = hasher.digest(ruleId: "sum.income.sources", subject: subject)
            let text = digest.text
            #expect(text.utf8.count == AnomalyID.digestUTF8Count)
            #expect(text.hasPrefix("anomaly:") && text.dropFirst(8).allSatisfy { $0.isHexDigit && !$0.isUppercase })
            // The digest spelled straight into the output is the same JSON as its text written as a string.
            let fromDigest = Self.event(digest)
            let fromText = Self.event(.text(text))
            #expect(AnomalyJSON.bytes(fromDigest) == AnomalyJSON.bytes(fromText))
            #expect(
                AnomalyJSON.lines([fromDigest, fromText]) == [AnomalyJSON.bytes(fromText), AnomalyJSON.bytes(fromText)]
            )
            let value = try JSONValue(parsing: AnomalyJSON.bytes(fromDigest))
            guard case .object(let members) = value else {
                Issue.record("not an object")
                continue
            }
            #expect(members.first { $0.0 == "anomalyId" }?.1 == .string(text))
            // One id in either form: equal, and read back as the same text.
            #expect(digest == .text(text) && fromDigest == fromText)
            #expect(fromDigest.anomalyId == text)
            #expect(digest != hasher.digest(ruleId: "sum.income.sources", subject: subject + "x"))
        }
        // An id given as text is kept as given.
        var event = Self.event(.text("a\"1"))
        #expect(String(decoding: AnomalyJSON.bytes(event), as: UTF8.self).contains(#""anomalyId":"a\"1""#))
        event.anomalyId = "x"
        #expect(event.anomalyId == "x" && event.id == .text("x"))
    }
}
