/// Decides what a sentence is about from its lead: the text before its first amount.
///
/// Headings (`四、一般公共预算财政拨款支出决算情况说明`) and sentence openings (`2024年“三公”经费预算…`) name their
/// topic there; list items (`其中:基本支出987.8万元`) do not, and inherit the topic of the sentence before.
enum FinanceTopicDetector {
    /// The topic a sentence's lead names, or nil when it names none.
    static func topic(_ bytes: [UInt8], lead: Range<Int>, sentence: Range<Int>) -> FinanceTopic? {
        topic(
            bytes,
            lead: lead,
            sentence: sentence,
            special: FinanceVocabulary.specialTopics,
            generic: FinanceVocabulary.genericTopics
        )
    }

    /// ``topic(_:lead:sentence:)`` with the lexicons passed in, so that a caller looping over sentences reads the
    /// lazy globals once.
    static func topic(
        _ bytes: [UInt8],
        lead: Range<Int>,
        sentence: Range<Int>,
        special: Lexicon<FinanceTopic?>,
        generic: Lexicon<FinanceTopic?>
    ) -> FinanceTopic? {
        topic(
            bytes,
            lead: lead,
            namesGeneralBudgetShare: ByteScan.contains("占一般公共预算", in: bytes, range: sentence),
            special: special,
            generic: generic
        )
    }

    /// ``topic(_:lead:sentence:)`` for a caller that already knows whether the sentence states a share of the
    /// general public budget (`占一般公共预算`): the tokenizer has stopped at every `占`.
    static func topic(
        _ bytes: [UInt8],
        lead: Range<Int>,
        namesGeneralBudgetShare: Bool,
        special: Lexicon<FinanceTopic?>,
        generic: Lexicon<FinanceTopic?>
    ) -> FinanceTopic? {
        // A share of the general public budget (`占一般公共预算支出的84.06%`) puts a whole sentence under the
        // appropriation, wherever it stands.
        if namesGeneralBudgetShare { return .appropriation }
        if let special = firstMatch(special, bytes, lead) { return special }
        if let generic = firstMatch(generic, bytes, lead) { return generic }
        return bareOpening(bytes, lead: lead)
    }

    /// ``topic(_:lead:namesGeneralBudgetShare:special:generic:)`` with the first special and generic topics of the
    /// lead already found (``FinanceSentenceScanner``).
    static func topic(
        _ bytes: [UInt8],
        lead: Range<Int>,
        namesGeneralBudgetShare: Bool,
        special: FinanceTopic?,
        generic: FinanceTopic?
    ) -> FinanceTopic? {
        if namesGeneralBudgetShare { return .appropriation }
        if let special { return special }
        if let generic { return generic }
        return bareOpening(bytes, lead: lead)
    }

    /// The topic of a bare `收入…` / `支出…` opening, after a heading marker, digits and year words.
    private static func bareOpening(_ bytes: [UInt8], lead: Range<Int>) -> FinanceTopic? {
        // A bare `收入…` / `支出…` opening (`收入较上年减少…`).
        guard namesIncomeOrSpending(bytes, lead: lead) else { return nil }
        var index = lead.lowerBound
        if let end = HeadingNumbering.markerEnd(bytes, at: index) { index = end }
        var advanced = true
        while advanced && index < lead.upperBound {
            advanced = false
            while index < lead.upperBound
                && (ByteScan.isDigit(bytes[index]) || ByteScan.isSpace(bytes[index]) || bytes[index] == 0x3A)
            {
                index += 1
                advanced = true
            }
            let mark = yearMarkLength(bytes, at: index)
            if mark > 0 {
                index += mark
                advanced = true
            }
        }
        if ByteScan.matches(bytes, "收入", at: index) { return .income }
        if ByteScan.matches(bytes, "支出", at: index) { return .expenditure }
        return nil
    }

    /// Whether `收` (E6 94 B6) or `支` (E6 94 AF) starts in `lead`: without, no bare opening can be there, and the
    /// heading marker and year words need not be read. `memchr` looks for their middle byte, rare in CJK text.
    private static func namesIncomeOrSpending(_ bytes: [UInt8], lead: Range<Int>) -> Bool {
        var from = lead.lowerBound + 1
        let end = min(lead.upperBound + 1, bytes.count - 1)
        while from < end, let middle = ByteScan.firstIndex(of: 0x94, in: bytes, range: from..<end) {
            if bytes[middle - 1] == 0xE6 && (bytes[middle + 1] == 0xB6 || bytes[middle + 1] == 0xAF) { return true }
            from = middle + 1
        }
        return false
    }

    /// The length of the year mark at `offset` (0: none): the first of `年度`, `年`, `度`, `本年`, `本单位`, `本部门`,
    /// `全年` that is there, compared scalar by scalar as three-byte words.
    private static func yearMarkLength(_ bytes: [UInt8], at offset: Int) -> Int {
        // The three bytes of the scalar at `at`, or 0.
        func scalar(_ at: Int) -> UInt32 {
            guard at >= 0, at + 3 <= bytes.count else { return 0 }
            return UInt32(bytes[at]) << 16 | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2])
        }
        let year: UInt32 = 0xE5B9B4  // 年
        let degree: UInt32 = 0xE5BAA6  // 度
        switch scalar(offset) {
        case year: return scalar(offset + 3) == degree ? 6 : 3
        case degree: return 3
        case 0xE69CAC:  // 本
            switch scalar(offset + 3) {
            case year: return 6
            case 0xE58D95: return scalar(offset + 6) == 0xE4BD8D ? 9 : 0  // 单位
            case 0xE983A8: return scalar(offset + 6) == 0xE997A8 ? 9 : 0  // 部门
            default: return 0
            }
        case 0xE585A8: return scalar(offset + 3) == year ? 6 : 0  // 全年
        default: return 0
        }
    }

    /// The first topic named in `lead`; neutral entries (nil values) are consumed and skipped.
    private static func firstMatch(
        _ lexicon: Lexicon<FinanceTopic?>,
        _ bytes: [UInt8],
        _ lead: Range<Int>
    ) -> FinanceTopic? {
        let end = min(lead.upperBound, bytes.count)
        return bytes.withUnsafeBufferPointer { buffer in
            var index = lead.lowerBound
            while index < end {
                if let entry = lexicon.longestMatch(in: buffer, at: index, end: end) {
                    if let topic = entry.value { return topic }
                    index += entry.length
                    continue
                }
                index += ByteScan.scalarLength(bytes, at: index)
            }
            return nil
        }
    }
}
