import DisclosureHTML

/// A table's rows of cells as written, in one buffer: every cell's UTF-8 one after another, rows as runs of cells.
/// The HTML reader writes a table's cells this way and the table readers (the cell index, the rules, the JSON) read
/// them in place: a 10 KB page's ~200 cells cost three arrays, not a `String` each and an array per row.
public struct TableRows: Sendable, Equatable {
    /// Every cell's UTF-8 (valid), one after another.
    public private(set) var utf8: [UInt8]
    /// Where each cell ends in ``utf8`` (a cell starts where the one before it ends).
    private var cellEnds: [Int]
    /// Where each row ends among the cells (a row starts where the one before it ends).
    private var rowEnds: [Int]

    /// No rows.
    public init() {
        utf8 = []
        cellEnds = []
        rowEnds = []
    }

    /// The cells of `rows`.
    public init(_ rows: [[String]]) {
        self.init()
        var cellCount = 0
        var byteCount = 0
        for row in rows {
            cellCount += row.count
            for cell in row { byteCount += cell.utf8.count }
        }
        utf8.reserveCapacity(byteCount)
        cellEnds.reserveCapacity(cellCount)
        rowEnds.reserveCapacity(rows.count)
        for row in rows {
            for cell in row {
                utf8.append(contentsOf: cell.utf8)
                cellEnds.append(utf8.count)
            }
            rowEnds.append(cellEnds.count)
        }
    }

    /// Cells as they are: `utf8` valid UTF-8, `cellEnds` ascending within it, `rowEnds` ascending within the cells.
    init(utf8: [UInt8], cellEnds: [Int], rowEnds: [Int]) {
        precondition(cellEnds.last ?? 0 == utf8.count && rowEnds.last ?? 0 == cellEnds.count)
        self.utf8 = utf8
        self.cellEnds = cellEnds
        self.rowEnds = rowEnds
    }

    /// The cells the HTML reader wrote (moved, not copied).
    init(_ cells: HTMLTableCells) {
        self.init(utf8: cells.utf8, cellEnds: cells.cellEnds, rowEnds: cells.rowEnds)
    }

    /// How many rows.
    public var count: Int { rowEnds.count }
    /// Whether there are no rows.
    public var isEmpty: Bool { rowEnds.isEmpty }
    /// How many cells, in all rows.
    public var cellCount: Int { cellEnds.count }

    /// The cells of row `row`, as indices among all cells.
    public func cells(inRow row: Int) -> Range<Int> {
        (row == 0 ? 0 : rowEnds[row - 1])..<rowEnds[row]
    }

    /// Where cell `cell` (an index among all cells) sits in ``utf8``.
    public func byteRange(ofCell cell: Int) -> Range<Int> {
        (cell == 0 ? 0 : cellEnds[cell - 1])..<cellEnds[cell]
    }

    /// Whether cell `cell` is empty.
    public func isEmptyCell(_ cell: Int) -> Bool {
        byteRange(ofCell: cell).isEmpty
    }

    /// Cell `cell`'s text.
    public func cell(_ cell: Int) -> String {
        String(decoding: utf8[byteRange(ofCell: cell)], as: UTF8.self)
    }

    /// Row `row`'s cells as strings.
    public func row(_ row: Int) -> [String] {
        cells(inRow: row).map(cell)
    }

    /// Every row's cells as strings (made on every read: hot paths read the cells in place).
    public var rows: [[String]] {
        (0..<count).map(row)
    }

    /// Calls `body` with ``utf8``'s bytes (cell `cell` is `bytes[byteRange(ofCell: cell)]`).
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        utf8.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with ``utf8``'s bytes, where each cell ends in them and where each row ends among the cells
    /// (cell `i` is `bytes[cellEnds[i - 1]..<cellEnds[i]]`, the first from 0; row `r`'s cells end at
    /// `rowEnds[r]`): for readers that walk every cell in order, without a lookup per cell.
    func withCells<Result>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>) -> Result
    ) -> Result {
        utf8.withUnsafeBufferPointer { bytes in
            cellEnds.withUnsafeBufferPointer { cellEnds in
                rowEnds.withUnsafeBufferPointer { rowEnds in body(bytes, cellEnds, rowEnds) }
            }
        }
    }

    /// Cell `cell`'s bytes within `bytes` (the buffer ``withUTF8(_:)`` gives).
    public func cell(_ cell: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[byteRange(ofCell: cell)])
    }
}
