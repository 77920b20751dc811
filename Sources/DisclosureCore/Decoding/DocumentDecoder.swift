/// Decodes raw input into text: envelope, charset, HTML.
///
/// - Note: first cut: UTF-8 plain text only. Encoding detection (GB18030), the JSON envelope and HTML come in
///   their own change.
public struct DocumentDecoder: Sendable {
    /// Limits on input.
    public var limits: InputLimits

    /// Creates a decoder.
    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    /// Decodes a raw document.
    ///
    /// - Throws: ``DisclosureError`` with code `decode` or `too-large`.
    public func decode(_ raw: RawDocument) throws(DisclosureError) -> DecodedDocument {
        guard raw.bytes.count <= limits.maximumBytes else {
            throw DisclosureError(.tooLarge, "input is \(raw.bytes.count) bytes; the limit is \(limits.maximumBytes)")
        }
        guard !raw.bytes.isEmpty else { throw DisclosureError(.decode, "input is empty") }
        var bytes = raw.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DisclosureError(.decode, "input is not valid UTF-8")
        }
        let source = SourceInfo(
            url: raw.sourceURL,
            fetchedAt: raw.fetchedAt,
            contentType: "text/plain",
            charset: "utf-8"
        )
        return DecodedDocument(text: text, documentId: raw.documentId ?? raw.contentDocumentId, source: source)
    }
}

/// Limits that protect the worker from hostile or broken input.
public struct InputLimits: Sendable, Equatable {
    /// Largest raw input accepted, bytes (default 8 MiB).
    public var maximumBytes: Int

    /// Creates limits.
    public init(maximumBytes: Int = 8 * 1024 * 1024) {
        self.maximumBytes = maximumBytes
    }
}
