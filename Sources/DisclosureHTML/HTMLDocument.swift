/// What an HTML page says, as text with its block structure, plus its tables.
public struct HTMLDocument: Sendable, Equatable {
    /// The visible text, UTF-8 (valid): one line per block (paragraph, heading, list item, table row), `<br>` as a
    /// line break, table cells separated by a tab. Scripts, styles, comments and the `<head>` are dropped; entities
    /// decoded. Kept as the bytes the reader wrote: the decoder hands them on as they are, with no `String` between.
    public var utf8: [UInt8]
    /// Every table whose nesting is within ``HTMLTextExtractor/maximumTableDepth``, in document order.
    public var tables: [HTMLTable]
    /// The `<title>` text, whitespace-collapsed, when the page has one.
    public var title: String?

    /// ``utf8`` as a `String` (made on every read).
    public var text: String {
        get { String(decoding: utf8, as: UTF8.self) }
        set { utf8 = Array(newValue.utf8) }
    }

    /// Creates a document.
    public init(text: String, tables: [HTMLTable] = [], title: String? = nil) {
        self.init(utf8: Array(text.utf8), tables: tables, title: title)
    }

    /// Creates a document from its text's UTF-8 bytes, which must be valid UTF-8.
    public init(utf8: [UInt8], tables: [HTMLTable] = [], title: String? = nil) {
        self.utf8 = utf8
        self.tables = tables
        self.title = title
    }
}

/// One HTML table: its caption and its rows of cell texts, as written.
public struct HTMLTable: Sendable, Equatable {
    /// The `<caption>` text, when there is one.
    public var caption: String?
    /// Rows in order; each row's cells in order, whitespace-collapsed (a cell's own line breaks become spaces).
    public var cells: HTMLTableCells
    /// Where the table's text (caption and rows) sits in ``HTMLDocument/text``, in UTF-8 bytes.
    public var textRange: Range<Int>

    /// ``cells`` as rows of strings (made on every read).
    public var rows: [[String]] {
        get { cells.rows }
        set { cells = HTMLTableCells(rows: newValue) }
    }

    /// Creates a table.
    public init(caption: String? = nil, rows: [[String]], textRange: Range<Int> = 0..<0) {
        self.init(caption: caption, cells: HTMLTableCells(rows: rows), textRange: textRange)
    }

    /// Creates a table of `cells`.
    public init(caption: String? = nil, cells: HTMLTableCells, textRange: Range<Int> = 0..<0) {
        self.caption = caption
        self.cells = cells
        self.textRange = textRange
    }
}
