/// Turns a page's elements and text, in document order, into its text and tables: what both ways of reading a
/// page (``StreamWalk`` over libxml2's parser events, ``TreeWalk`` over its tree) share, so that the two cannot
/// disagree on anything but the order and nesting of what libxml2 reports.
struct PageTextCollector {
    /// The limits in force.
    let extractor: HTMLTextExtractor
    /// The text being written.
    private(set) var builder = TextBuilder()
    /// Recorded tables, in the order they start.
    private var tables: [HTMLTable] = []
    /// The innermost open `<table>`, while ``isInTable``. Kept out of ``enclosingTables`` so that a cell or row
    /// changes it in place: an array element read through its subscript is copied (its builder's arrays retained
    /// and released) per access. Not optional, nor its builder: every cell would test the tags of the nested
    /// optionals through outlined calls.
    private var innermostTable = OpenTable()
    /// Whether a `<table>` is open.
    private var isInTable = false
    /// The open `<table>`s around ``innermostTable``, innermost last.
    private var enclosingTables: [OpenTable] = []
    /// Open tables that are being recorded.
    private var recordedTableDepth = 0
    /// Cells recorded so far, against ``HTMLTextExtractor/maximumTableCells``.
    private var recordedCells = 0

    /// Creates a collector with the extractor's limits; `expectedTextBytes` is room made for the text up front.
    init(extractor: HTMLTextExtractor, expectedTextBytes: Int = 0) {
        self.extractor = extractor
        if expectedTextBytes > 0 { builder.reserveCapacity(min(expectedTextBytes, extractor.maximumTextBytes)) }
    }

    /// Whether the text has grown past ``HTMLTextExtractor/maximumTextBytes``.
    var isOverLimit: Bool { builder.count > extractor.maximumTextBytes }

    /// The text and tables, with `title`.
    ///
    /// - Parameter trustedUTF8: whether the text is known to be valid UTF-8 (pieces of input the fast reader
    ///   checked, cut at character boundaries); otherwise it goes through a `String`, which repairs it.
    func result(title: String?, trustedUTF8: Bool) -> HTMLDocument {
        guard trustedUTF8 else {
            // Cells are as written; each is repaired as the text is (a `String` of each, as they once were).
            var tables = tables
            for index in tables.indices { tables[index].cells = tables[index].cells.repaired() }
            let text = builder.withBytes { String(decoding: $0, as: UTF8.self) }
            return HTMLDocument(text: text, tables: tables, title: title)
        }
        return HTMLDocument(utf8: builder.bytes, tables: tables, title: title)
    }

    /// Appends the text of a text (or CDATA) node, `count` UTF-8 bytes (`isContentRun`: see
    /// ``TextBuilder/appendText(_:count:isContentRun:)``).
    @inline(__always)
    mutating func appendText(_ text: UnsafePointer<UInt8>, count: Int, isContentRun: Bool = false) {
        builder.appendText(text, count: count, isContentRun: isContentRun)
    }

    /// ``appendText(_:count:isContentRun:)`` of text that is only blanks (``TextBuilder/appendBlanks(_:count:)``).
    @inline(__always)
    mutating func appendBlanks(_ text: UnsafePointer<UInt8>, count: Int) {
        builder.appendBlanks(text, count: count)
    }

    /// An element of kind `kind` starts; returns whether its content is read (the caller skips it otherwise, and
    /// reads a `<title>` itself). `span` is a cell's `colspan` and `rowspan` (asked only for cells).
    @inline(__always)
    mutating func enter(_ kind: HTMLElementKind, span: () -> (columns: Int, rows: Int)) -> Bool {
        switch kind {
        case .inline:
            return true
        case .block:
            builder.blockBoundary()
            return true
        case .lineBreak:
            builder.lineBreak()
            return false
        case .preformatted:
            builder.blockBoundary()
            builder.preformattedDepth += 1
            return true
        case .table:
            builder.blockBoundary()
            enterTable()
            return true
        case .row:
            builder.blockBoundary()
            enterRow()
            return true
        case .cell:
            enterCell(span: span)
            return true
        case .caption:
            builder.blockBoundary()
            if isInTable, innermostTable.isRecorded { innermostTable.builder.captionStart = builder.count }
            return true
        case .title, .skipped:
            return false
        }
    }

    /// An element of kind `kind` ends (also one whose content was not read).
    @inline(__always)
    mutating func leave(_ kind: HTMLElementKind) {
        switch kind {
        case .inline, .lineBreak, .title, .skipped:
            return
        case .block:
            builder.blockBoundary()
        case .preformatted:
            builder.preformattedDepth -= 1
            builder.blockBoundary()
        case .table:
            leaveTable()
            builder.blockBoundary()
        case .row:
            if isInTable, innermostTable.isRecorded { recordedCells += innermostTable.builder.endRow() }
            builder.blockBoundary()
        case .cell:
            builder.cellDepth -= 1
            if isInTable, innermostTable.isRecorded, innermostTable.builder.cellStart != nil {
                recordedCells += innermostTable.builder.addCell(from: builder)
            }
        case .caption:
            if isInTable, innermostTable.isRecorded, let start = innermostTable.builder.captionStart {
                innermostTable.builder.caption = builder.text(since: start)
                innermostTable.builder.captionStart = nil
            }
            builder.blockBoundary()
        }
    }

