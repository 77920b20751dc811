import DisclosureCore
import Foundation

/// Scores parsed records against the corpus annotations (`../shared/corpus`), in process.
///
/// The same rules as `scripts/score_corpus.py`: dotted paths, `a[key]` picks the array element whose
/// name/label/title is `key` (`duties[i]` by index), numbers compare as exact decimals, an explicit `null` must be
/// emitted as null, a missing key is not scored.
struct CorpusScorer {
    /// Precision and recall counters.
    struct Tally: Sendable, CustomStringConvertible {
        /// Emitted values equal to the annotation.
        var correct = 0
        /// Emitted non-null values on scored paths.
        var emitted = 0
        /// Expected non-null values.
        var expected = 0

        /// Correct ÷ emitted (1 when nothing was emitted).
        var precision: Double { emitted == 0 ? 1 : Double(correct) / Double(emitted) }
        /// Correct ÷ expected (1 when nothing was expected).
        var recall: Double { expected == 0 ? 1 : Double(correct) / Double(expected) }

        /// Adds another tally.
        mutating func add(_ other: Tally) {
            correct += other.correct
            emitted += other.emitted
            expected += other.expected
        }

        var description: String {
            let p = (precision * 10000).rounded() / 10000
            let r = (recall * 10000).rounded() / 10000
            return "P \(p) (\(correct)/\(emitted)) R \(r) (\(correct)/\(expected))"
        }
    }

    /// One annotated document of the corpus.
    struct Document: Sendable {
        /// `seed`, `real`, `synthetic` or `whole`.
        var group: String
        /// `group/file`.
        var name: String
        /// The document file.
        var url: URL
        /// The flat `expected` map; `nil` values are explicit JSON nulls.
        var expected: [(path: String, value: ExpectedValue)]
    }

    /// An annotation value.
    enum ExpectedValue: Sendable {
        case null
        case string(String)
        case int(Int)
    }

    /// The result of scoring one document.
    struct Score: Sendable {
        /// All scored paths.
        var all = Tally()
        /// Money paths only (the finance blocks).
        var money = Tally()
        /// `kind path: expected …, got …` lines.
        var misses: [String] = []
    }

    /// Path prefixes of the finance blocks.
    static let moneyPrefixes = [
        "income.", "expenditure.", "appropriation.", "governmentFund.", "carryover.", "threePublic.",
        "operatingFunds.", "procurement.", "performance.",
    ]

    /// The corpus folder (`../shared/corpus` from the repository root), nil when absent.
    static var corpusURL: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("../shared/corpus").standardizedFileURL
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Every annotated document of the given groups, in name order.
    static func documents(in corpus: URL, groups: [String]) throws -> [Document] {
        var documents: [Document] = []
        for group in groups {
            let folder = corpus.appendingPathComponent(group)
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for entry in entries.sorted() where entry.hasSuffix(".json") {
                let stem = String(entry.dropLast(5))
                guard
                    let file = [".txt", ".html", ".htm"].map({ folder.appendingPathComponent(stem + $0) })
                        .first(where: { FileManager.default.fileExists(atPath: $0.path) })
                else { continue }
                let data = try Data(contentsOf: folder.appendingPathComponent(entry))
                guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let expected = object["expected"] as? [String: Any]
                else { continue }
                let pairs = expected.keys.sorted().map { key -> (path: String, value: ExpectedValue) in
                    let value = expected[key]
                    if let string = value as? String { return (key, .string(string)) }
                    if let number = value as? NSNumber { return (key, .int(number.intValue)) }
                    return (key, .null)
                }
                documents.append(
                    Document(group: group, name: "\(group)/\(file.lastPathComponent)", url: file, expected: pairs)
                )
            }
        }
        return documents
    }

    /// Scores a record's JSON against a document's annotation.
    static func score(_ record: JSONValue, against document: Document) -> Score {
        var score = Score()
        for (path, want) in document.expected {
            let isMoney = moneyPrefixes.contains { path.hasPrefix($0) }
            let got = resolve(record, path: path)
            let wantsValue: Bool
            if case .null = want { wantsValue = false } else { wantsValue = true }
            let correct = wantsValue && got != nil && equal(want, got!)
            for money in isMoney ? [false, true] : [false] {
                var tally = money ? score.money : score.all
                if wantsValue { tally.expected += 1 }
                if got != nil { tally.emitted += 1 }
                if correct { tally.correct += 1 }
                if money { score.money = tally } else { score.all = tally }
            }
            if !correct && (wantsValue || got != nil) {
                let kind = !wantsValue ? "invented" : (got == nil ? "missing" : "wrong")
                score.misses.append("\(kind) \(path): expected \(describe(want)), got \(got?.jsonString ?? "null")")
            }
        }
        return score
    }

    // MARK: - Paths

    /// The value at a dotted path, nil where a step is missing or the value is JSON null.
    static func resolve(_ root: JSONValue, path: String) -> JSONValue? {
        var node = root
        for segment in segments(of: path) {
            switch segment {
            case .key(let key):
                guard case .object(let members) = node, let value = members.first(where: { $0.0 == key })?.1 else {
                    return nil
                }
                node = value
            case .element(let key):
                guard case .array(let elements) = node else { return nil }
                if let index = Int(key), elements.allSatisfy({ if case .object = $0 { false } else { true } }) {
                    guard index < elements.count else { return nil }
                    node = elements[index]
                } else {
                    let found = elements.first { element in
                        guard case .object(let members) = element else { return false }
                        return members.contains { ["name", "label", "title"].contains($0.0) && $0.1 == .string(key) }
                    }
                    guard let found else { return nil }
                    node = found
                }
            }
            if node == .null { return nil }
        }
        return node
    }

    private enum Segment {
        case key(String)
        case element(String)
    }

    private static func segments(of path: String) -> [Segment] {
        var result: [Segment] = []
        var current = ""
        var inBracket = false
        for character in path {
            switch character {
            case "." where !inBracket:
                if !current.isEmpty { result.append(.key(current)) }
                current = ""
            case "[" where !inBracket:
                if !current.isEmpty { result.append(.key(current)) }
                current = ""
                inBracket = true
            case "]" where inBracket:
                result.append(.element(current))
                current = ""
                inBracket = false
            default:
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(.key(current)) }
        return result
    }

    // MARK: - Values

    private static func equal(_ want: ExpectedValue, _ got: JSONValue) -> Bool {
        let wantAmount: Amount?
        let wantString: String?
        switch want {
        case .null: return false
        case .int(let value):
            wantAmount = Amount(value)
            wantString = nil
        case .string(let value):
            wantAmount = Amount(parsing: value)
            wantString = value
        }
        let gotAmount: Amount?
        switch got {
        case .number(let amount): gotAmount = amount
        case .int(let value): gotAmount = Amount(value)
        case .string(let value): gotAmount = Amount(parsing: value)
        default: gotAmount = nil
        }
        if let wantAmount, let gotAmount { return wantAmount == gotAmount }
        if let wantString, case .string(let value) = got { return value == wantString }
        return false
    }

    private static func describe(_ value: ExpectedValue) -> String {
        switch value {
        case .null: "null"
        case .int(let value): String(value)
        case .string(let value): "\"\(value)\""
        }
    }
}
