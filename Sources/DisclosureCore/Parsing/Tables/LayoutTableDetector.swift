/// Finds tables in layout text (PDF layout mode, or plain text laid out with spaces): a title line ending in
/// `表`, an optional unit line (`单位：元`), header lines, then rows that carry amounts, until prose or the next
/// title. Page breaks do not end a table, so a table continues across pages; a `续表` title continues the one
/// before, and header lines repeated at the top of a continuation page are skipped.
enum LayoutTableDetector {
    /// A table as found, before its rows are aligned into columns.
    struct Detected: Sendable {
        /// The title line's text.
        var title: String
        /// The unit named on the unit line (`元`, `万元`).
        var unit: String?
        /// Header lines (no amounts), in order.
        var headerRows: [LayoutRow] = []
        /// Rows with amounts, and the wrapped label lines between them.
        var bodyRows: [LayoutRow] = []
        /// Notes under or inside the table (`注：…`, `本表为空`).
        var notes: [String] = []
        /// From the title line to the last row, bytes of the decoded text.
        var range: Range<Int>
    }

    /// The tables of `text`, in document order.
    static func tables(in text: String) -> [Detected] {
        tables(inUTF8: Array(text.utf8))
    }

    /// The tables of a text given as its UTF-8 bytes (a decoded document's, kept without a copy).
    static func tables(inUTF8 bytes: [UInt8]) -> [Detected] {
        // A table starts at its title: with no line that may be one (most plain text), there is none.
        guard LayoutLines.anyMayHoldTitle(bytes) else { return [] }
        var rows = LayoutLines(utf8: bytes)
        var tables: [Detected] = []
        var open: Detected? = nil

        func finish() {
            guard let table = open else { return }
            open = nil
            // A title with nothing under it is a heading or a table of contents entry; an empty table still has
            // its unit line or a note saying it is empty.
            guard !table.bodyRows.isEmpty || table.unit != nil || !table.notes.isEmpty else { return }
            // Text that puts every cell on a line of its own (pdftotext without -layout) has lost the rows: what
            // would be read from it are cells out of place. A laid-out table has labels and amounts on one line,
            // and header lines with several cells.
            let amountRows = table.bodyRows.filter(\.hasNumber)
            let labelledRows = amountRows.filter { row in row.cells.contains { $0.kind != .number } }
            let laidOut =
                table.headerRows.contains { $0.cells.count >= 2 } || labelledRows.count * 2 > amountRows.count
            if laidOut { tables.append(table) }
        }

        for index in 0..<rows.count {
            // Lines outside tables are looked at only if they may be a title: most are prose, never split.
            let mayBeTitle = rows.mayBeTitle(index)
            guard mayBeTitle || open != nil else { continue }
            let row = rows.row(index)
            if mayBeTitle, let title = titleText(row) {
                if isContinuationTitle(title), open != nil { continue }
                if isContinuationTitle(title), let last = tables.popLast() {
                    open = last
                    continue
                }
                finish()
                open = Detected(title: title, range: row.range)
                continue
            }
            guard var table = open else { continue }
            defer { if open != nil { open = table } }
            if isPageFurniture(row, index: index, rows: rows) { continue }
            if table.unit == nil, let unit = unit(in: row.text) {
                table.unit = unit
                table.range = table.range.lowerBound..<row.range.upperBound
                continue
            }
            if isNote(row.text) {
                table.notes.append(row.text)
                table.range = table.range.lowerBound..<row.range.upperBound
                continue
            }
            if row.hasNumber {
                if table.bodyRows.isEmpty, labelStartsAbove(row, index: index, header: table.headerRows, rows: &rows) {
                    table.bodyRows.append(table.headerRows.removeLast())
                }
                table.bodyRows.append(row)
                table.range = table.range.lowerBound..<row.range.upperBound
                continue
            }
            if table.bodyRows.isEmpty, !table.notes.isEmpty {
                // An empty table's notes can run to a few sentences; anything else after them ends it.
                let sentence = row.cells.count == 1 && row.text.unicodeScalars.count > 15 && !looksLikeHeading(row.text)
                if isProse(row) || sentence, table.notes.count < 4 {
                    table.notes.append(row.text)
                    table.range = table.range.lowerBound..<row.range.upperBound
                    continue
                }
                open = table
                finish()
                continue
            }
            if table.bodyRows.isEmpty {
                // Before the first amount: header lines, unless this was never a table.
                if isProse(row) || table.headerRows.count >= 12 {
                    // Prose ends an empty table (kept when it has its unit line) or shows it was never one.
                    open = table
                    if table.unit != nil { finish() }
                    open = nil
                    continue
                }
                table.headerRows.append(row)
                table.range = table.range.lowerBound..<row.range.upperBound
                continue
            }
            // After amounts: a header repeated on a continuation page, a wrapped label, or the end of the table.
            if let last = table.bodyRows.last, row.page != last.page,
                table.headerRows.contains(where: { squeezed($0.text) == squeezed(row.text) })
            {
                continue
            }
            // A row of labels with no amounts (an empty line of a 收支总表), or a label in a right-hand column,
            // stays in the table.
            let inRightColumn = (row.cells.first?.start ?? 0) >= 24
            if row.cells.count >= 2 || inRightColumn, !isProse(row), !row.text.contains("：") {
                table.bodyRows.append(row)
                table.range = table.range.lowerBound..<row.range.upperBound
                continue
            }
            if isShortLabel(row) {
                // A wrapped label, or an empty row of the table, has amounts close below it, or (a label's second
                // line) right above it; a heading after the table has neither.
                let previousIsBody = index > 0 && rows.row(index - 1).hasNumber && !looksLikeHeading(row.text)
                if previousIsBody || amountsFollow(index, in: &rows) {
                    table.bodyRows.append(row)
                    table.range = table.range.lowerBound..<row.range.upperBound
                    continue
                }
            }
            open = table
            finish()
        }
        finish()
        return tables
    }

