import DisclosureCore
import Foundation
import Testing

@testable import DisclosurePDF

/// Issue 9's bar, per whole corpus document read from its PDF (never the provided text files): how many annotated
/// values the record states exactly, and how many annotated anomalies (the non-optional ones, with their
/// alternatives) the rules raise, seeded errors included. The floors are today's scores, so a regression fails;
/// `PDF_SCORE_REPORT=1` prints each miss.
@Suite struct WholeDocumentScoreTests {
    /// Per document: annotated values stated exactly (of all annotated), annotated anomalies found (of all).
    static let floors: [String: (fields: Int, anomalies: Int)] = [
        "jiangsu-cppcc-office-2019-dept-budget": (69, 1),
        "jiangsu-party-office-2019-dept-budget": (66, 1),
        "jiangsu-procuratorate-2019-dept-budget": (61, 4),
        "shanghai-putuo-commerce-2025-dept-budget": (38, 1),
        "shanghai-putuo-finance-2024-dept-final-seeded-errors": (44, 4),
        "shanghai-putuo-govoffice-2025-unit-budget": (38, 0),
        "shanghai-putuo-justice-2026-dept-budget": (38, 1),
        "shanghai-putuo-justice-2026-unit-budget": (38, 2),
        "shanghai-putuo-planning-2024-dept-final": (47, 3),
        "shanghai-putuo-socialwork-2024-dept-final": (38, 1),
        "shanghai-putuo-wanli-street-2024-dept-budget": (38, 0),
    ]

    static let processor = DisclosureProcessor(decoder: DocumentDecoder(pdfTextSource: PDFTextExtractor()))

    @Test(arguments: CorpusPDF.names)
    func scoresTheAnnotatedValuesAndAnomalies(name: String) throws {
        guard let bytes = CorpusPDF.bytes(name, ".pdf"), let annotation = CorpusPDF.bytes(name, ".json") else {
            print("skip: corpus document \(name) not found under \(CorpusPDF.wholeDirectory)")
            return
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(annotation)) as? [String: Any])
        let expected = try #require(json["expected"] as? [String: Any])
        let expectedAnomalies = json["expectedAnomalies"] as? [[String: Any]] ?? []
        let processed = try Self.processor.process(RawDocument(bytes: bytes, contentType: "application/pdf"))
        let record = try JSONValue(parsing: processed.recordJSON())
        let verbose = FileBytes.environment("PDF_SCORE_REPORT") != nil

        var exact = 0
        for (path, want) in expected.sorted(by: { $0.key < $1.key }) {
            let got = Self.resolve(path, in: record)
            if Self.matches(want, got) {
                exact += 1
            } else if verbose {
                print(
                    "  \(name) miss \(path): expected \(want), got \(got.map { String(decoding: $0.serialized(), as: UTF8.self) } ?? "nothing")"
                )
            }
        }

        let raised = Set(processed.anomalies.map { "\($0.ruleId) \($0.subject)" })
        var required = 0
        var found = 0
        for anomaly in expectedAnomalies where (anomaly["optional"] as? Bool) != true {
            required += 1
            let names = [anomaly] + (anomaly["alternatives"] as? [[String: Any]] ?? [])
            let keys = names.map { "\($0["ruleId"] as? String ?? "") \($0["subject"] as? String ?? "")" }
            if keys.contains(where: raised.contains) {
                found += 1
            } else if verbose {
                print("  \(name) anomaly not found: \(keys[0])")
            }
        }
        let annotatedKeys = Set(
            expectedAnomalies.flatMap { anomaly in
                ([anomaly] + (anomaly["alternatives"] as? [[String: Any]] ?? [])).map {
                    "\($0["ruleId"] as? String ?? "") \($0["subject"] as? String ?? "")"
                }
            }
        )
        let unannotatedErrors = processed.anomalies.filter {
            $0.severity == .error && !annotatedKeys.contains("\($0.ruleId) \($0.subject)")
        }
        print(
            "pdf score \(name): fields \(exact)/\(expected.count), anomalies \(found)/\(required), "
                + "unannotated errors \(unannotatedErrors.count), filled from tables \(processed.record.valueSources.count)"
        )
        if verbose {
            for anomaly in unannotatedErrors {
                print("  \(name) unannotated error: \(anomaly.ruleId) \(anomaly.subject)")
            }
        }
        let floor = try #require(Self.floors[name])
        #expect(exact >= floor.fields, "fields \(exact)/\(expected.count), floor \(floor.fields)")
        #expect(found >= floor.anomalies, "anomalies \(found)/\(required), floor \(floor.anomalies)")
        // Values filled from tables must not raise errors the annotation does not know.
        #expect(unannotatedErrors.isEmpty, "\(unannotatedErrors.map { "\($0.ruleId) \($0.subject)" })")
    }

    /// The value at a corpus path (`a.b[key].c`, array elements by name, label or title, or index).
    static func resolve(_ path: String, in value: JSONValue) -> JSONValue? {
        var node: JSONValue? = value
        var rest = Substring(path)
        while !rest.isEmpty, let current = node {
            if rest.first == "." { rest = rest.dropFirst() }
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let key = String(rest[rest.index(after: rest.startIndex)..<close])
                rest = rest[rest.index(after: close)...]
                guard case .array(let elements) = current else { return nil }
                if let index = Int(key), elements.first.map({ if case .object = $0 { false } else { true } }) ?? true {
                    node = elements.indices.contains(index) ? elements[index] : nil
                } else {
                    node = elements.first { element in
                        ["name", "label", "title"].contains { member(element, $0) == .string(key) }
                    }
                }
            } else {
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                node = member(current, String(rest[..<end]))
                rest = rest[end...]
            }
        }
        return node
    }

    static func member(_ value: JSONValue, _ key: String) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Whether the record's value equals the annotation's: decimals exactly, strings and integers as such.
    static func matches(_ want: Any, _ got: JSONValue?) -> Bool {
        guard let got else { return false }
        if want is NSNull { return got == .null }
        if let text = want as? String {
            if let amount = Amount(parsing: text) {
                switch got {
                case .number(let value): return value == amount
                case .int(let value): return Amount(value) == amount
                default: break
                }
            }
            return got == .string(text)
        }
        if let number = want as? NSNumber {
            switch got {
            case .int(let value): return value == number.intValue
            case .number(let value): return value == Amount(parsing: number.stringValue)
            default: return false
            }
        }
        return false
    }
}
