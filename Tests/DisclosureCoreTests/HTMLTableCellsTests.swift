import DisclosureTestSupport
import Testing

@testable import DisclosureCore
@testable import DisclosureHTML

/// Table cells in one buffer (``HTMLTableCells``, ``TableRows``) against the `[[String]]` rows they replace: the
/// reader's ``TableBuilder`` against the builder of strings it was (kept below as the reference), driven alike on
/// generated tables (empty cells, whitespace, no-break spaces, entity characters, `colspan`/`rowspan`, cells outside
/// rows, rows of padding only); whole pages with such tables through the fast reader and libxml2; and the readers
/// of ``DocumentTable/cells`` against the same readers of the rows as strings.
@Suite struct HTMLTableCellsTests {
    // MARK: - The builder

    /// What a cell's text is made of: content, whitespace that collapses, characters entities stand for.
    private static let pieces: [String] = [
        "", " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{C}", "合计", "一般公共服务支出", "1,234.56", "-3", "201", "（一）",
        "&", "<", ">", "\"", "©", "\u{3000}", "中", "本表为空", "a b", "x", "é", "𠀀", "单位：万元", "0",
    ]

    /// One step of building a table.
    private enum Step {
        case startRow
        case endRow
        /// A cell of these pieces of text, with its span.
        case cell([String], columns: Int, rows: Int)
    }

