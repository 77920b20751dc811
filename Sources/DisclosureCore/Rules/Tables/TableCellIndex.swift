/// The cells of a record's tables read once per document for the table rules: each cell's amount
/// (``TableCells/amount(_:)``) and, for a cell that is neither empty nor a number, its label
/// (``TableCells/label(ofCell:)``) as bytes in one buffer. `text.table`, `table.sum` and `table.emptyNote` read the
/// same cells; before, each read every cell again (a label normalised once per rule).
struct TableCellIndex: Sendable {
    /// One cell as the rules read it.
    struct Cell: Sendable {
        /// The amount as written, nil for text, dashes and blanks.
        var amount: Amount?
        /// Where the normalized label starts in ``labels`` (a cell that is neither empty nor a number).
        var labelStart: Int32
        /// Where it ends; -1 when the cell has no label (empty, a number, or nothing left once normalized).
        var labelEnd: Int32
        /// Whether the cell's text is empty.
        var isEmpty: Bool
        /// Whether the label is plain (``TextSearch/isPlain(_:)``): compared as bytes, which is the same.
        var isPlain: Bool

        /// Whether the cell is neither empty nor a number: a label cell (its label may still be nil).
        var isText: Bool { !isEmpty && amount == nil }
        /// Whether the cell has a label.
        var hasLabel: Bool { labelEnd >= 0 }
    }

    /// Every cell of every table, row after row, table after table.
    private(set) var cells: [Cell] = []
    /// Where each row's cells start in ``cells`` (one more entry than rows: the end; empty without tables, so
    /// that a document without tables allocates nothing here).
    private var rowStarts: [Int] = []
    /// Where each table's rows start among all rows (one more entry than tables: the end; empty without tables).
    private var tableRowStarts: [Int] = []
    /// The labels' bytes, one after another.
    private(set) var labels: [UInt8] = []

    /// An index of no table.
    init() {}

    /// Reads every cell of `tables` once.
    ///
    /// Everything is written in place into buffers sized up front: a cell, a row start and a label each go where
    /// they belong, without an array's uniqueness and capacity checks per append, and a label is normalized
    /// straight into ``labels`` (a label is never longer than its cell, so the cells' bytes are room enough),
    /// not into a temporary buffer and then copied.
    init(_ tables: [DocumentTable]) {
        guard !tables.isEmpty else { return }
        var cellCount = 0
        var rowCount = 0
        var byteCount = 0
        for table in tables {
            rowCount += table.cells.count
            cellCount += table.cells.cellCount
            byteCount += table.cells.utf8.count
        }
        var tableRowStarts = [0]
        tableRowStarts.reserveCapacity(tables.count + 1)
        var rowStarts: [Int] = []
        var cells: [Cell] = []
        var labelCount = 0
        var rowIndex = 0
        var cellIndex = 0
        let labels = [UInt8](unsafeUninitializedCapacity: max(byteCount, 1)) { labelBuffer, labelsInitialized in
            let labelBase = labelBuffer.baseAddress!
            rowStarts = [Int](unsafeUninitializedCapacity: rowCount + 1) { rowBuffer, rowsInitialized in
                cells = [Cell](unsafeUninitializedCapacity: cellCount) { cellBuffer, cellsInitialized in
                    rowBuffer.initializeElement(at: 0, to: 0)
                    for table in tables {
                        // Each cell read in place in the table's buffer, in order: where it starts is where the one
                        // before it ended.
                        table.cells.withCells { bytes, cellEnds, rowEnds in
                            var cell = 0
                            var start = 0
                            for rowEnd in rowEnds {
                                while cell < rowEnd {
                                    let end = cellEnds[cell]
                                    let text = UnsafeBufferPointer(
                                        start: bytes.baseAddress.map { $0 + start },
                                        count: end &- start
                                    )
                                    cellBuffer.initializeElement(
                                        at: cellIndex,
                                        to: Self.read(text, labels: labelBase, count: &labelCount)
                                    )
                                    cellIndex &+= 1
                                    cell &+= 1
                                    start = end
                                }
                                rowIndex &+= 1
                                rowBuffer.initializeElement(at: rowIndex, to: cellIndex)
                            }
                        }
                        tableRowStarts.append(rowIndex)
                    }
                    cellsInitialized = cellIndex
                }
                rowsInitialized = rowIndex + 1
            }
            labelsInitialized = labelCount
        }
        self.cells = cells
        self.rowStarts = rowStarts
        self.tableRowStarts = tableRowStarts
        self.labels = labels
    }

    /// Reads one cell (its UTF-8), its label written at `labels + count` (`count` moved past it).
    @inline(__always)
    private static func read(
        _ text: UnsafeBufferPointer<UInt8>,
        labels: UnsafeMutablePointer<UInt8>,
        count: inout Int
    ) -> Cell {
        let amount = TableCells.amount(utf8: text)
        var cell = Cell(amount: amount, labelStart: 0, labelEnd: -1, isEmpty: text.isEmpty, isPlain: false)
        guard cell.isText else { return cell }
        let label = TableCells.writeLabel(utf8: text, to: labels + count)
        guard label.start < label.end else { return cell }
        // What the cut leaves in front of the label stays in the buffer, unused.
        cell.labelStart = Int32(count + label.start)
        cell.labelEnd = Int32(count + label.end)
        cell.isPlain = label.isPlain
        count += label.end
        return cell
    }

    /// The range in ``cells`` of row `row` of table `table`.
    func cellRange(table: Int, row: Int) -> Range<Int> {
        let index = tableRowStarts[table] + row
        return rowStarts[index]..<rowStarts[index + 1]
    }

    /// The range in ``cells`` of every cell of table `table`.
    func cellRange(table: Int) -> Range<Int> {
        rowStarts[tableRowStarts[table]]..<rowStarts[tableRowStarts[table + 1]]
    }

    /// How many rows table `table` has.
    func rowCount(table: Int) -> Int {
        tableRowStarts[table + 1] - tableRowStarts[table]
    }

    /// The first label cell of a row (neither empty nor a number; ``TableCells/label(_:)``'s cell), if any.
    func firstTextCell(table: Int, row: Int) -> Cell? {
        for index in cellRange(table: table, row: row) where cells[index].isText { return cells[index] }
        return nil
    }

    /// The amount of the cell in `column` of a row, nil where the row has no such column or no number there.
    func amount(table: Int, row: Int, column: Int) -> Amount? {
        let range = cellRange(table: table, row: row)
        guard column >= 0, column < range.count else { return nil }
        return cells[range.lowerBound + column].amount
    }

    /// Calls `body` with the bytes of ``labels`` (a cell's label is `labels[labelStart..<labelEnd]`).
    func withLabels<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        labels.withUnsafeBufferPointer(body)
    }

    /// `cell`'s label within `labels` (the buffer ``withLabels(_:)`` gives); nil when it has none.
    static func label(of cell: Cell, in labels: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard cell.hasLabel else { return nil }
        return UnsafeBufferPointer(rebasing: labels[Int(cell.labelStart)..<Int(cell.labelEnd)])
    }
}
