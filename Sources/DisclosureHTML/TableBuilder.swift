/// The rows of one table being read: cells placed in columns as the page shows them (spans padded).
struct TableBuilder {
    /// Where the table sits in the result (reserved when it started).
    let index: Int
    /// Text offset when the table started (line breaks owed before it may still follow).
    let textStart: Int
    /// The `<caption>` text.
    var caption: String?
    /// Finished rows.
    var rows: [[String]] = []
    /// The open row, if any.
    var row: [String]?
    /// Text offset where the open cell's text starts.
    var cellStart: Int?
    /// The open cell's `colspan` and `rowspan`.
    var cellSpan: (columns: Int, rows: Int) = (1, 1)
    /// Columns that cells of earlier rows still cover (`rowspan`), with the number of rows left.
    private var coveredColumns: [Int: Int] = [:]
    /// Cells of the open row that came from the document (not padding for spans).
    private var ownCellsInRow = 0
    /// Cells of the row ended last (the room a new row is given).
    private var lastRowWidth = 0

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
        // Rows of a table are mostly as wide as the one before: room for as many cells, not grown cell by cell.
        var open: [String] = []
        open.reserveCapacity(lastRowWidth)
        row = open
        return added
    }

    /// The open row ends: columns still covered by a `rowspan` from above are padded with empty cells; a row with
    /// no cells of its own is dropped (its covered columns are used up all the same). Returns the cells added.
    mutating func endRow() -> Int {
        // Taken out of `row` so that appending to it does not copy it (it is the only reference then).
        guard var open = row.take() else { return 0 }
        var added = 0
        // Most tables have no rowspan: no search of the covered columns then.
        if !coveredColumns.isEmpty, let last = coveredColumns.keys.max() {
            while open.count <= last {
                added += padCovered(&open)
                if coveredColumns[open.count] == nil, open.count <= last {
                    open.append("")
                    added += 1
                }
            }
        }
        lastRowWidth = open.count
        if ownCellsInRow > 0 { rows.append(open) }
        ownCellsInRow = 0
        return added
    }

    /// A cell ends with `text` (a cell outside any `<tr>` opens a row). Places it after the columns that
    /// `rowspan`s from above cover, and pads its `colspan` with empty cells, so that columns line up as they
    /// do on the page. Returns the cells added.
    mutating func addCell(_ text: consuming String) -> Int {
        // Most cells: inside a row, spanning nothing, under no rowspan from above; appended in place.
        if coveredColumns.isEmpty, cellSpan == (1, 1), row != nil {
            row!.append(text)
            ownCellsInRow += 1
            cellStart = nil
            return 1
        }
        // Taken out of `row` (not copied from it): a row grows by one cell at a time.
        var open = row.take() ?? []
        var added = padCovered(&open)
        let start = open.count
        open.append(text)
        for _ in 1..<cellSpan.columns {
            // A malformed table can span over a column a rowspan covers; that column is used up here.
            if let left = coveredColumns[open.count] { coveredColumns[open.count] = left > 1 ? left - 1 : nil }
            open.append("")
        }
        added += cellSpan.columns
        if cellSpan.rows > 1 {
            for column in start..<(start + cellSpan.columns) { coveredColumns[column] = cellSpan.rows - 1 }
        }
        row = open
        ownCellsInRow += 1
        cellStart = nil
        cellSpan = (1, 1)
        return added
    }

    /// Appends an empty cell for each column at the end of `open` that a `rowspan` from above covers.
    private mutating func padCovered(_ open: inout [String]) -> Int {
        // Most tables have no rowspan: no lookup (and no hashing) per cell then.
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
