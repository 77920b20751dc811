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
    public var contentDocumentId: String { "sha256:" + SHA256.hexDigest(bytes) }
}

/// A document decoded to text, with what was detected about it.
public struct DecodedDocument: Sendable {
    /// The document text; for HTML, the visible text with one line per block, `<br>` as a line break and a tab
    /// between table cells.
    public var text: String
    /// The document's id (given, or derived from the raw bytes).
    public var documentId: String
    /// Source metadata, with `contentType` and `charset` as detected.
    public var source: SourceInfo
    /// Tables found in HTML input (or by a ``PDFTextSource``), as rows of cell texts, in document order.
    public var htmlTables: [[[String]]]
    /// Each table's caption (`<caption>`), parallel to ``htmlTables``; nil where a table has none.
    public var tableCaptions: [String?]
    /// Where each table's text sits in ``text`` (UTF-8 byte offsets), parallel to ``htmlTables``; empty ranges
    /// where unknown.
    public var tableRanges: [Range<Int>]
    /// The HTML page's `<title>`, which is not part of ``text``.
    public var htmlTitle: String?

    /// Creates a decoded document.
    public init(
        text: String,
        documentId: String,
        source: SourceInfo,
        htmlTables: [[[String]]] = [],
        tableCaptions: [String?] = [],
        tableRanges: [Range<Int>] = [],
        htmlTitle: String? = nil
    ) {
        self.text = text
        self.documentId = documentId
        self.source = source
        self.htmlTables = htmlTables
        self.tableCaptions = tableCaptions
        self.tableRanges = tableRanges
        self.htmlTitle = htmlTitle
    }
}
