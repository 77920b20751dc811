import DisclosureCore
import Foundation
import Testing

/// The SPEC §6 acceptance anchor: the seed document yields every money value of its annotation, exactly as
/// written (`987.8` stays `987.8`, `0` stays `0`).
@Suite struct SeedGoldenTests {
    @Test func seedYieldsEveryAnnotatedMoneyValueExactly() throws {
        guard let corpus = CorpusScorer.corpusURL else {
            print("SeedGoldenTests: ../shared/corpus not found; skipped")
            return
        }
        let documents = try CorpusScorer.documents(in: corpus, groups: ["seed"])
        let seed = try #require(documents.first { $0.name.hasSuffix("tongliang-2024-budget.txt") })
        let bytes = Array(try Data(contentsOf: seed.url))
        let processed = try DisclosureProcessor().process(RawDocument(bytes: bytes))
        let record = try JSONValue(parsing: processed.recordJSON())
        var checked = 0
        for (path, value) in seed.expected where CorpusScorer.moneyPrefixes.contains(where: { path.hasPrefix($0) }) {
            guard case .string(let want) = value else { continue }
            let got = CorpusScorer.resolve(record, path: path)
            switch got {
            case .number(let amount):
                #expect(amount.description == want, "\(path): expected \(want), got \(amount)")
            case .string(let text):
                #expect(text == want, "\(path): expected \(want), got \(text)")
            default:
                Issue.record("\(path): expected \(want), got \(got?.jsonString ?? "null")")
            }
            checked += 1
        }
        #expect(checked >= 50)
    }
}
