/// One token of a money sentence: a term of ``FinanceVocabulary``, a number, or a clause separator.
struct FinanceToken: Sendable, Equatable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        case term(FinanceTerm)
        case number(ScannedNumber.Kind)
        /// `,` `;` `、` `:`: ends a clause.
        case separator
    }

    /// The token.
    var kind: Kind
    /// First byte.
    var start: Int
    /// One past the last byte.
    var end: Int
}

/// Cuts a sentence into ``FinanceToken``s in one left-to-right pass (longest vocabulary match, numbers with units).
enum FinanceTokenizer {
    private static let separators: [[UInt8]] = [",", ";", ":", "、"].map { Array($0.utf8) }

    /// The tokens of `span`; text that is neither a term nor a number is skipped.
    static func tokens(_ bytes: [UInt8], in span: TextSpan) -> [FinanceToken] {
        var tokens: [FinanceToken] = []
        var index = span.start
        let limit = span.end
        while index < limit {
            let byte = bytes[index]
            if AmountScanner.numberStarts(bytes, at: index) {
                let numbers = AmountScanner.scan(bytes, at: index, limit: limit)
                if numbers.isEmpty {
                    index = AmountScanner.skipNumber(bytes, at: index, limit: limit)
                    continue
                }
                for number in numbers {
                    tokens.append(FinanceToken(kind: .number(number.kind), start: number.start, end: number.end))
                }
                index = numbers[numbers.count - 1].end
                continue
            }
            if ByteScan.isDigit(byte) {
                index = AmountScanner.skipNumber(bytes, at: index, limit: limit)
                continue
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":")
                || ByteScan.matches(bytes, separators[3], at: index)
            {
                let length = byte < 0x80 ? 1 : 3
                tokens.append(FinanceToken(kind: .separator, start: index, end: index + length))
                index += length
                continue
            }
            if let entry = FinanceVocabulary.terms.longestMatch(in: bytes, at: index, limit: limit) {
                let end = index + entry.pattern.count
                if case .shortVerb(let sign) = entry.value {
                    // 增/减/降 alone count only right before a number (`较上年增59.11万元`, `(减)6万元`).
                    if nextIsNumber(bytes, from: end, limit: limit) {
                        tokens.append(FinanceToken(kind: .term(.verb(sign)), start: index, end: end))
                    }
                } else if entry.value != .noise {
                    tokens.append(FinanceToken(kind: .term(entry.value), start: index, end: end))
                }
                index = end
                continue
            }
            index += ByteScan.scalarLength(bytes, at: index)
        }
        return tokens
    }

    /// Whether a number follows, skipping spaces, brackets and `了`.
    private static func nextIsNumber(_ bytes: [UInt8], from offset: Int, limit: Int) -> Bool {
        var index = offset
        let le = Array("了".utf8)
        let fu = Array("幅".utf8)
        while index < limit {
            if ByteScan.isDigit(bytes[index]) { return true }
            if ByteScan.isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "(") || bytes[index] == UInt8(ascii: ")")
            {
                index += 1
            } else if ByteScan.matches(bytes, le, at: index) || ByteScan.matches(bytes, fu, at: index) {
                index += 3
            } else {
                return false
            }
        }
        return false
    }
}
