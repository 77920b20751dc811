/// Undoes what PDF layout does to running text, after ``PDFLayoutBuilder`` has built the lines.
///
/// - Page furniture: a page number (`- 9 -`, `9`, `第9页`, `9/21`) as the first or last line of a page, and a
///   running header or footer (the same first or last line, digits aside, on several pages) are dropped, so they
///   no longer land inside a sentence that runs across the page break.
/// - Wrapped prose: a prose line that runs to the right margin continues on the next line; the two are joined
///   (across a page break too), so a sentence, a number and its unit stay together.
/// - A unit or `%` pushed to the next line (`增加30.8` / `万元`) is joined back to its number even when the
///   line did not reach the margin.
///
/// Letter spacing (`本 年 收 入 合 计`) is already undone by the layout builder, which measures gaps against the
/// line's own letter spacing; the core's `TextNormalizer` drops any remaining spaces between CJK characters.
/// Table rows (lines with column gaps) are never joined.
enum PDFTextRepair {
    /// Drops page furniture, trims the document's common margin and joins wrapped prose.
    static func compose(pages: [[PDFLayoutLine]], pageSizes: [(width: Double, height: Double)]) -> PDFLayoutText {
        let cleaned = removingFurniture(pages: pages, pageSizes: pageSizes)
        var pageTexts: [String] = []
        pageTexts.reserveCapacity(cleaned.count)
        var text = ""
        var previous: (line: PDFLayoutLine, bodyRight: Double)? = nil
        // One margin for the whole document: trimming each page by its own would shift a table's columns between
        // its pages.
        let margin = cleaned.joined().map { leadingSpaces($0.text) }.min() ?? 0
        for (pageIndex, lines) in cleaned.enumerated() {
            let bodyLeft = lines.map(\.left).min() ?? 0
            let bodyRight = lines.filter { !$0.hasColumnGap }.map(\.right).max() ?? 0
            var pageText = ""
            for (lineIndex, line) in lines.enumerated() {
                let trimmed = String(line.text.unicodeScalars.dropFirst(margin))
                if lineIndex > 0 { pageText.append("\n") }
                pageText.append(trimmed)

                let firstOfPage = lineIndex == 0
                if let (last, lastBodyRight) = previous,
                    continues(last, into: line, bodyRight: lastBodyRight, bodyLeft: bodyLeft, acrossPage: firstOfPage)
                {
                    let body = trimmingLeadingSpaces(trimmed)
                    if endsAlphanumeric(last.text), startsAlphanumeric(body) { text.append(" ") }
                    text.append(body)
                } else {
                    if !text.isEmpty || pageIndex > 0 { text.append(firstOfPage ? "\u{0C}" : "\n") }
                    text.append(trimmed)
                }
                previous = (line, bodyRight)
            }
            if lines.isEmpty, pageIndex > 0 { text.append("\u{0C}") }
            pageTexts.append(pageText)
        }
        return PDFLayoutText(pages: pageTexts, text: text)
    }

    // MARK: - Joining

    /// Whether `next` continues the sentence of `line`.
    static func continues(
        _ line: PDFLayoutLine,
        into next: PDFLayoutLine,
        bodyRight: Double,
        bodyLeft: Double,
        acrossPage: Bool
    ) -> Bool {
        guard !line.hasColumnGap, !next.hasColumnGap else { return false }
        let lineText = trimmingLeadingSpaces(line.text)
        let nextText = trimmingLeadingSpaces(next.text)
        // A number whose unit fell onto the next line, whatever the line's length.
        if endsWithDigit(lineText), startsWithUnit(nextText) { return true }
        let height = line.glyphHeight
        guard abs(next.glyphHeight - height) <= 0.25 * height else { return false }
        guard line.right >= bodyRight - 1.5 * height else { return false }
        guard acrossPage || next.top - line.bottom <= 1.2 * height else { return false }
        guard next.left <= bodyLeft + 2.5 * height else { return false }
        // A full line that ends a clause, followed by a numbered item or heading, is two paragraphs.
        if endsClause(lineText), startsItem(nextText) { return false }
        return true
    }

    /// Units and signs that a wrap can push away from their number.
    private static let units: [String] = ["万元", "亿元", "元", "%", "％", "个百分点", "辆", "人"]

    static func startsWithUnit(_ text: String) -> Bool { units.contains { text.hasPrefix($0) } }

    static func endsWithDigit(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.last else { return false }
        return last.value >= 0x30 && last.value <= 0x39
    }