    private static func steps(using generator: inout SplitMix64) -> [Step] {
        var steps: [Step] = []
        for _ in 0..<Int.random(in: 0..<60, using: &generator) {
            switch Int.random(in: 0..<100, using: &generator) {
            case 0..<12: steps.append(.startRow)
            case 12..<18: steps.append(.endRow)
            default:
                let pieces = (0..<Int.random(in: 0..<4, using: &generator)).map { _ in
                    Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &generator)]
                }
                // Mostly plain cells; now and then a span, rarely a wide or tall one.
                let spanned = Int.random(in: 0..<100, using: &generator) < 15
                let columns = spanned ? Int.random(in: 1...4, using: &generator) : 1
                let rows = spanned ? Int.random(in: 1...4, using: &generator) : 1
                steps.append(.cell(pieces, columns: columns, rows: rows))
            }
        }
        return steps
    }

    @Test(arguments: 0..<16)
    func builderMatchesTheBuilderOfStrings(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x51_7CC1_B727_220A)
        for round in 0..<200 {
            var text = TextBuilder()
            var builder = TableBuilder(index: 0, textStart: 0)
            var reference = ReferenceTableBuilder()
            var cellsInRow = 0
            for step in Self.steps(using: &generator) {
                switch step {
                case .startRow:
                    text.blockBoundary()
                    cellsInRow = 0
                    #expect(builder.startRow() == reference.startRow(), "seed \(seed) round \(round)")
                case .endRow:
                    text.blockBoundary()
                    #expect(builder.endRow() == reference.endRow(), "seed \(seed) round \(round)")
                case .cell(let pieces, let columns, let rows):
                    if cellsInRow > 0 { text.cellSeparator() }
                    cellsInRow += 1
                    text.cellDepth += 1
                    builder.cellStart = text.count
                    builder.cellSpan = (columns, rows)
                    reference.cellSpan = (columns, rows)
                    let start = text.count
                    for (index, piece) in pieces.enumerated() {
                        if index % 2 == 1 { text.blockBoundary() }
                        let bytes = Array(piece.utf8)
                        bytes.withUnsafeBufferPointer {
                            if let base = $0.baseAddress { text.appendText(base, count: $0.count) }
                        }
                    }
                    text.cellDepth -= 1
                    let expected = reference.addCell(text.text(since: start))
                    #expect(builder.addCell(from: text) == expected, "seed \(seed) round \(round)")
                }
            }
            #expect(builder.endRow() == reference.endRow())
            let cells = builder.cells(in: text)
            #expect(cells.rows == reference.rows, "seed \(seed) round \(round)")
            #expect(cells.utf8.count == cells.cellEnds.last ?? 0)
            #expect(cells.rowEnds.last ?? 0 == cells.cellEnds.count)
        }
    }

    @Test func cellCopiesAreTheBytes() {
        // Every length the inline copy takes (and past it), at every offset of a source of distinct bytes.
        let source = (0..<80).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        source.withUnsafeBufferPointer { from in
            for count in 0...40 {
                for offset in 0...(source.count - count) {
                    var target = [UInt8](repeating: 0xEE, count: count + 2)
                    target.withUnsafeMutableBufferPointer { to in
                        TableBuilder.copy(count, from: from.baseAddress! + offset, to: to.baseAddress! + 1)
                    }
                    #expect(target == [0xEE] + source[offset..<(offset + count)] + [0xEE], "\(count) at \(offset)")
                }
            }
        }
    }

    // MARK: - Whole pages

    /// A page of tables: cells with entities, whitespace, inline markup, empty cells and spans.
    private static func page(using generator: inout SplitMix64) -> [UInt8] {
        let contents = [
            "", " ", "合计", " 一般公共服务支出 ", "1,234.56", "&amp;", "&lt;b&gt;", "&nbsp;", "&#20013;&#x6587;", "&copy;",
            "a\n  b", "<b>201</b>", "<span>卫生</span><span>健康</span>", "x<br>y", "\t本表为空\t", "&quot;合计&quot;",
        ]
        var html = "<html><head><title>t</title></head><body><p>前言</p>"
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            html += "<table>"
            for _ in 0..<Int.random(in: 0..<8, using: &generator) {
                html += "<tr>"
                for _ in 0..<Int.random(in: 0..<6, using: &generator) {
                    var attributes = ""
                    if Int.random(in: 0..<100, using: &generator) < 12 {
                        attributes += " colspan=\"\(Int.random(in: 1...3, using: &generator))\""
                    }
                    if Int.random(in: 0..<100, using: &generator) < 12 {
                        attributes += " rowspan=\"\(Int.random(in: 1...3, using: &generator))\""
                    }
                    let tag = Int.random(in: 0..<100, using: &generator) < 20 ? "th" : "td"
                    let content = contents[Int.random(in: 0..<contents.count, using: &generator)]
                    html += "<\(tag)\(attributes)>\(content)</\(tag)>"
                }
                html += "</tr>\n"
            }
            html += "</table><p>后记</p>"
        }
        html += "</body></html>"
        return Array(html.utf8)
    }

    @Test(arguments: 0..<8)
    func pagesOfTablesReadTheSameEveryWay(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed) &+ 0xC0FF_EE00)
        let extractor = HTMLTextExtractor()
        for _ in 0..<100 {
            let page = Self.page(using: &generator)
            let fast = try #require(try extractor.extractThroughFastReader(utf8: page))
            let libxml2 = try extractor.extractThroughLibxml2(utf8: page)
            let tree = try extractor.extractThroughTree(utf8: page)
            #expect(fast == libxml2)
            #expect(fast == tree)
            for table in fast.tables {
                // The cells as rows of strings and back: the same buffer.
                #expect(HTMLTableCells(rows: table.rows) == table.cells)
                #expect(TableRows(table.cells).rows == table.rows)
                #expect(table.cells.repaired() == table.cells)
            }
        }
    }

    @Test func invalidUTF8IsRepairedCellByCell() {
        var cells = HTMLTableCells()
        let pieces: [[UInt8]] = [[0x41, 0xFF, 0x42], [], [0xE4, 0xB8], Array("合计".utf8), [0xC2]]
        for piece in pieces {
            cells.utf8 += piece
            cells.cellEnds.append(cells.utf8.count)
        }
        cells.rowEnds = [2, 5]
        let repaired = cells.repaired()
        #expect(repaired.rows == [["A\u{FFFD}B", ""], ["\u{FFFD}", "合计", "\u{FFFD}"]])
        #expect(repaired.rows == cells.rows)
    }

    // MARK: - The readers

    /// Ragged tables of the reference cells (and the empty table).
    private static var tables: [[[String]]] {
        TableCellIndexTests.tables.map(\.rows)
            + [
                [
                    ["单位：元", "2023年一般公共预算财政拨款支出决算表"], ["科目编码", "科目名称", "金额"], ["201", "一般公共服务支出", "1,234.56"],
                    ["", "合计", "1,234.56"], ["注：本表为空"],
                ]
            ]
    }

    @Test func tableRowsHoldTheRows() {
        for rows in Self.tables {
            let cells = TableRows(rows)
            #expect(cells.rows == rows)
            #expect(cells.count == rows.count)
            #expect(cells.isEmpty == rows.isEmpty)
            #expect(cells.cellCount == rows.reduce(0) { $0 + $1.count })
            var cell = 0
            for (index, row) in rows.enumerated() {
                #expect(cells.row(index) == row)
                #expect(cells.cells(inRow: index) == cell..<(cell + row.count))
                for text in row {
                    #expect(cells.cell(cell) == text)
                    #expect(cells.isEmptyCell(cell) == text.isEmpty)
                    cell += 1
                }
            }
            var table = DocumentTable(title: nil, unit: nil, rows: rows, span: TextSpan(start: 0, end: 0))
            #expect(table.rows == rows)
            table.rows = rows.reversed()
            #expect(table.cells == TableRows(rows.reversed()))
        }
    }

    @Test func readersOfCellsMatchReadersOfStrings() {
        let text = TextNormalizer.normalize("")
        for rows in Self.tables {
            let cells = TableRows(rows)
            // The HTML table's title, unit and header as the string rows gave them.
            let table = TableExtractor.htmlTable(cells, text: text)
            let expected = Self.referenceHTMLTable(rows)
            #expect(table.title == expected.title)
            #expect(table.unit == expected.unit)
            #expect(table.headerRowCount == expected.headerRowCount)
            #expect(table.standard == expected.standard)
            for row in rows.indices {
                #expect(TableCells.classCode(cells, row: row) == TableCells.classCode(rows[row]))
            }
            // The empty-note rule's cell scan.
            let index = TableCellIndex([table])
            var position = 0
            var noted = false
            for row in rows {
                for text in row {
                    if index.cells[position].isText, TableEmptyNoteRule.hasNote(text) { noted = true }
                    position += 1
                }
            }
            #expect(TableEmptyNoteRule.cellsHaveNote(table, index: 0, cells: index) == noted)
            // The code-name pairings.
            let pairings = CodeNameRule.tablePairings([table]).map { "\($0.code) \($0.name)" }
            var expectedPairings: [String] = []
            for row in rows.dropFirst(table.headerRowCount) {
                guard let code = TableCells.classCode(row),
                    code.hasPrefix("2") || FunctionClassCatalog.names[code] != nil,
                    let label = TableCells.label(row),
                    let known = FunctionClassCatalog.code(ofName: label) ?? FunctionClassCatalog.suffixName(of: label)
                else { continue }
                expectedPairings.append("\(code) \(known.name.text)")
            }
            #expect(pairings == expectedPairings)
            // The rows' JSON, cell by cell from the buffer, against each cell's string.
            var fromBuffer = JSONWriter(capacity: 64)
            cells.withUTF8 { bytes in
                for cell in 0..<cells.cellCount { fromBuffer.string(utf8: cells.cell(cell, in: bytes)) }
            }
            var fromStrings = JSONWriter(capacity: 64)
            for row in rows { for text in row { fromStrings.string(text) } }
            #expect(fromBuffer.bytes == fromStrings.bytes)
        }
    }

    /// ``TableExtractor/htmlTable(_:text:)`` as it read rows of strings.
    private static func referenceHTMLTable(_ rows: [[String]]) -> DocumentTable {
        var unit: String? = nil
        var title: String? = nil
        var headerRowCount = 0
        for row in rows.prefix(4) {
            let joined = row.joined(separator: " ")
            if unit == nil, let found = LayoutTableDetector.unit(in: joined) { unit = found }
            if title == nil, row.count <= 2, let cell = row.first(where: { StandardTable.recognize(title: $0) != nil })
            {
                title = cell
            }
        }
        for row in rows {
            if row.contains(where: { TableAmount.parse($0) != nil }) { break }
            headerRowCount += 1
        }
        return DocumentTable(
            title: title,
            unit: unit,
            rows: rows,
            span: TextSpan(start: 0, end: 0),
            standard: title.flatMap { StandardTable.recognize(title: $0) },
            headerRowCount: min(headerRowCount, rows.count)
        )
    }
}

