/// What the patterns of the money lexicons say about one position of a sentence, found by one lookup
/// (``FinanceSentenceScanner``).
///
/// ``FinanceVocabulary/termEntries`` and the two topic lexicons are merged into one trie: the value stored for a pattern
/// already holds, for each lexicon, its longest pattern among the pattern's prefixes (itself included). The longest
/// match of the merged trie at a position is so the longest match of every lexicon there.
struct FinanceMark: Sendable {
    /// Pattern sets whose occurrence anywhere in a sentence matters, not where (``FinanceMarks/flags``).
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8

        /// `元` or `%`: every unit ``AmountScanner`` reads has one (as ``AmountScanner/mayHoldAmount(_:)``).
        static let amountUnit = Flags(rawValue: 1)
        /// A pattern of ``FinanceVocabulary/statementCues``.
        static let statementCue = Flags(rawValue: 2)
        /// A negation word (``FinanceVocabulary/negationPatterns``).
        static let negation = Flags(rawValue: 4)
        /// `占一般公共预算`: a share of the general public budget.
        static let generalBudgetShare = Flags(rawValue: 8)
    }

    /// The longest term of ``FinanceVocabulary/termEntries`` starting here, and its length in bytes (0: none).
    var term: FinanceTerm?
    var termLength: UInt8 = 0
    /// The longest pattern of ``FinanceVocabulary/specialTopics`` starting here: its topic (nil for a neutral
    /// pattern) and its length in bytes (0: none).
    var special: FinanceTopic?
    var specialLength: UInt8 = 0
    /// The longest pattern of ``FinanceVocabulary/genericTopics`` starting here, as ``special``.
    var generic: FinanceTopic?
    var genericLength: UInt8 = 0

    /// One entry per distinct pattern of the merged lexicons, in first appearance, each with its prefixes' marks.
    static func entries() -> [(String, FinanceMark)] {
        // Per lexicon, the first value of each pattern (a lexicon keeps the first of a repeated pattern).
        var terms: [[UInt8]: FinanceTerm] = [:]
        var special: [[UInt8]: FinanceTopic?] = [:]
        var generic: [[UInt8]: FinanceTopic?] = [:]
        var patterns: [String] = []
        for (pattern, value) in FinanceVocabulary.termEntries where terms[Array(pattern.utf8)] == nil {
            terms[Array(pattern.utf8)] = value
            patterns.append(pattern)
        }
        for (pattern, value) in FinanceVocabulary.specialTopicEntries where special[Array(pattern.utf8)] == nil {
            special[Array(pattern.utf8)] = .some(value)
            patterns.append(pattern)
        }
        for (pattern, value) in FinanceVocabulary.genericTopicEntries where generic[Array(pattern.utf8)] == nil {
            generic[Array(pattern.utf8)] = .some(value)
            patterns.append(pattern)
        }
        return withPrefixes(patterns, from: FinanceMark()) { mark, prefix in
            if let term = terms[prefix] {
                mark.term = term
                mark.termLength = UInt8(prefix.count)
            }
            if let topic = special[prefix] {
                mark.special = topic
                mark.specialLength = UInt8(prefix.count)
            }
            if let topic = generic[prefix] {
                mark.generic = topic
                mark.genericLength = UInt8(prefix.count)
            }
        }
    }

    /// One entry per distinct flagged pattern, each with the flags of its prefixes that are flagged patterns.
    static func flagEntries() -> [(String, Flags)] {
        var flags: [[UInt8]: Flags] = [:]
        var patterns: [String] = []
        func flag(_ list: [String], _ flag: Flags) {
            for pattern in list {
                patterns.append(pattern)
                flags[Array(pattern.utf8), default: []].insert(flag)
            }
        }
        flag(["元", "%"], .amountUnit)
        flag(
            FinanceVocabulary.termEntries.filter { $0.1 == .zeroChange || $0.1 == .noneAmount }.map(\.0),
            .statementCue
        )
        flag(FinanceVocabulary.negationPatterns, .negation)
        flag(["占一般公共预算"], .generalBudgetShare)
        return withPrefixes(patterns, from: []) { value, prefix in
            if let flag = flags[prefix] { value.formUnion(flag) }
        }
    }

    /// Each distinct non-empty pattern once, in first appearance, with a value that `visit` builds from `empty`
    /// and the pattern's prefixes, shortest first, the pattern itself last. Prefixes end on scalar boundaries, as the
    /// trie's nodes do.
    private static func withPrefixes<Value>(
        _ patterns: [String],
        from empty: Value,
        _ visit: (inout Value, [UInt8]) -> Void
    ) -> [(String, Value)] {
        var seen: Set<[UInt8]> = []
        var result: [(String, Value)] = []
        for pattern in patterns {
            let bytes = Array(pattern.utf8)
            guard !bytes.isEmpty, seen.insert(bytes).inserted else { continue }
            // Lengths are stored in a byte.
            precondition(bytes.count < 256, "\(#function): a pattern longer than 255 bytes")
            var value = empty
            var end = 0
            while end < bytes.count {
                end += ByteScan.scalarLength(bytes, at: end)
                visit(&value, Array(bytes[0..<end]))
            }
            result.append((pattern, value))
        }
        return result
    }
}

