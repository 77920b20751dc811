/// The rows of one table being read: cells placed in columns as the page shows them (spans padded).
struct TableBuilder {
    /// Where the table sits in the result (reserved when it started).
    let index: Int
    /// Text offset when the table started (line breaks owed before it may still follow).
    let textStart: Int
    /// The `<caption>` text.
    var caption: String?
    /// Every cell of the finished rows, and the open row's cells after them (past the last row end): where its
    /// text is, and where it ends in the table's UTF-8 (``HTMLTableCells/utf8``).
    ///
    /// A cell's text is copied into that buffer once, when the table is done (``cells(in:)``): a cell is mostly
    /// a run of the page's text as written (a figure, a label), which stays where the text builder wrote it,
    /// and one copy into a buffer of the right size costs less than an append per cell into a growing one.
    private var slots: [CellSlot] = []
    /// Where each row ends among the cells (a row starts where the one before it ends).
    private var rowEnds: [Int] = []
    /// The UTF-8 bytes of the cells so far.
    private var utf8Count = 0
    /// The text of cells that are not their own collapsed form, collapsed (the few with whitespace inside).
    private var collapsedCells: [UInt8] = []
    /// Whether a row is open (its cells are those after ``rowEnds``' last).
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
        rowStart = slots.count
    }

    /// The open row's cell count.
    private var openWidth: Int { slots.count - rowStart }

    /// Appends an empty cell to the open row.
    private mutating func appendEmptyCell() {
        slots.append(CellSlot(source: 0, end: utf8Count))
    }

    /// Appends a cell whose text is what `text` has written since `offset`, collapsed (what
    /// ``TextBuilder/appendText(since:to:)`` appends).
    @inline(__always)
    private mutating func appendCell(since offset: Int, in text: TextBuilder) {
        let source = text.collapsedSource(since: offset)
        if source.isCollapsed {
            // The text as written: read in place when the table is done.
            utf8Count += text.count - source.start
            slots.append(CellSlot(source: source.start, end: utf8Count))
        } else {
            let start = collapsedCells.count
            text.appendText(since: offset, to: &collapsedCells)
            utf8Count += collapsedCells.count - start
            slots.append(CellSlot(source: ~start, end: utf8Count))
        }
    }

    /// The cells, their text read from `text` (the text builder the cells were added from, which has only grown
    /// since).
    func cells(in text: TextBuilder) -> HTMLTableCells {
        var cells = HTMLTableCells()
        cells.rowEnds = rowEnds
        cells.cellEnds = slots.map(\.end)
        cells.utf8 = [UInt8](unsafeUninitializedCapacity: utf8Count) { out, initialized in
            text.withBytes { written in
                collapsedCells.withUnsafeBufferPointer { collapsed in
                    var start = 0
                    for slot in slots where slot.end > start {
                        let source =
                            slot.source >= 0
                            ? written.baseAddress! + slot.source : collapsed.baseAddress! + ~slot.source
                        Self.copy(slot.end - start, from: source, to: out.baseAddress! + start)
                        start = slot.end
                    }
                }
            }
            initialized = utf8Count
        }
        return cells
    }

    /// Copies `count` bytes (not overlapping). A cell is mostly a figure or a short label: up to 32 bytes are
    /// copied with a load and a store from each end (which overlap), not a call to `memcpy`.
    @inline(__always)
    static func copy(_ count: Int, from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        if count >= 16 {
            guard count <= 32 else {
                target.initialize(from: source, count: count)
                return
            }
            let head = from.loadUnaligned(as: SIMD16<UInt8>.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 16, as: SIMD16<UInt8>.self)
            to.storeBytes(of: head, as: SIMD16<UInt8>.self)
            to.storeBytes(of: tail, toByteOffset: count &- 16, as: SIMD16<UInt8>.self)
        } else if count >= 8 {
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
        } else {
            for index in 0..<count { target[index] = source[index] }
        }
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
            rowEnds.append(slots.count)
        } else {
            // Only padding (empty cells, no bytes): dropped.
            slots.removeLast(openWidth)
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
            appendCell(since: textStart, in: text)
            ownCellsInRow += 1
            return 1
        }
        if !isRowOpen { openRow() }
        var added = padCovered()
        let start = openWidth
        appendCell(since: textStart, in: text)
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

/// Where one cell's text is, and where it ends in the table's UTF-8.
private struct CellSlot {
    /// Where the text starts: an offset in the text builder's bytes when non-negative, else the complement of an
    /// offset in ``TableBuilder``'s collapsed cells. Unread for an empty cell.
    var source: Int
    /// Where the cell ends in the table's UTF-8 (it starts where the cell before it ends).
    var end: Int
}
