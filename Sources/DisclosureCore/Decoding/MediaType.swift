/// A parsed `content-type` value: `text/html; charset=gb18030` → media type `text/html`, charset label `gb18030`.
struct MediaType: Sendable, Equatable {
    /// The media type, lower case, without parameters (`text/html`); empty when the value names none.
    var essence: String
    /// The `charset` parameter as written, without quotes, when there is one.
    var charsetLabel: String?

    /// The JSON envelope's media type (SPEC §2).
    static let envelope = "application/vnd.disclosure.raw+json"
    /// Plain text.
    static let plainText = "text/plain"
    /// HTML.
    static let html = "text/html"
    /// PDF.
    static let pdf = "application/pdf"

    /// Parses a header value; tolerant of spacing, case and quoting.
    init(_ value: String) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        essence = parts.first.map { $0.trimmingASCIIWhitespace().lowercased() } ?? ""
        charsetLabel = nil
        for parameter in parts.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = parameter[..<equals].trimmingASCIIWhitespace().lowercased()
            guard name == "charset" else { continue }
            var label = parameter[parameter.index(after: equals)...].trimmingASCIIWhitespace()
            label = label.filter { $0 != "\"" && $0 != "'" }
            if !label.isEmpty { charsetLabel = label }
        }
    }

    /// Whether the media type names HTML (`text/html`, `application/xhtml+xml`).
    var isHTML: Bool { essence == MediaType.html || essence == "application/xhtml+xml" }
    /// Whether the media type names plain text.
    var isPlainText: Bool { essence == MediaType.plainText }
    /// Whether the media type names PDF.
    var isPDF: Bool { essence == MediaType.pdf || essence == "application/x-pdf" }
    /// Whether the media type names the JSON envelope.
    var isEnvelope: Bool { essence == MediaType.envelope }
}

extension StringProtocol {
    /// The string without leading and trailing ASCII spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