    // MARK: - Line kinds

    /// The title if the line is a table title: one or two text cells, one of them ending in `表` (or `表（续）`),
    /// at most 60 characters, no sentence punctuation.
    static func titleText(_ row: LayoutRow) -> String? {
        guard row.cells.count <= 3, !row.hasNumber else { return nil }
        for cell in row.cells {
            let text = cell.text
            let scalars = text.unicodeScalars
            guard scalars.count >= 5, scalars.count <= 60 else { continue }
            if text.contains("。") || text.contains("，") || text.contains("：") || text.contains(":") { continue }
            var body = Substring(text)
            for suffix in ["（续）", "(续)", "（续表）", "(续表)"] where body.hasSuffix(suffix) {
                body = body.dropLast(suffix.count)
            }
            if body.hasSuffix(")") || body.hasSuffix("）"), let open = body.lastIndex(where: { $0 == "(" || $0 == "（" })
            {
                // 一般公共预算支出预算表（功能科目）
                let inner = body[open...]
                if inner.unicodeScalars.count <= 10 { body = body[..<open] }
            }
            guard body.hasSuffix("表") || text.hasPrefix("续表") else { continue }
            // A table number alone (公开01表, 表3) is not a title.
            let words = body.unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF }
            guard words.count >= 4 else { continue }
            return text
        }
        return nil
    }

    /// Whether the first body row's label wrapped around it, its first line counted as header: the row has codes
    /// and amounts but no words (`208  754.75 …`), the line right above it is one text cell right of the codes
    /// (`社会保障和就`), and the line right below is one text cell starting in the same column (`业支出`).
    static func labelStartsAbove(_ row: LayoutRow, index: Int, header: [LayoutRow], rows: inout LayoutLines) -> Bool {
        guard row.label.isEmpty, let code = row.cells.first, code.kind == .code,
            let above = header.last, index > 0, above.range == rows.ranges[index - 1], above.cells.count == 1,
            let head = above.cells.first, head.kind == .text, head.start > code.end,
            index + 1 < rows.count
        else { return false }
        let below = rows.row(index + 1)
        guard below.page == row.page, below.cells.count == 1, let tail = below.cells.first, tail.kind == .text else {
            return false
        }
        return abs(tail.start - head.start) <= 2
    }

    /// Whether a row with amounts follows within a few lines, before any prose or title.
    static func amountsFollow(_ index: Int, in rows: inout LayoutLines) -> Bool {
        var next = index + 1
        while next < rows.count, next <= index + 8 {
            let row = rows.row(next)
            if row.hasNumber { return true }
            if isProse(row) || (rows.mayBeTitle(next) && titleText(row) != nil) { return false }
            next += 1
        }
        return false
    }

    /// `二、…`, `（三）…`, `第四部分…`: a heading of the explanation.
    static func looksLikeHeading(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(6))
        guard let first = scalars.first else { return false }
        if first == "（" || first == "(" || first == "第" { return true }
        var index = 0
        while index < scalars.count, "一二三四五六七八九十".unicodeScalars.contains(scalars[index]) { index += 1 }
        return index > 0 && index < scalars.count && scalars[index] == "、"
    }

    static func isContinuationTitle(_ title: String) -> Bool {
        title.hasPrefix("续表") || title.hasSuffix("（续）") || title.hasSuffix("(续)") || title.hasSuffix("（续表）")
            || title.hasSuffix("(续表)")
    }

    /// The unit a `单位：元` / `金额单位：万元` line names.
    static func unit(in text: String) -> String? {
        // Plain text (each scalar its own `Character`, with no other canonical form) is searched as bytes, which
        // finds the same; anything else as `Character`s.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> String?? in
            TextSearch.isPlain(bytes) ? .some(unit(inPlain: bytes)) : nil
        }
        if let plain, let found = plain { return found }
        var rest = Substring(text)
        while let range = rest.firstRange(of: "单位") {
            var after = rest[range.upperBound...].drop { $0 == " " }
            if after.first == "：" || after.first == ":" {
                after = after.dropFirst().drop { $0 == " " }
                for unit in ["万元", "亿元", "千元", "元"] where after.hasPrefix(unit) { return unit }
            }
            rest = rest[range.upperBound...]
        }
        return nil
    }

    /// The units ``unit(in:)`` names, in the order it tries them, as UTF-8.
    private static let unitNames: [(name: String, bytes: [UInt8])] = ["万元", "亿元", "千元", "元"].map {
        ($0, Array($0.utf8))
    }

    /// ``unit(in:)`` of plain UTF-8 (``TextSearch/isPlain(_:)``): each `单位` (E5 8D 95 E4 BD 8D) in turn,
    /// spaces, `：` or `:`, spaces, then a unit.
    private static func unit(inPlain bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        var index = 0
        while index + 6 <= count {
            guard bytes[index] == 0xE5, bytes[index + 1] == 0x8D, bytes[index + 2] == 0x95, bytes[index + 3] == 0xE4,
                bytes[index + 4] == 0xBD, bytes[index + 5] == 0x8D
            else {
                index += 1
                continue
            }
            index += 6
            var after = index
            while after < count, bytes[after] == 0x20 { after += 1 }
            var colon = false
            if after < count, bytes[after] == UInt8(ascii: ":") {
                after += 1
                colon = true
            } else if after + 3 <= count, bytes[after] == 0xEF, bytes[after + 1] == 0xBC, bytes[after + 2] == 0x9A {
                after += 3
                colon = true
            }
            guard colon else { continue }
            while after < count, bytes[after] == 0x20 { after += 1 }
            for unit in unitNames where after + unit.bytes.count <= count {
                var matches = true
                for offset in unit.bytes.indices where bytes[after + offset] != unit.bytes[offset] {
                    matches = false
                    break
                }
                if matches { return unit.name }
            }
        }
        return nil
    }

    static func isNote(_ text: String) -> Bool {
        text.hasPrefix("注") && (text.dropFirst().first == "：" || text.dropFirst().first == ":")
            || text.hasPrefix("备注") || text.hasPrefix("说明：") || text.hasPrefix("说明:") || text.contains("为空表")
            || text.contains("此表为空") || text.contains("本表为空")
            || text.contains("无数据")
    }

    /// A sentence: long single-cell text, or text with a full stop.
    static func isProse(_ row: LayoutRow) -> Bool {
        row.text.contains("。") || (row.cells.count == 1 && row.text.unicodeScalars.count > 40)
    }

    /// A label wrapped onto its own line: a little text and nothing else.
    static func isShortLabel(_ row: LayoutRow) -> Bool {
        row.cells.count <= 2 && row.text.unicodeScalars.count <= 24 && !row.text.contains("。")
    }

    /// A page number on the first or last line of a page (pdftotext keeps them).
    static func isPageFurniture(_ row: LayoutRow, index: Int, rows: LayoutLines) -> Bool {
        let firstOnPage = index == 0 || rows.pages[index - 1] != row.page
        let lastOnPage = index + 1 == rows.count || rows.pages[index + 1] != row.page
        guard firstOnPage || lastOnPage, row.cells.count == 1 else { return false }
        var digits = 0
        for scalar in row.text.unicodeScalars {
            switch scalar {
            case "0"..."9": digits += 1
            case " ", "-", "—", "–", "－", "第", "页", "共", "/": continue
            default: return false
            }
        }
        return digits >= 1 && digits <= 4
    }

    /// Text without spaces, for comparing header lines.
    static func squeezed(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar != " " { result.append(scalar) }
        return String(result)
    }
}
