/// The rows of one table being read: cells placed in columns as the page shows them (spans padded).
struct TableBuilder {
    /// Where the table sits in the result (reserved when it started).
    let index: Int
    /// Text offset when the table started (line breaks owed before it may still follow).
    let textStart: Int
    /// The `<caption>` text.
    var caption: String?
    /// Finished rows, and the open row's cells after them (past the last row end).
    var cells = HTMLTableCells()
    /// Whether a row is open (its cells are those after ``HTMLTableCells/rowEnds``' last).
    private var isRowOpen = false
    /// Where the open row's cells start.
    private var rowStart = 0
    /// Text offset where the open cell's text starts.
    var cellStart: Int?
    /// The open cell's `colspan` and `rowspan`.
    var cellSpan: (columns: Int, rows: Int) = (1, 1)
    /// Columns that cells of earlier rows still cover (`rowspan`), with the number of rows left.
    private var coveredColumns: [Int: Int] = [:]
    /// Cells of the open row that came from the document (not padding for spans).
    private var ownCellsInRow = 0

    /// The widest `colspan` honoured.
    static let maximumColumnSpan = 64
    /// The tallest `rowspan` honoured.
    static let maximumRowSpan = 512
    /// Text offset where the open caption's text starts.
    var captionStart: Int?

    /// Creates the builder of the table at `index`, starting at text offset `textStart`.
    init(index: Int, textStart: Int) {
        self.index = index
        self.textStart = textStart
    }

    /// A `<tr>` starts (closing a row left open). Returns the cells added (span padding).
    mutating func startRow() -> Int {
        let added = endRow()
        openRow()
        return added
    }

    /// Opens a row: its cells are appended after the finished rows'.
    private mutating func openRow() {
        isRowOpen = true
        rowStart = cells.cellEnds.count
    }

    /// The open row's cell count.
    private var openWidth: Int { cells.cellEnds.count - rowStart }

    /// Appends an empty cell to the open row.
    private mutating func appendEmptyCell() {
        cells.cellEnds.append(cells.utf8.count)
    }

    /// The open row ends: columns still covered by a `rowspan` from above are padded with empty cells; a row with
    /// no cells of its own is dropped (its covered columns are used up all the same). Returns the cells added.
    mutating func endRow() -> Int {
        guard isRowOpen else { return 0 }
        isRowOpen = false
        var added = 0
        // Most tables have no rowspan: no search of the covered columns then.
        if !coveredColumns.isEmpty, let last = coveredColumns.keys.max() {
            while openWidth <= last {
                added += padCovered()
                if coveredColumns[openWidth] == nil, openWidth <= last {
                    appendEmptyCell()
                    added += 1
                }
            }
        }
        if ownCellsInRow > 0 {
            cells.rowEnds.append(cells.cellEnds.count)
        } else {
            // Only padding (empty cells, no bytes): dropped.
            cells.cellEnds.removeLast(openWidth)
        }
        ownCellsInRow = 0
        return added
    }

    /// A cell ends: its text is what `text` has written since ``cellStart`` (a cell outside any `<tr>` opens a
    /// row). Places it after the columns that `rowspan`s from above cover, and pads its `colspan` with empty
    /// cells, so that columns line up as they do on the page. Returns the cells added.
    mutating func addCell(from text: TextBuilder) -> Int {
        let textStart = cellStart ?? text.count
        cellStart = nil
        // Most cells: inside a row, spanning nothing, under no rowspan from above; appended in place.
        if coveredColumns.isEmpty, cellSpan == (1, 1), isRowOpen {
            text.appendText(since: textStart, to: &cells.utf8)
            cells.cellEnds.append(cells.utf8.count)
            ownCellsInRow += 1
            return 1
        }
        if !isRowOpen { openRow() }
        var added = padCovered()
        let start = openWidth
        text.appendText(since: textStart, to: &cells.utf8)
        cells.cellEnds.append(cells.utf8.count)
        for _ in 1..<cellSpan.columns {
            // A malformed table can span over a column a rowspan covers; that column is used up here.
            if let left = coveredColumns[openWidth] { coveredColumns[openWidth] = left > 1 ? left - 1 : nil }
            appendEmptyCell()
        }
        added += cellSpan.columns
        if cellSpan.rows > 1 {
            for column in start..<(start + cellSpan.columns) { coveredColumns[column] = cellSpan.rows - 1 }
        }
        ownCellsInRow += 1
        cellSpan = (1, 1)
        return added
    }

    /// Appends an empty cell for each column at the end of the open row that a `rowspan` from above covers.
    private mutating func padCovered() -> Int {
        // Most tables have no rowspan: no lookup (and no hashing) per cell then.
        guard !coveredColumns.isEmpty else { return 0 }
        var added = 0
        while let left = coveredColumns[openWidth] {
            coveredColumns[openWidth] = left > 1 ? left - 1 : nil
            appendEmptyCell()
            added += 1
        }
        return added
    }
}
