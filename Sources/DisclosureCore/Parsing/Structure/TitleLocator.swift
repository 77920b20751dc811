/// Finds a disclosure's title line: a short line near the top with a year followed by 预算 or 决算.
enum TitleLocator {
    /// The title line found.
    struct Title: Equatable {
        /// Index of the line holding the year.
        var lineIndex: Int
        /// Start of that line.
        var start: Int
        /// End of the title (the next line's end when 预算/决算 sits on the next line).
        var end: Int
        /// The year.
        var year: Int
        /// First byte of the year.
        var yearStart: Int
        /// One past `年` or `年度`.
        var yearEnd: Int
        /// Whether the line is a section heading (`第二部分 2022年度单位决算情况说明`): good for year, kind and
        /// scope, but it does not name the unit.
        var isHeading: Bool
    }

    /// Words that make a line a sentence or page furniture rather than a title (besides `,` `:` `;`).
    private static let sentenceWords = PatternSet(["。", "万元", "发布", "来源", "日期", "索引号", "位置", "首页"])

    /// The title line of a document, or nil.
    static func locate(_ bytes: [UInt8], lines: TextLines) -> Title? {
        var headingTitle: Title?
        let limit = min(lines.count, DocumentHeader.titleSearchLines)
        for index in 0..<limit {
            guard let title = candidate(bytes, lines: lines, index: index) else { continue }
            if !title.isHeading { return title }
            if headingTitle == nil { headingTitle = title }
        }
        return headingTitle
    }

    /// The title on line `index`, or nil.
    static func candidate(_ bytes: [UInt8], lines: TextLines, index: Int) -> Title? {
        let line = lines[index]
        guard line.length <= DocumentHeader.maxTitleBytes, isTitleLike(bytes, line) else { return nil }
        guard let (year, yearStart, yearEnd) = firstYear(bytes, in: line) else { return nil }
        var end = line.end
        let onLine =
            StructureScan.find(DocumentHeader.budget, in: bytes, from: yearEnd, to: line.end) != nil
            || StructureScan.find(DocumentHeader.finalAccounts, in: bytes, from: yearEnd, to: line.end) != nil
        if !onLine {
            // `社会工作部2024年度` / `部门决算`: the kind is on the next line.
            guard yearEnd == line.end, index + 1 < lines.count else { return nil }
            let next = lines[index + 1]
            guard next.length <= DocumentHeader.maxTitleBytes, isTitleLike(bytes, next),
                StructureScan.find(DocumentHeader.budget, in: bytes, from: next.start, to: next.end) != nil
                    || StructureScan.find(DocumentHeader.finalAccounts, in: bytes, from: next.start, to: next.end)
                        != nil
            else { return nil }
            end = next.end
        }
        let isHeading = HeadingMarker.read(bytes, at: line.start, limit: line.end) != nil
        return Title(
            lineIndex: index,
            start: line.start,
            end: end,
            year: year,
            yearStart: yearStart,
            yearEnd: yearEnd,
            isHeading: isHeading
        )
    }

    /// A line without sentence punctuation, amounts or page furniture.
    static func isTitleLike(_ bytes: [UInt8], _ line: TextSpan) -> Bool {
        for index in line.start..<line.end {
            let byte = bytes[index]
            if byte == 0x2C || byte == 0x3A || byte == 0x3B { return false }
            // A word must end inside the line.
            if byte >= 0xE0, let length = sentenceWords.match(bytes, at: index), index + length <= line.end {
                return false
            }
        }
        return true
    }

    /// The first `YYYY年` / `YYYY年度` on a line (ASCII or Chinese digits), not inside a longer number.
    static func firstYear(_ bytes: [UInt8], in line: TextSpan) -> (Int, Int, Int)? {
        var index = line.start
        while index < line.end {
            if index == line.start || !StructureScan.isDigit(bytes[index - 1]),
                let reading = CountReader.readYear(bytes, at: index),
                StructureScan.matches(DocumentHeader.year, in: bytes, at: reading.end)
            {
                var end = reading.end + DocumentHeader.year.count
                if StructureScan.matches(DocumentHeader.yearDu, in: bytes, at: reading.end) {
                    end = reading.end + DocumentHeader.yearDu.count
                }
                return (reading.value, index, min(end, line.end))
            }
            index += StructureScan.scalar(in: bytes, at: index).length
        }
        return nil
    }
}
