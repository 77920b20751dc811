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

    /// Creates limits.
    public init(
        maximumBytes: Int = 32 * 1024 * 1024,
        maximumPages: Int = 1000,
        maximumGlyphsPerPage: Int = 200_000,
        maximumTextBytes: Int = 16 * 1024 * 1024,
        timeLimit: Duration = .seconds(30)
    ) {
        self.maximumBytes = maximumBytes
        self.maximumPages = maximumPages
        self.maximumGlyphsPerPage = maximumGlyphsPerPage
        self.maximumTextBytes = maximumTextBytes
        self.timeLimit = timeLimit
    }
}
