/// Fiscal year, kind and scope read from a document's body, for fragments that have no title.
enum BodyYearReader {
    /// Words that may sit between `YYYY年` and the subject (`2021年区本级一般公共预算…`).
    static let fillers = ["年初", "区本级", "市本级", "县本级", "本级", "全年", "全市", "全区", "全县", ","].map(StructureScan.utf8)
    /// Subjects that make `YYYY年` the document's year (`2024年一般公共预算…`, `2022年度收、支总计…`).
    static let subjects = [
        "预算", "决算", "收入", "支出", "部门", "单位", "一般公共预算", "“三公”", "\"三公\"", "三公", "收、支", "收支", "本年", "机关运行",
        "政府采购", "财政拨款", "政府性基金", "国有资本",
    ].map(StructureScan.utf8)
    /// Scalars before a year that make it a comparison year (`比2023年`, `较2022年`, `截至2023年`).
    static let comparisonLeads: Set<UInt32> = Set("比较与至止于".unicodeScalars.map(\.value))
    /// Phrases that name the document's scope.
    static let scopePhrases: [([UInt8], DocumentScope)] = [
        (StructureScan.utf8("部门决算"), .department), (StructureScan.utf8("部门预算"), .department),
        (StructureScan.utf8("单位决算"), .unit), (StructureScan.utf8("单位预算"), .unit),
    ]
    /// Phrases that mark actual spending (a final account).
    static let finalPhrases = ["决算", "实际支出", "累计支出"].map(StructureScan.utf8)
    /// `预`, which turns 决算 into 预决算.
    static let yu = StructureScan.utf8("预")
    /// Phrases that mark a budget.
    static let budgetPhrases = ["预算安排", "预算为", "预算数", "支出预算", "收入预算", "经费预算", "年初预算数"].map(StructureScan.utf8)

    /// The first `YYYY年` that introduces a statement about the year's money, or nil.
    static func fiscalYear(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            if StructureScan.isDigit(bytes[index]), index == 0 || !StructureScan.isDigit(bytes[index - 1]),
                let reading = CountReader.readYear(bytes, at: index),
                StructureScan.matches(DocumentHeader.year, in: bytes, at: reading.end)
            {
                if !isComparison(bytes, yearStart: index), introducesSubject(bytes, at: reading.end) {
                    return reading.value
                }
                index = reading.end
                continue
            }
            index += 1
        }
        return nil
    }

    /// Whether a statement subject follows `年` at `yearMark`.
    static func introducesSubject(_ bytes: [UInt8], at yearMark: Int) -> Bool {
        var cursor = yearMark + DocumentHeader.year.count
        if StructureScan.matches(StructureScan.utf8("度"), in: bytes, at: cursor) { cursor += 3 }
        var skipped = 0
        while skipped < 3, let length = StructureScan.matchAny(fillers, in: bytes, at: cursor) {
            cursor += length
            skipped += 1
        }
        return StructureScan.matchAny(subjects, in: bytes, at: cursor) != nil
    }

    /// Whether the year is a comparison (`比2023年`) rather than the document's own.
    static func isComparison(_ bytes: [UInt8], yearStart: Int) -> Bool {
        guard yearStart > 0 else { return false }
        let previous = StructureScan.previousScalarStart(in: bytes, before: yearStart)
        return comparisonLeads.contains(StructureScan.scalar(in: bytes, at: previous).value)
    }

    /// Final accounts when the text speaks of 决算 or actual spending before it speaks of a budget.
    static func kind(_ bytes: [UInt8]) -> DocumentKind? {
        let final = firstFinalPhrase(bytes)
        let budget = budgetPhrases.compactMap { StructureScan.find($0, in: bytes, from: 0, to: bytes.count) }.min()
        switch (final, budget) {
        case (let final?, let budget?): return final < budget ? .finalAccounts : .budget
        case (_?, nil): return .finalAccounts
        case (nil, _?): return .budget
        case (nil, nil): return nil
        }
    }

    /// The first phrase of actual spending; `预决算` (budgets and final accounts, a law's name) does not count.
    static func firstFinalPhrase(_ bytes: [UInt8]) -> Int? {
        var best: Int?
        for phrase in finalPhrases {
            var from = 0
            while let found = StructureScan.find(phrase, in: bytes, from: from, to: best ?? bytes.count) {
                if found >= yu.count, StructureScan.matches(yu, in: bytes, at: found - yu.count) {
                    from = found + phrase.count
                    continue
                }
                best = found
                break
            }
        }
        return best
    }

    /// The first of 部门决算 / 部门预算 / 单位决算 / 单位预算 in the text.
    static func scope(_ bytes: [UInt8]) -> DocumentScope? {
        var best: (Int, DocumentScope)?
        for (phrase, scope) in scopePhrases {
            if let found = StructureScan.find(phrase, in: bytes, from: 0, to: bytes.count), found < best?.0 ?? Int.max {
                best = (found, scope)
            }
        }
        return best?.1
    }
}
