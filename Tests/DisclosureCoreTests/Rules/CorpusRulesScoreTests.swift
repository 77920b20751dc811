import DisclosureCore
import Foundation
import Testing

/// Scores the rule engine against the corpus's `expectedAnomalies`, isolated from the parser: each record is built
/// from the annotation's `expected` map (``AnnotatedRecordBuilder``) and the document's own text.
///
/// Scoring (issue 3): findings of severity error or warning, matched on rule id and subject (an annotation's
/// `alternatives` match too; `optional` annotations neither reward nor penalise). `completeness.sections` and
/// `parse.unrecognized` are not annotated for fragments, so they are left out for `real/`.
@Suite struct CorpusRulesScoreTests {
    /// One expected finding.
    struct Expected {
        var keys: [String]
        var severity: String
        var optional: Bool
    }

    /// Counters.
    struct Tally {
        var truePositives = 0
        var predicted = 0
        var expected = 0
        var falsePositives: [String] = []
        var misses: [String] = []
        var errorsOnCleanDocuments: [String] = []

        var precision: Double { predicted == 0 ? 1 : Double(truePositives) / Double(predicted) }
        var recall: Double { expected == 0 ? 1 : Double(truePositives) / Double(expected) }
    }

    static let flagged: Set<String> = ["error", "warning"]

    /// How a document's anomalies are produced: from its annotation (isolated) or through the whole core.
    enum Source {
        case annotation
        case parser
    }

    /// Scores every annotated document of the given groups.
    static func score(groups: [String], source: Source = .annotation) throws -> Tally? {
        guard let corpus = CorpusScorer.corpusURL else { return nil }
        var tally = Tally()
        for document in try CorpusScorer.documents(in: corpus, groups: groups) {
            let json = document.url.deletingPathExtension().appendingPathExtension("json")
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] ?? [:]
            let annotations = (object["expectedAnomalies"] as? [[String: Any]] ?? []).map { item in
                let key = "\(item["ruleId"] as? String ?? "") \(item["subject"] as? String ?? "")"
                let alternatives = (item["alternatives"] as? [[String: Any]] ?? []).map {
                    "\($0["ruleId"] as? String ?? "") \($0["subject"] as? String ?? "")"
                }
                return Expected(
                    keys: [key] + alternatives,
                    severity: item["severity"] as? String ?? "",
                    optional: item["optional"] as? Bool ?? false
                )
            }
            let excluded: Set<String> =
                document.group == "real" ? ["completeness.sections", "parse.unrecognized"] : []
            let anomalies = try produce(document, source).filter {
                flagged.contains($0.severity.rawValue) && !excluded.contains($0.ruleId)
            }
            let wanted = annotations.filter { flagged.contains($0.severity) && !$0.optional }
            let clean = !annotations.contains { flagged.contains($0.severity) }
            var matched = Set<Int>()
            for anomaly in anomalies {
                let key = "\(anomaly.ruleId) \(anomaly.subject)"
                if let index = wanted.indices.first(where: { !matched.contains($0) && wanted[$0].keys.contains(key) }) {
                    matched.insert(index)
                    tally.truePositives += 1
                    tally.predicted += 1
                } else if annotations.contains(where: { $0.optional && $0.keys.contains(key) }) {
                    continue  // optional: neither rewarded nor penalised
                } else if wanted.indices.contains(where: { matched.contains($0) && wanted[$0].keys.contains(key) }) {
                    continue  // the same finding again under one of its alternative names
                } else {
                    tally.predicted += 1
                    tally.falsePositives.append("\(document.name): \(key) \(anomaly.severity.rawValue)")
                }
                if clean && anomaly.severity == .error {
                    tally.errorsOnCleanDocuments.append("\(document.name): \(key)")
                }
            }
            tally.expected += wanted.count
            for index in wanted.indices where !matched.contains(index) {
                tally.misses.append("\(document.name): \(wanted[index].keys[0])")
            }
        }
        return tally
    }

    /// The anomalies of one document.
    static func produce(_ document: CorpusScorer.Document, _ source: Source) throws -> [Anomaly] {
        switch source {
        case .annotation:
            let text = TextNormalizer.normalize(CorpusText.read(document.url) ?? "")
            let record = AnnotatedRecordBuilder(text: text).record(
                documentId: document.name,
                expected: document.expected
            )
            return RuleEngine().evaluate(record, text: text)
        case .parser:
            let bytes = Array(try Data(contentsOf: document.url))
            return (try? DisclosureProcessor().process(RawDocument(bytes: bytes)).anomalies) ?? []
        }
    }

    @Test func isolatedRulesMeetTheAnomalyBar() throws {
        guard let tally = try CorpusRulesScoreTests.score(groups: ["seed", "real", "synthetic", "whole"]) else {
            print("corpus not found at ../shared/corpus: skipping the rule score")
            return
        }
        let report =
            "rules (isolated): precision \(tally.precision) (\(tally.truePositives)/\(tally.predicted)), "
            + "recall \(tally.recall) (\(tally.truePositives)/\(tally.expected))"
        print(report)
        for line in tally.falsePositives { print("  false positive: \(line)") }
        for line in tally.misses { print("  missed: \(line)") }
        #expect(tally.precision >= 0.95, "\(report)")
        #expect(tally.recall >= 0.90, "\(report)")
        #expect(tally.errorsOnCleanDocuments.isEmpty, "errors on clean documents: \(tally.errorsOnCleanDocuments)")
    }

    /// The same score through the real decoder and parser, held to a floor.
    @Test func endToEndAnomaliesKeepTheirFloor() throws {
        guard
            let tally = try CorpusRulesScoreTests.score(
                groups: ["seed", "real", "synthetic", "whole"],
                source: .parser
            )
        else {
            print("corpus not found at ../shared/corpus: skipping the end-to-end rule score")
            return
        }
        let report =
            "rules (end to end): precision \(tally.precision) (\(tally.truePositives)/\(tally.predicted)), "
            + "recall \(tally.recall) (\(tally.truePositives)/\(tally.expected)), "
            + "errors on clean documents \(tally.errorsOnCleanDocuments.count)"
        print(report)
        for line in tally.falsePositives { print("  false positive: \(line)") }
        for line in tally.misses { print("  missed: \(line)") }
        #expect(tally.precision >= CorpusRulesScoreTests.endToEndFloor.precision, "\(report)")
        #expect(tally.recall >= CorpusRulesScoreTests.endToEndFloor.recall, "\(report)")
        #expect(tally.errorsOnCleanDocuments.isEmpty, "errors on clean documents: \(tally.errorsOnCleanDocuments)")
    }

    /// End-to-end floor (precision, recall): issue 3's precision bar. Measured on 2026-11-27 with the parser of that
    /// day: 0.976 (41/42) and 0.953 (41/43), no error on a clean document; the one false positive is a template
    /// residue the annotation marks optional under another subject, the two misses need values SPEC has no path for.
    static let endToEndFloor = (precision: 0.95, recall: 0.93)
}
