import Foundation
import Testing

@testable import DisclosureCore

/// The one-pass scan must find what the separate passes it replaced find: the same tokens, the same topics for any
/// lead, the same units, cues and negations.
@Suite struct FinanceSentenceScannerTests {
    private static let negations = Lexicon(FinanceVocabulary.negationPatterns.map { ($0, true) })

    /// Compares the scan of every sentence of `text` with the separate passes; returns the sentences compared.
    @discardableResult
    static func compare(_ text: String, _ name: String) -> Int {
        let bytes = TextNormalizer.normalize(text).bytes
        var compared = 0
        for sentence in SentenceSplitter.sentences(bytes) {
            let sentenceBytes = FinanceExtractor.compacted(bytes, sentence.span)
            var tokens: [FinanceToken] = []
            let scan = FinanceSentenceScanner.scan(sentenceBytes, marks: FinanceMarks.shared, into: &tokens)
            let flags = FinanceSentenceScanner.flags(sentenceBytes, marks: FinanceMarks.shared)
            let whole = 0..<sentenceBytes.count
            let label = "\(name): \(String(decoding: sentenceBytes, as: UTF8.self))"
            let expected = FinanceTokenizer.tokens(sentenceBytes, in: TextSpan(start: 0, end: sentenceBytes.count))
            #expect(tokens == expected, "\(label)")
            #expect(flags.contains(.amountUnit) == AmountScanner.mayHoldAmount(sentenceBytes), "\(label)")
            #expect(
                FinanceSentenceScanner.mayHoldAmount(sentenceBytes) == AmountScanner.mayHoldAmount(sentenceBytes),
                "\(label)"
            )
            #expect(
                flags.contains(.statementCue)
                    == FinanceVocabulary.statementCues.occurs(in: sentenceBytes, range: whole),
                "\(label)"
            )
            #expect(flags.contains(.negation) == Self.negations.occurs(in: sentenceBytes, range: whole), "\(label)")
            #expect(
                flags.contains(.generalBudgetShare)
                    == ByteScan.contains("占一般公共预算", in: sentenceBytes, range: whole),
                "\(label)"
            )
            let firstAmount = expected.first {
                switch $0.kind {
                case .number(.money), .number(.percent): true
                default: false
                }
            }
            #expect(scan.firstAmountStart == firstAmount?.start, "\(label)")
            let shares = expected.contains {
                $0.kind == .term(.share) && ByteScan.matches(sentenceBytes, "占一般公共预算", at: $0.start)
            }
            #expect(scan.sharesGeneralBudget == shares, "\(label)")
            // Every lead the extractor may ask for: before the first amount, and the whole sentence.
            for leadEnd in Set([firstAmount?.start ?? sentenceBytes.count, sentenceBytes.count]) {
                let lead = 0..<leadEnd
                let separate = FinanceTopicDetector.topic(
                    sentenceBytes,
                    lead: lead,
                    namesGeneralBudgetShare: false,
                    special: FinanceVocabulary.specialTopics,
                    generic: FinanceVocabulary.genericTopics
                )
                if leadEnd == firstAmount?.start ?? sentenceBytes.count {
                    let fused = FinanceTopicDetector.topic(
                        sentenceBytes,
                        lead: lead,
                        namesGeneralBudgetShare: false,
                        special: scan.specialTopic(before: leadEnd),
                        generic: scan.genericTopic(before: leadEnd)
                    )
                    #expect(fused == separate, "\(label)")
                }
                if leadEnd == sentenceBytes.count {
                    let titles = FinanceSentenceScanner.topics(sentenceBytes, marks: FinanceMarks.shared)
                    let title = FinanceTopicDetector.topic(
                        sentenceBytes,
                        lead: lead,
                        namesGeneralBudgetShare: false,
                        special: titles.specialTopic(before: leadEnd),
                        generic: titles.genericTopic(before: leadEnd)
                    )
                    #expect(title == separate, "\(label)")
                    // The title pass finds the flags and the topics in one.
                    var fused = FinanceSentenceScan()
                    let fusedFlags = FinanceSentenceScanner.flags(
                        sentenceBytes,
                        marks: FinanceMarks.shared,
                        topics: &fused
                    )
                    #expect(fusedFlags == flags, "\(label)")
                    #expect(fused.special?.start == titles.special?.start, "\(label)")
                    #expect(fused.special?.topic == titles.special?.topic, "\(label)")
                    #expect(fused.generic?.start == titles.generic?.start, "\(label)")
                    #expect(fused.generic?.topic == titles.generic?.topic, "\(label)")
                }
            }
            compared += 1
        }
        return compared
    }

    @Test func findsWhatTheSeparatePassesFind() {
        Self.compare(
            """
            一、收入支出预算总体情况
            2024年收入预算1651.99万元,其中:一般公共预算拨款1651.99万元,政府性基金预算拨款0万元。\
            收入较2023年减少253.82万元,主要是人员经费拨款增加36.18万元,项目经费拨款减少290万元。
            基本支出预算987.8万元,占59.79%;项目支出预算664.19万元。一般公共预算财政拨款支出占一般公共预算支出的84.06%。
            “三公”经费预算与上年持平。本单位无政府采购预算。政府性基金预算拨款收入和支出均为0万元。
            名词解释:财政拨款收入:指本级财政当年拨付的资金。较上年增59.11万元,(减)6万元,增长了5%。
            国有资产占用情况:车辆3辆。因公出国(境)费用没有。基本持平,占比例为零。
            """,
            "inline"
        )
    }

    @Test func findsWhatTheSeparatePassesFindInTheCorpus() throws {
        guard let corpus = TestSupport.corpus else {
            print("FinanceSentenceScannerTests: ../shared/corpus absent, corpus comparison skipped")
            return
        }
        let files = try #require(FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil))
        var sentences = 0
        for case let url as URL in files where url.pathExtension == "txt" {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            sentences += Self.compare(text, url.lastPathComponent)
        }
        #expect(sentences > 1000)
    }

    @Test func clauseOpenersStartWithE5OrE6() {
        // The reader tries the openers only before E5 or E6 (`FinanceSentenceReader.isClauseInitial`).
        for opener in FinanceSentenceReader.clauseOpeners {
            #expect(opener.first == 0xE5 || opener.first == 0xE6, "\(String(decoding: opener, as: UTF8.self))")
        }
    }
}
