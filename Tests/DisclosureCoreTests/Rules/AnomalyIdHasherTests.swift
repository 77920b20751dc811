import Testing

@testable import DisclosureCore

@Suite struct AnomalyIdHasherTests {
    @Test func idsAreTheHashOfDocumentRuleAndSubject() {
        // Document ids of several lengths put the prefix's block boundary in different places.
        for documentId in ["", "sha256:" + String(repeating: "ab", count: 32), String(repeating: "文", count: 30)] {
            let hasher = AnomalyIdHasher(documentId: documentId)
            for (ruleId, subject) in [
                ("sum.income.sources", "income.total"), ("code.name", "expenditure.byFunction[卫生健康支出]"), ("", ""),
            ] {
                let bytes = Array(documentId.utf8) + [0] + Array(ruleId.utf8) + [0] + Array(subject.utf8)
                let expected = "anomaly:" + SHA256.hexDigest(bytes)
                #expect(hasher.id(ruleId: ruleId, subject: subject) == expected)
                #expect(RuleEngine.anomalyId(documentId: documentId, ruleId: ruleId, subject: subject) == expected)
            }
        }
    }
}
