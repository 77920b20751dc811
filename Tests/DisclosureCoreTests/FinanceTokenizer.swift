@testable import DisclosureCore

/// The tokenizer that ``FinanceSentenceScanner/scan(_:marks:into:)`` replaced, kept as the oracle its tests compare
/// the fused scan with: a separate longest-match lexicon of the terms and a plain left-to-right pass.
enum FinanceTokenizer {
    /// The tokens of `span`; text that is neither a term nor a number is skipped.
    static func tokens(_ bytes: [UInt8], in span: TextSpan) -> [FinanceToken] {
        var tokens: [FinanceToken] = []
        tokenize(bytes, in: span, vocabulary: FinanceVocabulary.terms, into: &tokens)
        return tokens
    }

    /// Appends the tokens of `span` to `tokens` (a buffer the caller reuses from sentence to sentence).
    static func tokenize(
        _ bytes: [UInt8],
        in span: TextSpan,
        vocabulary terms: Lexicon<FinanceTerm>,
        into tokens: inout [FinanceToken]
    ) {
        let limit = span.end
        bytes.withUnsafeBufferPointer { buffer in
            var index = span.start
            while index < limit {
                let byte = buffer[index]
                if byte < 0x80 {
                    if ByteScan.isDigit(byte) {
                        if AmountScanner.numberStarts(bytes, at: index),
                            let end = AmountScanner.scan(
                                bytes,
                                at: index,
                                limit: limit,
                                emit: {
                                    tokens.append(FinanceToken(kind: .number($0.kind), start: $0.start, end: $0.end))
                                }
                            )
                        {
                            index = end
                        } else {
                            index = AmountScanner.skipNumber(bytes, at: index, limit: limit)
                        }
                        continue
                    }
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") {
                        tokens.append(FinanceToken(kind: .separator, start: index, end: index + 1))
                        index += 1
                        continue
                    }
                } else if byte == 0xE3 && index + 2 < buffer.count && buffer[index + 1] == 0x80
                    && buffer[index + 2] == 0x81
                {
                    // 、
                    tokens.append(FinanceToken(kind: .separator, start: index, end: index + 3))
                    index += 3
                    continue
                }
                if let entry = terms.longestMatch(in: buffer, at: index, end: limit) {
                    let end = index + entry.length
                    if case .shortVerb(let sign) = entry.value {
                        // 增/减/降 alone count only right before a number (`较上年增59.11万元`, `(减)6万元`).
                        if FinanceSentenceScanner.nextIsNumber(bytes, from: end, limit: limit) {
                            tokens.append(FinanceToken(kind: .term(.verb(sign)), start: index, end: end))
                        }
                    } else if entry.value != .noise {
                        tokens.append(FinanceToken(kind: .term(entry.value), start: index, end: end))
                    }
                    index = end
                    continue
                }
                // The scalar's length, as ``ByteScan/scalarLength(_:at:)``.
                let rest = buffer.count - index
                index += byte < 0xC0 ? 1 : byte >= 0xF0 ? min(4, rest) : byte >= 0xE0 ? min(3, rest) : min(2, rest)
            }
        }
    }
}

extension FinanceVocabulary {
    /// The terms alone, as one lexicon (the oracle's; the extractor reads them from the merged ``FinanceMarks``).
    static let terms = Lexicon(termEntries)
}
