/// A PDF's text in layout mode: one string per page, and the whole document for the parser.
public struct PDFLayoutText: Sendable, Equatable {
    /// Each page's layout text, lines separated by `\n`, after the repairs of ``PDFTextRepair`` (page numbers and
    /// running headers removed). Table rows stay on one line with their cells separated by two or more spaces.
    public var pages: [String]
    /// The document text: pages separated by a form feed (`\f`), except where a sentence runs on from one page
    /// to the next; there the two halves are joined, as are a prose line's wrapped continuations.
    public var text: String

    /// Creates a text.
    public init(pages: [String], text: String) {
        self.pages = pages
        self.text = text
    }
}
