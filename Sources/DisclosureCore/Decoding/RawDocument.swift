/// One raw input as the scraper published it (SPEC §2): bytes plus optional metadata from headers.
public struct RawDocument: Sendable {
    /// The bytes as fetched (or the JSON envelope).
    public var bytes: [UInt8]
    /// `content-type` header, as given (`text/html; charset=gb18030`, `application/vnd.disclosure.raw+json`).
    public var contentType: String?
    /// `document-id` header.
    public var documentId: String?
    /// `source-url` header.
    public var sourceURL: String?
    /// `fetched-at` header.
    public var fetchedAt: String?

    /// Creates a raw document.
    public init(
        bytes: [UInt8],
        contentType: String? = nil,
        documentId: String? = nil,
        sourceURL: String? = nil,
        fetchedAt: String? = nil
    ) {
        self.bytes = bytes
        self.contentType = contentType
        self.documentId = documentId
        self.sourceURL = sourceURL
        self.fetchedAt = fetchedAt
    }

    /// `sha256:` + hex digest of the raw bytes: the id when none is given (SPEC §2).
    public var contentDocumentId: String { SHA256.hexDigest(bytes, prefix: "sha256:") }
}

/// A document decoded to text, with what was detected about it.
///
/// The text is kept as the UTF-8 bytes the decoder validated or produced (``utf8``): the parser scans bytes, and a
/// `String` of the whole text (``text``) is made only where one is asked for, since making one validates the bytes
/// again.
public struct DecodedDocument: Sendable {
    /// The document text, UTF-8 (valid: checked or produced by the decoder); for HTML, the visible text with one
    /// line per block, `<br>` as a line break and a tab between table cells.
    public var utf8: [UInt8] {
        didSet { normalized = nil }
    }
    /// ``utf8`` normalized, when the decoder normalized it while validating it (UTF-8 plain text); nil otherwise,
    /// and once ``utf8`` is changed.
    var normalized: NormalizedText?
    /// The document's id (given, or derived from the raw bytes).
    public var documentId: String
    /// Source metadata, with `contentType` and `charset` as detected.
    public var source: SourceInfo
    /// Tables found in HTML input (or by a ``PDFTextSource``), their cells in one buffer each, in document order.
    public var tableCells: [TableRows]
    /// ``tableCells`` as rows of cell texts (made on every read).
    public var htmlTables: [[[String]]] {
        get { tableCells.map(\.rows) }
        set { tableCells = newValue.map(TableRows.init) }
    }
    /// Each table's caption (`<caption>`), parallel to ``htmlTables``; nil where a table has none.
    public var tableCaptions: [String?]
    /// Where each table's text sits in ``utf8`` (byte offsets), parallel to ``htmlTables``; empty ranges where
    /// unknown.
    public var tableRanges: [Range<Int>]
    /// The HTML page's `<title>`, which is not part of ``text``.
    public var htmlTitle: String?

    /// The document text as a `String` (made from ``utf8`` on every read: hot paths read ``utf8``).
    public var text: String {
        get { String(decoding: utf8, as: UTF8.self) }
        set { utf8 = Array(newValue.utf8) }
    }

    /// Creates a decoded document from its text.
    public init(
        text: String,
        documentId: String,
        source: SourceInfo,
        htmlTables: [[[String]]] = [],
        tableCaptions: [String?] = [],
        tableRanges: [Range<Int>] = [],
        htmlTitle: String? = nil
    ) {
        self.init(
            utf8: Array(text.utf8),
            documentId: documentId,
            source: source,
            htmlTables: htmlTables,
            tableCaptions: tableCaptions,
            tableRanges: tableRanges,
            htmlTitle: htmlTitle
        )
    }

    /// Creates a decoded document from its text's UTF-8 bytes, which must be valid UTF-8.
    public init(
        utf8: [UInt8],
        documentId: String,
        source: SourceInfo,
        htmlTables: [[[String]]] = [],
        tableCaptions: [String?] = [],
        tableRanges: [Range<Int>] = [],
        htmlTitle: String? = nil
    ) {
        self.init(
            utf8: utf8,
            documentId: documentId,
            source: source,
            tableCells: htmlTables.map(TableRows.init),
            tableCaptions: tableCaptions,
            tableRanges: tableRanges,
            htmlTitle: htmlTitle
        )
    }

    /// Creates a decoded document from its text's UTF-8 bytes (valid UTF-8) and its tables' cells.
    init(
        utf8: [UInt8],
        documentId: String,
        source: SourceInfo,
        tableCells: [TableRows],
        tableCaptions: [String?] = [],
        tableRanges: [Range<Int>] = [],
        htmlTitle: String? = nil
    ) {
        self.utf8 = utf8
        self.documentId = documentId
        self.source = source
        self.tableCells = tableCells
        self.tableCaptions = tableCaptions
        self.tableRanges = tableRanges
        self.htmlTitle = htmlTitle
    }
}
