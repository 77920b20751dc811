/// Why a PDF could not be turned into text.
///
/// Each code is a distinct reason an operator can act on; ``disclosureError`` maps them onto the DLQ error classes
/// (`pdf-encrypted`, `pdf-no-text-layer`, `pdf-corrupt`, `pdf-too-large`) and keeps ``message`` in the
/// `error-message`.
public struct PDFExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The bytes do not start like a PDF, or poppler cannot parse them.
        case corrupt
        /// The file ends before its `%%EOF` marker (an interrupted download).
        case truncated
        /// The document needs a password to open.
        case encrypted
        /// No text layer: a scanned or image-only document (or fonts without a Unicode mapping).
        case noTextLayer = "no-text-layer"
        /// More pages than ``PDFExtractionLimits/maximumPages``.
        case tooManyPages = "too-many-pages"
        /// More input bytes than ``PDFExtractionLimits/maximumBytes``.
        case tooLarge = "too-large"
        /// More glyphs on a page, or more text in the document, than the limits allow (a content bomb).
        case tooMuchText = "too-much-text"
        /// Extraction ran past ``PDFExtractionLimits/timeLimit``.
        case timeLimit = "time-limit"
        /// A stream that inflates past the limits, or an object or cross-reference stream that declares more objects
        /// than the limits allow: refused before poppler sees it (``PDFStreamScan``).
        case bomb
    }

    /// What went wrong.
    public var code: Code
    /// One line, for people (the DLQ `error-message`).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "pdf \(code.rawValue): \(message)" }
}