    static func endsClause(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.last else { return false }
        return "。；;：:！!".unicodeScalars.contains(last)
    }

    /// `一、` `（一）` `(1)` `1.` `1、` `第一部分` `第1章`: the start of an item or heading.
    static func startsItem(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(8))
        guard let first = scalars.first else { return false }
        if first == "（" || first == "(" || first == "第" { return true }
        var index = 0
        while index < scalars.count, isNumeral(scalars[index]) { index += 1 }
        guard index > 0, index < scalars.count else { return false }
        return "、.．)）".unicodeScalars.contains(scalars[index])
    }

    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 0x30 && scalar.value <= 0x39) || "一二三四五六七八九十".unicodeScalars.contains(scalar)
    }

    // MARK: - Page furniture

    /// Removes page numbers and running headers/footers from the first and last lines of each page.
    static func removingFurniture(
        pages: [[PDFLayoutLine]],
        pageSizes: [(width: Double, height: Double)]
    ) -> [[PDFLayoutLine]] {
        // Running headers and footers: the same edge line (digits aside) on at least three pages and a third of
        // them.
        var edgeCounts: [String: Int] = [:]
        for (index, lines) in pages.enumerated() {
            let height = pageSizes[index].height
            var keys: Set<String> = []
            if let first = lines.first, first.bottom < 0.12 * height { keys.insert(furnitureKey(first.text)) }
            if let last = lines.last, last.top > 0.88 * height { keys.insert(furnitureKey(last.text)) }
            for key in keys where !key.isEmpty { edgeCounts[key, default: 0] += 1 }
        }
        let repeatedThreshold = max(3, pages.count / 3)
        var result: [[PDFLayoutLine]] = []
        result.reserveCapacity(pages.count)
        for (index, lines) in pages.enumerated() {
            let height = pageSizes[index].height
            var kept = lines
            // Bottom edge first, then the top: a page can carry both a header and a number.
            while let last = kept.last, last.top > 0.80 * height,
                isPageNumber(last.text) || (edgeCounts[furnitureKey(last.text)] ?? 0) >= repeatedThreshold
            {
                kept.removeLast()
            }
            // At the top, a bare number is more likely a table's code cell than a page number.
            while let first = kept.first, first.bottom < 0.15 * height,
                (isPageNumber(first.text) && isDecorated(first.text))
                    || (edgeCounts[furnitureKey(first.text)] ?? 0) >= repeatedThreshold
            {
                kept.removeFirst()
            }
            result.append(kept)
        }
        return result
    }

    /// The line without spaces and digits: what stays the same in a running header from page to page.
    static func furnitureKey(_ text: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar != " " && !(scalar.value >= 0x30 && scalar.value <= 0x39) {
            key.append(scalar)
        }
        return String(key)
    }

    /// Whether a page number carries a mark (`- 9 -`, `第9页`, `9/21`) rather than being a bare number.
    static func isDecorated(_ text: String) -> Bool {
        text.unicodeScalars.contains { "-—–－第页/".unicodeScalars.contains($0) }
    }

    /// `9`, `- 9 -`, `— 9 —`, `第9页`, `第 9 页 共 21 页`, `9/21`, `-9-`.
    static func isPageNumber(_ text: String) -> Bool {
        var digits = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9": digits += 1
            case " ", "-", "—", "–", "－", "第", "页", "共", "/", "·": continue
            default: return false
            }
        }
        // Up to four digits (第 12 页 共 120 页 is five, and rare); a bare number at most three.
        return digits >= 1 && (digits <= 3 || (digits <= 5 && isDecorated(text)))
    }

    // MARK: - Text helpers

    static func leadingSpaces(_ text: String) -> Int {
        var count = 0
        for scalar in text.unicodeScalars {
            guard scalar == " " else { break }
            count += 1
        }
        return count
    }

    static func trimmingLeadingSpaces(_ text: String) -> String {
        String(text.unicodeScalars.drop { $0 == " " })
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 0x30 && scalar.value <= 0x39) || (scalar.value >= 0x41 && scalar.value <= 0x5A)
            || (scalar.value >= 0x61 && scalar.value <= 0x7A)
    }

    static func endsAlphanumeric(_ text: String) -> Bool {
        text.unicodeScalars.last.map(isASCIIAlphanumeric) ?? false
    }

    static func startsAlphanumeric(_ text: String) -> Bool {
        text.unicodeScalars.first.map(isASCIIAlphanumeric) ?? false
    }
}
