/// Extracts the text of a PDF in a layout-preserving mode, in process, through poppler.
///
/// Table rows come out on one line with their cells apart (like `pdftotext -layout`), prose lines are joined
/// back into paragraphs, and page numbers and running headers are dropped (``PDFTextRepair``). Every document is
/// bounded by ``PDFExtractionLimits``; what cannot be read fails with a distinct ``PDFExtractionError`` code.
///
/// The extractor holds no poppler state between calls, so one value can be shared by any number of tasks; each
/// call blocks its thread for the duration of the extraction.
public struct PDFTextExtractor: Sendable {
    /// Bounds on one document.
    public var limits: PDFExtractionLimits

    /// Creates an extractor.
    public init(limits: PDFExtractionLimits = PDFExtractionLimits()) {
        self.limits = limits
    }

    /// Whether `bytes` look like a PDF: `%PDF-` within the first 1024 bytes (where readers accept it).
    public static func looksLikePDF(_ bytes: some Collection<UInt8>) -> Bool {
        PDFTextExtractor.find(Array("%PDF-".utf8), in: Array(bytes.prefix(1024))) != nil
    }

    /// Extracts the text.
    ///
    /// - Parameter bytes: the whole PDF file.
    /// - Returns: the layout text, page by page and as one document.
    /// - Throws: ``PDFExtractionError``: `corrupt`, `truncated`, `encrypted`, `no-text-layer`, `too-many-pages`,
    ///   `too-large`, `too-much-text`, `time-limit` or `bomb`.
    public func extract(_ bytes: [UInt8]) throws(PDFExtractionError) -> PDFLayoutText {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limits.timeLimit)
        guard bytes.count <= limits.maximumBytes else {
            throw PDFExtractionError(.tooLarge, "the PDF is \(bytes.count) bytes; the limit is \(limits.maximumBytes)")
        }
        guard PDFTextExtractor.looksLikePDF(bytes) else {
            throw PDFExtractionError(.corrupt, "not a PDF: no %PDF- header")
        }
        // A download cut short loses its trailer; poppler would rebuild the cross-reference table and return the
        // pages it still finds, silently dropping the rest. Readers accept %%EOF within the last 1024 bytes.
        guard PDFTextExtractor.find(Array("%%EOF".utf8), in: Array(bytes.suffix(1024))) != nil else {
            throw PDFExtractionError(.truncated, "the PDF is truncated: no %%EOF marker at its end")
        }
        // poppler cannot be stopped inside a page: refuse what would blow up inside one before it sees the file.
        try PDFStreamScan.check(bytes, limits: limits)
        let document = try PopplerDocumentHandle(bytes: bytes)
        let pageCount = document.pageCount
        guard pageCount > 0 else { throw PDFExtractionError(.corrupt, "the PDF has no pages") }
        guard pageCount <= limits.maximumPages else {
            throw PDFExtractionError(
                .tooManyPages,
                "the PDF has \(pageCount) pages; the limit is \(limits.maximumPages)"
            )
        }

        var pages: [[PDFLayoutLine]] = []
        pages.reserveCapacity(pageCount)
        var pageSizes: [(width: Double, height: Double)] = []
        var textBytes = 0
        var glyphCount = 0
        var unreadableGlyphs = 0
        for index in 0..<pageCount {
            guard clock.now < deadline else {
                throw PDFExtractionError(
                    .timeLimit,
                    "extraction stopped at page \(index + 1) of \(pageCount): over the \(limits.timeLimit) limit"
                )
            }
            guard let page = document.page(at: index) else {
                throw PDFExtractionError(.corrupt, "page \(index + 1) of \(pageCount) cannot be read")
            }
            guard page.glyphs.count <= limits.maximumGlyphsPerPage else {
                throw PDFExtractionError(
                    .tooMuchText,
                    "page \(index + 1) has \(page.glyphs.count) characters; the limit is \(limits.maximumGlyphsPerPage)"
                )
            }
            let lines = PDFLayoutBuilder.lines(glyphs: page.glyphs, pageWidth: page.width, pageHeight: page.height)
            for line in lines {
                textBytes += line.text.utf8.count + 1
                for scalar in line.text.unicodeScalars where scalar != " " {
                    glyphCount += 1
                    if PDFTextExtractor.isUnreadable(scalar) { unreadableGlyphs += 1 }
                }
            }
            guard textBytes <= limits.maximumTextBytes else {
                throw PDFExtractionError(
                    .tooMuchText,
                    "the text passes \(limits.maximumTextBytes) bytes at page \(index + 1) of \(pageCount)"
                )
            }
            pages.append(lines)
            pageSizes.append((page.width, page.height))
        }
        // A scan has no text, or a few stray characters (a stamp, a page number).
        guard glyphCount >= 16 * min(pageCount, 4) else {
            throw PDFExtractionError(
                .noTextLayer,
                "the PDF has no text layer (\(glyphCount) characters on \(pageCount) pages): scanned or image-only"
            )
        }
        // Fonts without a Unicode mapping give private-use or replacement characters: text we cannot read.
        guard unreadableGlyphs * 2 < glyphCount else {
            throw PDFExtractionError(
                .noTextLayer,
                "the PDF's text layer is unreadable: \(unreadableGlyphs) of \(glyphCount) characters have no Unicode"
            )
        }
        return PDFTextRepair.compose(pages: pages, pageSizes: pageSizes)
    }

    // MARK: - Helpers

    /// Private-use, replacement and control characters: what a font without a Unicode map produces.
    static func isUnreadable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0xE000...0xF8FF).contains(value) || value == 0xFFFD || value >= 0xF0000
    }

    /// The first offset of `needle` in `haystack`.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