    // MARK: - Tables

    private mutating func enterTable() {
        if isInTable {
            var enclosing = OpenTable()
            swap(&enclosing, &innermostTable)
            enclosingTables.append(enclosing)
        }
        isInTable = true
        guard recordedTableDepth < extractor.maximumTableDepth, recordedCells < extractor.maximumTableCells else {
            innermostTable = OpenTable()
            return
        }
        // Reserve the table's place now so that tables come out in the order they start.
        tables.append(HTMLTable(cells: HTMLTableCells()))
        innermostTable = OpenTable(
            isRecorded: true,
            builder: TableBuilder(index: tables.count - 1, textStart: builder.count)
        )
        recordedTableDepth += 1
    }

    private mutating func leaveTable() {
        guard isInTable else { return }
        // Taken out (not copied), so that ending its last row does not copy the row.
        var table = OpenTable()
        swap(&table, &innermostTable)
        if let enclosing = enclosingTables.popLast() {
            innermostTable = enclosing
        } else {
            isInTable = false
        }
        guard table.isRecorded else { return }
        var builder = table.builder
        table = OpenTable()
        recordedTableDepth -= 1
        recordedCells += builder.endRow()
        let range = self.builder.trimmedRange(from: builder.textStart)
        tables[builder.index] = HTMLTable(
            caption: builder.caption,
            cells: builder.cells(in: self.builder),
            textRange: range
        )
    }

    private mutating func enterRow() {
        guard isInTable else { return }
        innermostTable.cellsInRow = 0
        if innermostTable.isRecorded { recordedCells += innermostTable.builder.startRow() }
    }

    private mutating func enterCell(span: () -> (columns: Int, rows: Int)) {
        guard isInTable else {
            // A cell outside any table (libxml2 keeps stray ones): text with a separator, nothing recorded.
            builder.cellDepth += 1
            return
        }
        let cellsInRow = innermostTable.cellsInRow
        // Cells of a table nested inside another table's cell stay inside that cell, on its line, spaced.
        if cellsInRow > 0 {
            if builder.cellDepth == 0 { builder.cellSeparator() } else { builder.blockBoundary() }
        }
        innermostTable.cellsInRow = cellsInRow + 1
        builder.cellDepth += 1
        if innermostTable.isRecorded, recordedCells < extractor.maximumTableCells {
            innermostTable.builder.cellStart = builder.count
            innermostTable.builder.cellSpan = span()
        }
    }

    // MARK: - Cell spans

    /// A cell's `colspan` and `rowspan` from its attributes, given as (name, value) pairs of NUL-terminated
    /// strings (1 when absent or unreadable; capped, so a hostile span cannot make a table grow without bound).
    static func span<Attributes: Sequence>(
        of attributes: Attributes
    ) -> (columns: Int, rows: Int) where Attributes.Element == (UnsafePointer<UInt8>, UnsafePointer<UInt8>) {
        var columns = 1
        var rows = 1
        for (name, value) in attributes {
            var length = 0
            while value[length] != 0 { length += 1 }
            let bytes = UnsafeBufferPointer(start: value, count: length)
            if isName(name, "colspan") {
                columns = spanValue(bytes, maximum: TableBuilder.maximumColumnSpan)
            } else if isName(name, "rowspan") {
                rows = spanValue(bytes, maximum: TableBuilder.maximumRowSpan)
            }
        }
        return (columns, rows)
    }

    /// A cell's `colspan` and `rowspan` from their attribute values (nil when absent or without a value).
    static func span(
        columns: UnsafeBufferPointer<UInt8>?,
        rows: UnsafeBufferPointer<UInt8>?
    ) -> (columns: Int, rows: Int) {
        (
            columns.map { spanValue($0, maximum: TableBuilder.maximumColumnSpan) } ?? 1,
            rows.map { spanValue($0, maximum: TableBuilder.maximumRowSpan) } ?? 1
        )
    }

    /// Whether the NUL-terminated `name` is exactly `expected` (ASCII).
    private static func isName(_ name: UnsafePointer<UInt8>, _ expected: StaticString) -> Bool {
        let bytes = expected.utf8Start
        for index in 0..<expected.utf8CodeUnitCount where name[index] != bytes[index] { return false }
        return name[expected.utf8CodeUnitCount] == 0
    }

    /// The leading decimal number of an attribute value, clamped to `1...maximum` (0 and garbage read as 1).
    private static func spanValue(_ value: UnsafeBufferPointer<UInt8>, maximum: Int) -> Int {
        var index = 0
        while index < value.count, value[index] == 0x20 || value[index] == 0x09 { index += 1 }
        var number = 0
        while index < value.count, value[index] >= 0x30, value[index] <= 0x39, number <= maximum {
            number = number * 10 + Int(value[index] - 0x30)
            index += 1
        }
        return min(max(number, 1), maximum)
    }
}

/// An open `<table>`: its position in the current row, and its builder when it is recorded.
private struct OpenTable {
    /// Cells seen in the current row (a tab goes before each but the first).
    var cellsInRow = 0
    /// Whether the table is recorded in ``builder``; false for one kept as text only (too deep, or past the cell
    /// budget).
    var isRecorded = false
    /// The recorded table (an unused, empty one when not ``isRecorded``).
    var builder = TableBuilder(index: -1, textStart: 0)
}
