public import DisclosureCore

/// The extractor is the core's PDF hook: pass `PDFTextExtractor()` as the `pdfTextSource` of a
/// ``DisclosureCore/DocumentDecoder``, and `application/pdf` input (or bytes starting with `%PDF-`) is read through
/// poppler. The core finds the tables in the layout text itself, so no tables are returned here.
extension PDFTextExtractor: PDFTextSource {
    /// Extracts the layout text within the tighter of this extractor's limits and the decoder's.
    ///
    /// - Throws: ``DisclosureCore/DisclosureError``: `too-large` over the byte limit; `pdf` for every other
    ///   reason, with the reason (`encrypted`, `no-text-layer`, `truncated`, `corrupt`, `too-many-pages`,
    ///   `too-much-text`, `time-limit`) leading the message, which becomes the DLQ `error-message`.
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
    /// The core error this maps to: the byte limit is `too-large`, everything else the DLQ class `pdf`.
    public var disclosureError: DisclosureError {
        if code == .tooLarge { return DisclosureError(.tooLarge, message) }
        return DisclosureError(.pdf, "\(code.rawValue): \(message)")
    }
}