/// The merged lexicon of ``FinanceMark``s, with the stop tables of the scans' skips
/// (``FinanceTrie/stops(_:where:alsoAt:)``).
struct FinanceMarks: Sendable {
    /// The merged lexicon.
    let lexicon: FinanceTrie<FinanceMark>
    /// Stops where a term may start and where the tokenizer acts: digits, `,` `;` `:`, and `、`.
    let termTokenStops: [UInt16]
    /// Stops where a topic pattern (special or generic, neutral ones included) may start: what a title's topic search
    /// looks at (``FinanceSentenceScanner/topics(_:marks:)``).
    let topicStops: [UInt16]
    /// The flagged patterns: units, statement cues, negations (``FinanceSentenceScanner/flags(_:marks:)``).
    let flags: FinanceTrie<FinanceMark.Flags>
    /// Stops where a flagged pattern may start.
    let flagStops: [UInt16]
    /// Stops where a flagged or a topic pattern may start: a title's flags and topics are looked for in one pass
    /// (``FinanceSentenceScanner/flags(_:marks:topics:)``).
    let titleStops: [UInt16]

    /// Builds the lexicon and its tables.
    init() {
        let entries = FinanceMark.entries()
        lexicon = FinanceTrie(entries)
        let tokenizerActs = { (byte: UInt8) in
            ByteScan.isDigit(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
                || byte == UInt8(ascii: ":")
        }
        // `、` by its scalar, not by its lead byte E3: `。` and the other CJK punctuation are crossed.
        termTokenStops = FinanceTrie.stops(
            entries,
            where: { $0.term != nil },
            alsoAt: tokenizerActs,
            alsoAtScalars: ["、"]
        )
        topicStops = FinanceTrie.stops(
            entries,
            where: { $0.specialLength > 0 || $0.genericLength > 0 },
            alsoAt: { _ in false }
        )
        let flagEntries = FinanceMark.flagEntries()
        flags = FinanceTrie(flagEntries)
        flagStops = FinanceTrie.stops(flagEntries, where: { _ in true }, alsoAt: { _ in false })
        let topicPatterns = entries.filter { $0.1.specialLength > 0 || $0.1.genericLength > 0 }.map { ($0.0, true) }
        titleStops = FinanceTrie<Bool>.stops(
            topicPatterns + flagEntries.map { ($0.0, true) },
            where: { $0 },
            alsoAt: { _ in false }
        )
    }

    /// The one instance (a lazy global: the extractor reads it once per document).
    static let shared = FinanceMarks()
}
