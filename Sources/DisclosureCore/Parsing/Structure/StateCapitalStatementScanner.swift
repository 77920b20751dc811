/// Finds the statement that there is no state-capital (国有资本经营预算) income or spending
/// (`本单位2024年无国有资本经营预算拨款收入，也没有使用国有资本经营预算拨款安排的支出。`).
enum StateCapitalStatementScanner {
    /// The subject of the statement.
    static let subject = StructureScan.utf8("国有资本经营预算")
    /// Words that make it a statement of absence (or of a zero amount).
    static let negations = PatternSet(["无", "没有", "未安排", "未使用", "不涉及", "为0", "为零", "均为0"])
    /// How far before the subject a negation may be, in bytes (`也没有使用` is 15).
    static let nearBefore = 24
    /// How far after the subject a zero may be, in bytes.
    static let nearAfter = 60
    /// Longest sentence inspected on each side of the subject, in bytes.
    static let maxSide = 400

    private static let fullStop = StructureScan.utf8("。")

    /// The first sentence that says there is no state-capital money, or nil.
    static func scan(_ bytes: [UInt8], cues: StructureCues) -> TextSpan? {
        var statement: TextSpan?
        var from = 0
        cues.forEach(.stateCapital) { match in
            let found = match.start
            // Occurrences are taken one after the other, not overlapping (`国有资本经营预算` cannot overlap itself).
            guard found >= from else { return true }
            let sentence = sentenceAround(bytes, found)
            // An income list (`国有资本经营预算收入0万元`) is not a statement; a sentence saying 无 / 没有 is.
            // The negation sits next to the subject (`无国有资本…`, `没有使用国有资本…`, `…收入和支出均为0`).
            let near = TextSpan(
                start: max(sentence.start, found - nearBefore),
                end: min(sentence.end, found + subject.count + nearAfter)
            )
            if negations.occurs(in: bytes, from: near.start, to: near.end) {
                statement = sentence
                return false
            }
            from = found + subject.count
            return true
        }
        return statement
    }

    /// The sentence holding `index`, bounded by `。`, line breaks and ``maxSide``.
    static func sentenceAround(_ bytes: [UInt8], _ index: Int) -> TextSpan {
        // Read in place, a byte at a time: `。` (E3 80 82) is compared only where its last byte (going back) or its
        // lead byte (going forward) is found.
        bytes.withUnsafeBufferPointer { text in
            let count = text.count
            var start = index
            let lowest = max(0, index - maxSide)
            while start > lowest {
                let previous = text[start - 1]
                if previous == 0x0A { break }
                if previous == 0x82, start >= 3, text[start - 2] == 0x80, text[start - 3] == 0xE3 { break }
                start -= 1
            }
            while start < index, text[start] & 0xC0 == 0x80 { start += 1 }
            var end = index
            let highest = min(count, index + maxSide)
            while end < highest {
                let byte = text[end]
                if byte == 0x0A { break }
                if byte == 0xE3, end + 3 <= count, text[end + 1] == 0x80, text[end + 2] == 0x82 { break }
                end += 1
            }
            if end < highest, text[end] != 0x0A { end += fullStop.count }
            while end > index, end < count, text[end] & 0xC0 == 0x80 { end -= 1 }
            return TextSpan(start: start, end: end)
        }
    }
}
