import CPoppler

/// Owns one `PopplerDocument` and releases it in `deinit`; the only place a document pointer lives.
///
/// - Important: poppler documents are not thread-safe. A handle is created, used and dropped inside one call of
///   ``PDFTextExtractor/extract(_:)`` and never shared, so it is deliberately not `Sendable`.
final class PopplerDocumentHandle {
    /// The document; valid until `deinit`.
    private let document: OpaquePointer

    /// Opens a document from a copy of `bytes` in which ``OutputIntentMask`` has hidden the output intents.
    ///
    /// - Throws: ``PDFExtractionError`` `encrypted` when a password is needed, `corrupt` when poppler cannot parse.
    init(bytes: [UInt8]) throws(PDFExtractionError) {
        guard !bytes.isEmpty, let copy = g_malloc(gsize(bytes.count)) else {
            throw PDFExtractionError(.corrupt, "poppler could not open the document: it is empty")
        }
        let count = bytes.count
        let typed = copy.bindMemory(to: UInt8.self, capacity: count)
        bytes.withUnsafeBufferPointer { source in typed.update(from: source.baseAddress!, count: count) }
        OutputIntentMask.apply(UnsafeMutableBufferPointer(start: typed, count: count))
        // The GBytes owns the copy from here (g_free when its last reference goes), which spares poppler's own copy.
        let gbytes = g_bytes_new_take(copy, gsize(count))
        // The document takes its own reference to the bytes.
        defer { g_bytes_unref(gbytes) }
        var error: UnsafeMutablePointer<GError>? = nil
        guard let document = poppler_document_new_from_bytes(gbytes, nil, &error) else {
            throw PopplerDocumentHandle.openError(error)
        }
        if let error { g_error_free(error) }
        self.document = document
    }

    deinit {
        cpoppler_object_unref(UnsafeMutableRawPointer(document))
    }

    /// Number of pages poppler reports (it caps a lying `/Count` at the number of objects).
    var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

    /// The glyphs and size of one page, copied out of poppler's memory.
    ///
    /// - Returns: nil when poppler cannot load the page.
    func page(at index: Int) -> PDFPageGlyphs? {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return nil }
        defer { cpoppler_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0
        var height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard let text = poppler_page_get_text(page) else {
            return PDFPageGlyphs(width: width, height: height, glyphs: [])
        }
        defer { g_free(text) }
        var rectangles: UnsafeMutablePointer<PopplerRectangle>? = nil
        var rectangleCount: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &rectangleCount) != 0, let rectangles else {
            return PDFPageGlyphs(width: width, height: height, glyphs: [])
        }
        defer { g_free(rectangles) }
        // poppler gives one rectangle per character of the page text, in the same order.
        var glyphs: [PDFGlyph] = []
        glyphs.reserveCapacity(Int(rectangleCount))
        var index = 0
        let count = Int(rectangleCount)
        for scalar in String(cString: text).unicodeScalars {
            guard index < count else { break }
            let box = rectangles[index]
            index += 1
            glyphs.append(PDFGlyph(scalar: scalar, x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2))
        }
        return PDFPageGlyphs(width: width, height: height, glyphs: glyphs)
    }

    /// Turns a failed open into our error, freeing the GError.
    private static func openError(_ error: UnsafeMutablePointer<GError>?) -> PDFExtractionError {
        guard let error else { return PDFExtractionError(.corrupt, "poppler could not open the document") }
        defer { g_error_free(error) }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        if error.pointee.domain == cpoppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
        {
            return PDFExtractionError(.encrypted, "the document is encrypted and needs a password")
        }
        return PDFExtractionError(.corrupt, "poppler could not open the document: \(message)")
    }
}

/// One page's size (points) and glyphs, as plain Swift values.
struct PDFPageGlyphs: Sendable {
    /// Page width.
    var width: Double
    /// Page height.
    var height: Double
    /// The glyphs in poppler's order (including the spaces and newlines it inserts).
    var glyphs: [PDFGlyph]
}
