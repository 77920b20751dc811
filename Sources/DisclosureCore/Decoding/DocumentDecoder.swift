import DisclosureHTML

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes raw input into text (SPEC §2): the JSON envelope, the charset (UTF-8 or GB18030, from a byte-order
/// mark, a header, an HTML `<meta>` or the bytes), HTML to text, and the limits.
///
/// Routing: an `application/vnd.disclosure.raw+json` content type (or, with none given, bytes that are a JSON
/// object with a `body`) is an envelope whose fields stand in for the headers; `application/pdf` or `%PDF-` goes
/// to ``pdfTextSource``; `text/html`, or HTML markup found by sniffing, goes through libxml2's HTML parser;
/// everything else is plain text.
public struct DocumentDecoder: Sendable {
    /// Limits on input.
    public var limits: InputLimits
    /// Reads PDFs; nil (the default) fails PDF input with code `pdf`.
    public var pdfTextSource: (any PDFTextSource)?

    /// Creates a decoder.
    public init(limits: InputLimits = InputLimits(), pdfTextSource: (any PDFTextSource)? = nil) {
        self.limits = limits
        self.pdfTextSource = pdfTextSource
    }

    /// Decodes a raw document.
    ///
    /// - Throws: ``DisclosureError`` with code `decode` (unreadable bytes, broken envelope, binary data),
    ///   `too-large` (over ``InputLimits``) or `pdf`.
    public func decode(_ raw: RawDocument) throws(DisclosureError) -> DecodedDocument {
        guard raw.bytes.count <= limits.maximumBytes else {
            throw DisclosureError(.tooLarge, "input is \(raw.bytes.count) bytes; the limit is \(limits.maximumBytes)")
        }
        guard !raw.bytes.isEmpty else { throw DisclosureError(.decode, "input is empty") }
        let mediaType = raw.contentType.map(MediaType.init)
        // SPEC §2: with no id given, the id hashes the raw bytes as received (the envelope, for an envelope).
        var identity = Identity(
            documentId: raw.documentId ?? raw.contentDocumentId,
            url: raw.sourceURL,
            fetchedAt: raw.fetchedAt
        )
        if mediaType?.isEnvelope == true || (mayBeEnvelope(mediaType) && ByteSniffer.looksLikeEnvelope(raw.bytes)) {
            let envelope = try RawEnvelope(parsing: raw.bytes)
            identity.documentId = envelope.documentId ?? identity.documentId
            identity.url = envelope.sourceURL ?? identity.url
            identity.fetchedAt = envelope.fetchedAt ?? identity.fetchedAt
            let bodyType = envelope.contentType.map(MediaType.init)
            let charsetLabel = envelope.bodyIsText ? "utf-8" : envelope.charset ?? bodyType?.charsetLabel
            guard !envelope.body.isEmpty else { throw DisclosureError(.decode, "the envelope's body is empty") }
            return try decodeBody(envelope.body, mediaType: bodyType, charsetLabel: charsetLabel, identity: identity)
        }
        return try decodeBody(
            raw.bytes,
            mediaType: mediaType,
            charsetLabel: mediaType?.charsetLabel,
            identity: identity
        )
    }

    // MARK: - Private

    /// The metadata that does not come from the bytes themselves.
    private struct Identity {
        var documentId: String
        var url: String?
        var fetchedAt: String?
    }

    /// Envelopes are sniffed only where no specific document type was declared.
    private func mayBeEnvelope(_ mediaType: MediaType?) -> Bool {
        guard let mediaType else { return true }
        return mediaType.essence.isEmpty || mediaType.essence == "application/json"
            || mediaType.essence == "application/octet-stream"
    }

    private func decodeBody(
        _ bytes: [UInt8],
        mediaType: MediaType?,
        charsetLabel: String?,
        identity: Identity
    ) throws(DisclosureError) -> DecodedDocument {
        if mediaType?.isPDF == true || ByteSniffer.isPDF(bytes) {
            return try decodePDF(bytes, identity: identity)
        }
        let isHTML: Bool
        if let mediaType, mediaType.isHTML {
            isHTML = true
        } else {
            // A `text/plain` label is trusted unless the bytes plainly start as an HTML page.
            isHTML = ByteSniffer.looksLikeHTML(bytes, strongOnly: mediaType?.isPlainText == true)
        }
        var declared = charsetLabel.flatMap { DocumentCharset(label: $0) }
        if declared == nil, isHTML {
            declared = ByteSniffer.metaCharset(bytes).flatMap { DocumentCharset(label: $0) }
        }
        // Plain text in UTF-8 (most input): validated and normalized in one pass, unless it has a byte-order mark
        // or is declared GB18030 (then it is almost surely not UTF-8, and the charset decoder says what it is).
        if !isHTML, declared != .gb18030, !ByteSniffer.hasUTF16Or32BOM(bytes), !bytes.starts(with: ByteSniffer.utf8BOM),
            let document = normalizedPlainText(bytes, charset: .utf8, identity: identity)
        {
            return document
        }
        // Plain text in GB18030 (bytes that are not UTF-8, with no byte-order mark): transcoded and normalized in
        // one pass; what that pass does not decide (bad bytes, control characters) goes the separate way below.
        if !isHTML, !ByteSniffer.hasUTF16Or32BOM(bytes), !bytes.starts(with: ByteSniffer.utf8BOM),
            !bytes.starts(with: ByteSniffer.gb18030BOM), UTF8Validator.scan(bytes).failure != nil,
            let normalized = GB18030Normalizer.normalize(
                gb18030: bytes,
                maximumTextBytes: limits.effectiveMaximumTextBytes
            )
        {
            let source = SourceInfo(
                url: identity.url,
                fetchedAt: identity.fetchedAt,
                contentType: MediaType.plainText,
                charset: DocumentCharset.gb18030.rawValue
            )
            var document = DecodedDocument(utf8: normalized.original, documentId: identity.documentId, source: source)
            document.normalized = normalized
            return document
        }
        let decoded = try CharsetDecoder.decode(bytes, declared: declared)
        // Transcoded text is valid UTF-8 already: normalizing it looks for control characters on the way.
        if !isHTML, decoded.controlCount == nil,
            let document = normalizedPlainText(decoded.utf8, charset: decoded.charset, identity: identity)
        {
            return document
        }
        let (utf8, _) = try ControlCharacters.cleaned(
            decoded.utf8,
            controlCount: decoded.controlCount ?? ControlCharacters.controlCount(in: decoded.utf8)
        )
        try checkTextSize(utf8.count)
        let source = SourceInfo(
            url: identity.url,
            fetchedAt: identity.fetchedAt,
            contentType: isHTML ? MediaType.html : MediaType.plainText,
            charset: decoded.charset.rawValue
        )
        guard isHTML else {
            return DecodedDocument(utf8: utf8, documentId: identity.documentId, source: source)
        }
        let extractor = HTMLTextExtractor(maximumTextBytes: limits.effectiveMaximumTextBytes)
        // What the HTML reader checks before it reads a page is mostly known by now: valid UTF-8, and no control
        // character but tab, line feed, form feed and carriage return once cleaned. Form feeds (rare) are looked
        // for here; then the reader need not read the page a second time to check.
        let checkedPlainText = decoded.isFreeOfNoncharacters && !Self.containsFormFeed(utf8)
        let page: HTMLDocument
        do {
            page = try extractor.extract(utf8: utf8, checkedPlainText: checkedPlainText)
        } catch {
            switch error {
            case .textTooLarge(let limit):
                throw DisclosureError(.tooLarge, "the HTML page's text exceeds \(limit) bytes")
            case .inputTooLarge(let size):
                throw DisclosureError(.tooLarge, "the HTML page is \(size) bytes, more than the HTML parser takes")
            case .unparsable:
                throw DisclosureError(.decode, "the HTML parser produced no document")
            }
        }
        return DecodedDocument(
            utf8: page.utf8,
            documentId: identity.documentId,
            source: source,
            tableCells: page.tables.map { TableRows($0.cells) },
            tableCaptions: page.tables.map(\.caption),
            tableRanges: page.tables.map(\.textRange),
            htmlTitle: page.title
        )
    }

    /// Plain text whose normalized form was made in the pass that validated it; nil when `utf8` is not valid
    /// UTF-8, holds control characters or is over the text limit (the separate steps then say what is wrong).
    private func normalizedPlainText(
        _ utf8: [UInt8],
        charset: DocumentCharset,
        identity: Identity
    ) -> DecodedDocument? {
        guard utf8.count <= limits.effectiveMaximumTextBytes,
            let normalized = TextNormalizer.normalize(validatingUTF8: utf8)
        else { return nil }
        let source = SourceInfo(
            url: identity.url,
            fetchedAt: identity.fetchedAt,
            contentType: MediaType.plainText,
            charset: charset.rawValue
        )
        var document = DecodedDocument(utf8: utf8, documentId: identity.documentId, source: source)
        document.normalized = normalized
        return document
    }

    private func decodePDF(_ bytes: [UInt8], identity: Identity) throws(DisclosureError) -> DecodedDocument {
        guard let pdfTextSource else { throw DisclosureError(.decode, "PDF support not available") }
        let pdf = try pdfTextSource.extractText(fromPDF: bytes, limits: limits)
        try checkTextSize(pdf.text.utf8.count)
        let source = SourceInfo(
            url: identity.url,
            fetchedAt: identity.fetchedAt,
            contentType: MediaType.pdf,
            charset: nil
        )
        return DecodedDocument(
            text: pdf.text,
            documentId: identity.documentId,
            source: source,
            htmlTables: pdf.tables,
            tableCaptions: pdf.tableCaptions
        )
    }

    /// Whether `utf8` holds a form feed (memchr: most pages have none, and are read to the end).
    private static func containsFormFeed(_ utf8: [UInt8]) -> Bool {
        utf8.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0x0C, buffer.count) != nil
        }
    }

    private func checkTextSize(_ count: Int) throws(DisclosureError) {
        let limit = limits.effectiveMaximumTextBytes
        guard count <= limit else {
            throw DisclosureError(.tooLarge, "decoded text is \(count) bytes; the limit is \(limit)")
        }
    }
}
