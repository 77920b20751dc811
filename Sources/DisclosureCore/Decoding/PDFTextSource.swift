/// Turns a PDF into text: the hook through which PDF support plugs into ``DocumentDecoder``.
///
/// The decoder routes input to it when the content type says `application/pdf` or the bytes start with `%PDF-`.
/// With no source set, such input fails with ``DisclosureError/Code/decode`` ("PDF support not available").
public protocol PDFTextSource: Sendable {
    /// Extracts the text (and any tables) of a PDF.
    ///
    /// - Parameters:
    ///   - bytes: the PDF file's bytes.
    ///   - limits: the decoder's limits (text size, and whatever the source adds).
    /// - Throws: ``DisclosureError``: `pdf-encrypted`, `pdf-no-text-layer`, `pdf-corrupt` (corrupt or truncated) or
    ///   `pdf-too-large` (pages, content, time, a bomb) for a PDF that cannot be read; `too-large` over the byte limit.
    func extractText(fromPDF bytes: [UInt8], limits: InputLimits) throws(DisclosureError) -> ExtractedPDFText
}

/// What a ``PDFTextSource`` read from a PDF.
public struct ExtractedPDFText: Sendable, Equatable {
    /// The text in reading order, one line per text line, pages separated by a form feed or line break.
    public var text: String
    /// Tables recognized in the layout, as rows of cell texts.
    public var tables: [[[String]]]
    /// Each table's title, parallel to ``tables``.
    public var tableCaptions: [String?]

    /// Creates PDF text.
    public init(text: String, tables: [[[String]]] = [], tableCaptions: [String?] = []) {
        self.text = text
        self.tables = tables
        self.tableCaptions = tableCaptions
    }
}
