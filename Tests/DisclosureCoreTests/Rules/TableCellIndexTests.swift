import Testing

@testable import DisclosureCore

/// ``TableCellIndex`` (the cells read once per document for the table rules) against ``TableCells`` read cell by
/// cell, as the rules did before: same amounts, same labels, same plainness, on generated cells in ragged tables.
@Suite struct TableCellIndexTests {
    /// Tables of ``TableReadingReferenceTests/cells``, rows of 0 to 6 cells, one table with no rows.
    static let tables: [DocumentTable] = {
        let cells = TableReadingReferenceTests.cells
        var tables: [DocumentTable] = [DocumentTable(title: nil, unit: nil, rows: [], span: TextSpan(start: 0, end: 0))]
        var next = 0
        for tableIndex in 0..<40 {
            var rows: [[String]] = []
            for rowIndex in 0..<(tableIndex % 9 + 1) {
                var row: [String] = []
                for _ in 0..<((rowIndex + tableIndex) % 7) {
                    row.append(cells[next % cells.count])
                    next = next &* 31 &+ 17
                    next %= 1_000_003
                }
                rows.append(row)
            }
            tables.append(DocumentTable(title: nil, unit: nil, rows: rows, span: TextSpan(start: 0, end: 0)))
        }
        return tables
    }()

    @Test func cellsMatchTableCells() {
        let index = TableCellIndex(Self.tables)
        index.withLabels { labels in
            for (tableIndex, table) in Self.tables.enumerated() {
                #expect(index.rowCount(table: tableIndex) == table.rows.count)
                var all: [TableCellIndex.Cell] = []
                for (rowIndex, row) in table.rows.enumerated() {
                    let range = index.cellRange(table: tableIndex, row: rowIndex)
                    #expect(range.count == row.count)
                    for (column, text) in row.enumerated() {
                        let cell = index.cells[range.lowerBound + column]
                        all.append(cell)
                        #expect(cell.amount == TableCells.amount(text), "\(text)")
                        #expect(cell.amount?.scale == TableCells.amount(text)?.scale, "\(text)")
                        #expect(index.amount(table: tableIndex, row: rowIndex, column: column) == cell.amount)
                        #expect(cell.isEmpty == text.isEmpty)
                        #expect(cell.isText == (!text.isEmpty && TableCells.amount(text) == nil))
                        let expected = cell.isText ? TableCells.label(ofCell: text) : nil
                        let label = TableCellIndex.label(of: cell, in: labels)
                        #expect(label.map { String(decoding: $0, as: UTF8.self) } == expected, "\(text)")
                        if let label { #expect(cell.isPlain == TextSearch.isPlain(label), "\(text)") }
                    }
                    #expect(index.amount(table: tableIndex, row: rowIndex, column: row.count) == nil)
                    let first = index.firstTextCell(table: tableIndex, row: rowIndex)
                    let firstLabel = first.flatMap { TableCellIndex.label(of: $0, in: labels) }
                    #expect(firstLabel.map { String(decoding: $0, as: UTF8.self) } == TableCells.label(row), "\(row)")
                }
                #expect(index.cellRange(table: tableIndex).count == all.count)
            }
        }
    }

    @Test func noTablesMakeAnEmptyIndex() {
        let index = TableCellIndex([])
        #expect(index.cells.isEmpty && index.labels.isEmpty)
    }
}
