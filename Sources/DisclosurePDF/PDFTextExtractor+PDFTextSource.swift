public import DisclosureCore

/// The extractor is the core's PDF hook: pass `PDFTextExtractor()` as the `pdfTextSource` of a
/// ``DisclosureCore/DocumentDecoder``, and `application/pdf` input (or bytes starting with `%PDF-`) is read through
/// poppler. The core finds the tables in the layout text itself, so no tables are returned here.
extension PDFTextExtractor: PDFTextSource {
    /// Extracts the layout text within the tighter of this extractor's limits and the decoder's.
    ///
    /// - Throws: ``DisclosureCore/DisclosureError``: `too-large` over the byte limit; else the `pdf-…` class of the
    ///   reason (``PDFExtractionError/disclosureError``), with the reason (`encrypted`, `no-text-layer`, `truncated`,
    ///   `corrupt`, `too-many-pages`, `too-much-text`, `time-limit`, `bomb`) leading the message, which becomes the
    ///   DLQ `error-message`.
    public func extractText(fromPDF bytes: [UInt8], limits: InputLimits) throws(DisclosureError) -> ExtractedPDFText {
        var extractor = self
        extractor.limits.maximumBytes = min(self.limits.maximumBytes, limits.maximumBytes)
        extractor.limits.maximumTextBytes = min(self.limits.maximumTextBytes, limits.effectiveMaximumTextBytes)
        do {
            return ExtractedPDFText(text: try extractor.extract(bytes).text)
        } catch {
            throw error.disclosureError
        }
    }
}

extension PDFExtractionError {
    /// The core error this maps to, whose code is the DLQ `error-class`: the byte limit is `too-large`; `encrypted`
    /// is `pdf-encrypted`, `no-text-layer` `pdf-no-text-layer`, `corrupt` and `truncated` `pdf-corrupt`, and the
    /// page, text, time and bomb limits `pdf-too-large`.
    public var disclosureError: DisclosureError {
        let errorClass: DisclosureError.Code
        switch code {
        case .tooLarge: return DisclosureError(.tooLarge, message)
        case .encrypted: errorClass = .pdfEncrypted
        case .noTextLayer: errorClass = .pdfNoTextLayer
        case .corrupt, .truncated: errorClass = .pdfCorrupt
        case .tooManyPages, .tooMuchText, .timeLimit, .bomb: errorClass = .pdfTooLarge
        }
        return DisclosureError(errorClass, "\(code.rawValue): \(message)")
    }
}
