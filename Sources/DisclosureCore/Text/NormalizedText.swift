/// A document's text after normalization, as UTF-8 bytes, with a map back to the decoded original.
///
/// Parsing scans ``bytes`` (ASCII digits and punctuation, no spaces inside numbers or between CJK characters).
/// Free-text values (duties, names) are cut from ``original`` through ``originalRange(of:)`` so they keep the
/// document's own punctuation (`（街道办事处）` stays full-width).
public struct NormalizedText: Sendable {
    /// The normalized text, UTF-8.
    public let bytes: [UInt8]
    /// The decoded text before normalization, UTF-8.
    public let original: [UInt8]
    /// For each byte of ``bytes`` (plus one past the end), the offset of the original byte it came from.
    let originalOffsets: [Int32]

    /// Creates a normalized text; `originalOffsets.count` must be `bytes.count + 1`.
    init(bytes: [UInt8], original: [UInt8], originalOffsets: [Int32]) {
        precondition(originalOffsets.count == bytes.count + 1, "\(#function): offset map has the wrong length")
        self.bytes = bytes
        self.original = original
        self.originalOffsets = originalOffsets
    }

    /// Creates a text that is its own original (for tests and already-normalized input).
    public init(normalized: String) {
        let bytes = Array(normalized.utf8)
        self.init(bytes: bytes, original: bytes, originalOffsets: (0...bytes.count).map { Int32($0) })
    }

    /// The normalized text as a `String`.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The normalized text of a span.
    public func text(_ span: TextSpan) -> String {
        String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }

    /// The original bytes range a normalized span came from.
    public func originalRange(of span: TextSpan) -> Range<Int> {
        Int(originalOffsets[span.start])..<Int(originalOffsets[span.end])
    }

    /// The original text (document punctuation kept) of a normalized span, trimmed of surrounding whitespace.
    public func originalText(_ span: TextSpan) -> String {
        String(decoding: original[originalTrimmedRange(of: span)], as: UTF8.self)
    }

    /// The original bytes of a normalized span, trimmed of surrounding whitespace: what ``originalText(_:)`` decodes.
    func originalTrimmedRange(of span: TextSpan) -> Range<Int> {
        let range = originalRange(of: span)
        var lower = range.lowerBound
        var upper = range.upperBound
        // A span that ends inside a trimmable character (U+3000 is three bytes) must not step past its end.
        while lower < upper, NormalizedText.isTrimmable(original, at: lower) {
            lower = min(lower + NormalizedText.scalarLength(original, at: lower), upper)
        }
        while upper > lower {
            var start = upper - 1
            while start > lower && original[start] & 0xC0 == 0x80 { start -= 1 }
            if NormalizedText.isTrimmable(original, at: start) { upper = start } else { break }
        }
        return lower..<upper
    }

    /// The Unicode-scalar offset of a byte offset of ``bytes`` (what published offsets count).
    public func scalarOffset(ofByte byteOffset: Int) -> Int {
        var count = 0
        var index = 0
        while index < byteOffset && index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    static func scalarLength(_ bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return 1 }
        if byte >= 0xF0 { return 4 }
        if byte >= 0xE0 { return 3 }
        return 2
    }

    /// ASCII whitespace, U+3000 (ideographic space) and U+00A0 (no-break space).
    static func isTrimmable(_ bytes: [UInt8], at index: Int) -> Bool {
        let byte = bytes[index]
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C { return true }
        if byte == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 { return true }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 { return true }
        return false
    }
}
