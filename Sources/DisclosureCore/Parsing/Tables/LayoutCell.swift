/// One cell of a layout-text line: text between runs of two or more spaces, with its display columns.
struct LayoutCell: Sendable, Equatable {
    /// What the cell holds, for alignment and sums.
    enum Kind: Sendable, Equatable {
        /// Words (a label or a header).
        case text
        /// A classification code (`201`, `03`, `2010301`) before the row's label.
        case code
        /// An amount or percentage (`1,097,073.43`, `0`, `12.5%`), or a dash standing for an empty amount.
        case number
    }

    /// The cell text as written.
    var text: String
    /// First display column (a CJK character is two columns wide).
    var start: Int
    /// One past the last display column.
    var end: Int
    /// What the cell holds.
    var kind: Kind
}

/// One line of layout text split into cells.
struct LayoutRow: Sendable, Equatable {
    /// The cells, left to right.
    var cells: [LayoutCell]
    /// The line's bytes in the decoded text.
    var range: Range<Int>
    /// The page it is on (form feeds counted from 0).
    var page: Int
    /// The line's trimmed text.
    var text: String

    /// Whether the row carries at least one amount.
    var hasNumber: Bool { cells.contains { $0.kind == .number } }

    /// The row's label: its text cells before the first number, joined.
    var label: String {
        var parts: [String] = []
        for cell in cells {
            if cell.kind == .number { break }
            if cell.kind == .text { parts.append(cell.text) }
        }
        return parts.joined(separator: " ")
    }

    /// The codes at the start of the row (`201`, `03`, `01`), in order.
    var codes: [String] { cells.filter { $0.kind == .code }.map(\.text) }
}

extension LayoutRow {
    /// Splits a line into cells: a run of two or more spaces (or an ideographic space) ends a cell.
    ///
    /// - Parameters:
    ///   - line: the line's text.
    ///   - range: its bytes in the decoded text.
    ///   - page: its page.
    init(line: Substring, range: Range<Int>, page: Int) {
        var cells: [LayoutCell] = []
        var current = String.UnicodeScalarView()
        var cellStart = 0
        var column = 0
        var spaces = 0
        func close() {
            guard !current.isEmpty else { return }
            let text = String(current)
            let end = column - spaces
            current.removeAll()
            // Two amounts one space apart are two cells (a narrow gap between right-aligned columns).
            let words = text.split(separator: " ")
            if words.count > 1, words.allSatisfy({ TableAmount.parse(String($0)) != nil }) {
                var start = cellStart
                for word in words {
                    let width = word.unicodeScalars.count
                    cells.append(LayoutCell(text: String(word), start: start, end: start + width, kind: .text))
                    start += width + 1
                }
                return
            }
            cells.append(LayoutCell(text: text, start: cellStart, end: end, kind: .text))
        }
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0xA0:
                spaces += scalar.value == 0x09 ? 2 : 1
                column += scalar.value == 0x09 ? 2 : 1
                continue
            case 0x3000:
                spaces += 2
                column += 2
                continue
            default:
                break
            }
            if spaces >= 2 {
                close()
            } else if spaces == 1, !current.isEmpty {
                current.append(" ")
            }
            if current.isEmpty { cellStart = column }
            spaces = 0
            current.append(scalar)
            column += LayoutRow.displayWidth(scalar)
        }
        close()
        // A spaced-out word (`合    计`, `项   目`) is one cell: runs of single CJK characters are joined.
        var merged: [LayoutCell] = []
        for cell in cells {
            if let last = merged.last, LayoutRow.isSpacedCharacter(cell.text),
                last.text.unicodeScalars.allSatisfy({ LayoutRow.displayWidth($0) == 2 }),
                LayoutRow.isSpacedCharacter(String(last.text.unicodeScalars.suffix(1)))
            {
                merged[merged.count - 1].text += cell.text
                merged[merged.count - 1].end = cell.end
            } else {
                merged.append(cell)
            }
        }
        cells = merged
        // A code run into its label (`208业支出`, a narrow column): split it off.
        if let first = cells.first, let split = LayoutRow.splitLeadingCode(first) {
            cells.replaceSubrange(0..<1, with: split)
        }
        // Codes: integers without separators before the first word of the row.
        var sawText = false
        for index in cells.indices {
            let kind = LayoutRow.classify(cells[index].text)
            if kind == .text {
                sawText = true
                cells[index].kind = .text
            } else if !sawText,
                LayoutRow.isCode(cells[index].text)
                    || (index > 0 && cells[index - 1].kind == .code && cells[index].text.unicodeScalars.count <= 2
                        && kind == .number && !cells[index].text.contains("."))
            {
                // A 款 or 项 code after a 类 code; spreadsheets drop its leading zero (`301 2 津贴补贴`).
                cells[index].kind = .code
            } else {
                cells[index].kind = kind
            }
        }
        self.cells = cells
        self.range = range
        self.page = page
        self.text = cells.map(\.text).joined(separator: " ")
    }

    /// Number or text.
    static func classify(_ text: String) -> LayoutCell.Kind {
        if text == "-" || text == "—" || text == "－" || text == "--" || text == "——" { return .number }
        if TableAmount.parse(text) != nil { return .number }
        var body = Substring(text)
        if body.hasSuffix("%") { body = body.dropLast() }
        if TableAmount.parse(String(body)) != nil { return .number }
        return .text
    }

    /// `208业支出` → `208` + `业支出`: three to seven digits glued to a CJK label (not a date: `2024年`).
    static func splitLeadingCode(_ cell: LayoutCell) -> [LayoutCell]? {
        let scalars = Array(cell.text.unicodeScalars)
        var digits = 0
        while digits < scalars.count, scalars[digits].value >= 0x30, scalars[digits].value <= 0x39 { digits += 1 }
        guard digits >= 3, digits <= 7, digits < scalars.count, displayWidth(scalars[digits]) == 2,
            !"年月日号".unicodeScalars.contains(scalars[digits])
        else { return nil }
        var code = String.UnicodeScalarView()
        code.append(contentsOf: scalars[..<digits])
        var label = String.UnicodeScalarView()
        label.append(contentsOf: scalars[digits...])
        return [
            LayoutCell(text: String(code), start: cell.start, end: cell.start + digits, kind: .text),
            LayoutCell(text: String(label), start: cell.start + digits, end: cell.end, kind: .text),
        ]
    }

    /// One CJK character alone: a letter of a spaced-out word.
    static func isSpacedCharacter(_ text: String) -> Bool {
        text.unicodeScalars.count == 1 && text.unicodeScalars.allSatisfy { displayWidth($0) == 2 }
    }

    /// A classification code: 2 to 7 ASCII digits, no separators.
    static func isCode(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.count >= 2, scalars.count <= 7 else { return false }
        return scalars.allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 }
    }

    /// Columns a character takes in a monospaced rendering: 2 for CJK and full-width forms, else 1.
    static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value)
            || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value) || value >= 0x20000
        {
            return 2
        }
        return 1
    }
}