/// The reader's table builder as it was, building rows of strings: the reference for ``TableBuilder``.
private struct ReferenceTableBuilder {
    var rows: [[String]] = []
    var row: [String]?
    var cellSpan: (columns: Int, rows: Int) = (1, 1)
    private var coveredColumns: [Int: Int] = [:]
    private var ownCellsInRow = 0

    mutating func startRow() -> Int {
        let added = endRow()
        row = []
        return added
    }

    mutating func endRow() -> Int {
        guard var open = row.take() else { return 0 }
        var added = 0
        if !coveredColumns.isEmpty, let last = coveredColumns.keys.max() {
            while open.count <= last {
                added += padCovered(&open)
                if coveredColumns[open.count] == nil, open.count <= last {
                    open.append("")
                    added += 1
                }
            }
        }
        if ownCellsInRow > 0 { rows.append(open) }
        ownCellsInRow = 0
        return added
    }

    mutating func addCell(_ text: String) -> Int {
        if coveredColumns.isEmpty, cellSpan == (1, 1), row != nil {
            row!.append(text)
            ownCellsInRow += 1
            return 1
        }
        var open = row.take() ?? []
        var added = padCovered(&open)
        let start = open.count
        open.append(text)
        for _ in 1..<cellSpan.columns {
            if let left = coveredColumns[open.count] { coveredColumns[open.count] = left > 1 ? left - 1 : nil }
            open.append("")
        }
        added += cellSpan.columns
        if cellSpan.rows > 1 {
            for column in start..<(start + cellSpan.columns) { coveredColumns[column] = cellSpan.rows - 1 }
        }
        row = open
        ownCellsInRow += 1
        cellSpan = (1, 1)
        return added
    }

    private mutating func padCovered(_ open: inout [String]) -> Int {
        guard !coveredColumns.isEmpty else { return 0 }
        var added = 0
        while let left = coveredColumns[open.count] {
            coveredColumns[open.count] = left > 1 ? left - 1 : nil
            open.append("")
            added += 1
        }
        return added
    }
}
