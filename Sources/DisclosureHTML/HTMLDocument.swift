/// What an HTML page says, as text with its block structure, plus its tables.
public struct HTMLDocument: Sendable, Equatable {
    /// The visible text: one line per block (paragraph, heading, list item, table row), `<br>` as a line break,
    /// table cells separated by a tab. Scripts, styles, comments and the `<head>` are dropped; entities decoded.
    public var text: String
    /// Every table whose nesting is within ``HTMLTextExtractor/maximumTableDepth``, in document order.
    public var tables: [HTMLTable]
    /// The `<title>` text, whitespace-collapsed, when the page has one.
    public var title: String?

    /// Creates a document.
    public init(text: String, tables: [HTMLTable] = [], title: String? = nil) {
        self.text = text
        self.tables = tables
        self.title = title
    }
}

/// One HTML table: its caption and its rows of cell texts, as written.
public struct HTMLTable: Sendable, Equatable {
    /// The `<caption>` text, when there is one.
    public var caption: String?
    /// Rows in order; each row's cells in order, whitespace-collapsed (a cell's own line breaks become spaces).
    public var rows: [[String]]
    /// Where the table's text (caption and rows) sits in ``HTMLDocument/text``, in UTF-8 bytes.
    public var textRange: Range<Int>

    /// Creates a table.
    public init(caption: String? = nil, rows: [[String]], textRange: Range<Int> = 0..<0) {
        self.caption = caption
        self.rows = rows
        self.textRange = textRange
    }
}
