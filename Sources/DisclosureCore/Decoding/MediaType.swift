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
        // Every input has one: read as bytes, with no array of parts and no lower-cased copies.
        var value = value
        (essence, charsetLabel) = value.withUTF8(MediaType.parse)
    }

    /// The media type (ASCII lower case, trimmed) and the last non-empty `charset` parameter (trimmed, without
    /// quotes) of a header value's bytes.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (essence: String, charsetLabel: String?) {
        var essence: String?
        var label: String?
        var start = 0
        while true {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
            if essence == nil {
                essence = string(bytes, trimmed(bytes, start..<end), lowercasing: true)
            } else if let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")),
                isCharset(bytes, trimmed(bytes, start..<equals))
            {
                let unquoted = string(bytes, trimmed(bytes, equals + 1..<end), lowercasing: false)
                if !unquoted.isEmpty { label = unquoted }
            }
            guard end < bytes.count else { break }
            start = end + 1
        }
        return (essence ?? "", label)
    }

    /// The bytes in `range` as a string, ASCII capitals lowered when `lowercasing`, quotes (`"`, `'`) dropped when
    /// not. Copied through the stack: a lazily mapped or filtered view (or a filtered array) costs the standard
    /// library's dynamic cast and slow copy, or an allocation (about 2,500 instructions an input for the two).
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercasing: Bool) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count) { buffer in
            var count = 0
            for byte in bytes[range] {
                if lowercasing {
                    buffer[count] = lowercased(byte)
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    continue
                } else {
                    buffer[count] = byte
                }
                count += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// `range` without leading and trailing ASCII spaces, tabs and line breaks.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Whether `bytes[range]` is `charset` in any ASCII case.
    private static func isCharset(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let name: StaticString = "charset"
        guard range.count == name.utf8CodeUnitCount else { return false }
        for offset in 0..<range.count where lowercased(bytes[range.lowerBound + offset]) != name.utf8Start[offset] {
            return false
        }
        return true
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
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
