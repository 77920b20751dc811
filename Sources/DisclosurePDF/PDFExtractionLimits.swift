/// Bounds on the work one PDF may cost, so that a hostile or broken file fails fast instead of starving the worker.
///
/// poppler cannot be interrupted inside a page, so the time and glyph limits are checked between pages: one page
/// costs at most what poppler needs for that page.
public struct PDFExtractionLimits: Sendable, Equatable {
    /// Largest PDF accepted, bytes (default 32 MiB).
    public var maximumBytes: Int
    /// Most pages accepted (default 1000); checked against the page count before any page is read.
    public var maximumPages: Int
    /// Most glyphs on one page (default 200 000; a dense table page has about 5 000).
    public var maximumGlyphsPerPage: Int
    /// Most UTF-8 bytes of extracted text for the whole document (default 16 MiB).
    public var maximumTextBytes: Int
    /// Wall-clock budget for the whole document (default 30 s).
    public var timeLimit: Duration
    /// Most bytes one stream may inflate to (default 16 MiB; four times that for an embedded font). Images are not
    /// counted: text extraction never decodes them. Checked before poppler opens the file (``PDFStreamScan``).
    public var maximumInflatedStreamBytes: Int
    /// Most bytes all streams together may inflate to (default 512 MiB).
    public var maximumInflatedBytes: Int
    /// Highest inflated-to-compressed ratio of a stream that inflates past 4 MiB (default 1000).
    public var maximumInflationRatio: Int
    /// Most objects the object streams together, a cross-reference stream or a trailer may declare (default 1 000 000).
    public var maximumObjects: Int

    /// Creates limits.
    public init(
        maximumBytes: Int = 32 * 1024 * 1024,
        maximumPages: Int = 1000,
        maximumGlyphsPerPage: Int = 200_000,
        maximumTextBytes: Int = 16 * 1024 * 1024,
        timeLimit: Duration = .seconds(30),
        maximumInflatedStreamBytes: Int = 16 * 1024 * 1024,
        maximumInflatedBytes: Int = 512 * 1024 * 1024,
        maximumInflationRatio: Int = 1000,
        maximumObjects: Int = 1_000_000
    ) {
        self.maximumBytes = maximumBytes
        self.maximumPages = maximumPages
        self.maximumGlyphsPerPage = maximumGlyphsPerPage
        self.maximumTextBytes = maximumTextBytes
        self.timeLimit = timeLimit
        self.maximumInflatedStreamBytes = maximumInflatedStreamBytes
        self.maximumInflatedBytes = maximumInflatedBytes
        self.maximumInflationRatio = maximumInflationRatio
        self.maximumObjects = maximumObjects
    }
}
