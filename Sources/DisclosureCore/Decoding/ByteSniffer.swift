#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cheap looks at raw bytes: byte-order marks, magic numbers, HTML markers, a `<meta charset>`.
///
/// Everything here reads a bounded prefix or scans once, so it is linear in the input at worst.
enum ByteSniffer {
    /// The UTF-8 byte-order mark.
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// The GB18030 encoding of U+FEFF.
    static let gb18030BOM: [UInt8] = [0x84, 0x31, 0x95, 0x33]

    /// How many leading bytes HTML sniffing and `<meta charset>` lookup read.
    static let sniffLength = 8192

    /// Whether the bytes start with a UTF-16 or UTF-32 byte-order mark (encodings we do not read).
    static func hasUTF16Or32BOM(_ bytes: [UInt8]) -> Bool {
        let count = bytes.count
        guard count >= 2 else { return false }
        return (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)
            || (count >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)
    }

    /// Whether the bytes are a PDF: `%PDF-` at the start, after optional whitespace or a BOM (readers accept it
    /// within the first kilobyte).
    static func isPDF(_ bytes: [UInt8]) -> Bool {
        let limit = min(bytes.count, 1024)
        // Every document is asked: jump from `%` to `%` (memchr) rather than compare at every byte.
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            var index = 0
            while index + 5 <= limit {
                guard let found = memchr(base + index, 0x25, limit - 4 - index) else { return false }
                index = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                if lower(base[index + 1]) == 0x70, lower(base[index + 2]) == 0x64, lower(base[index + 3]) == 0x66,
                    base[index + 4] == 0x2D
                {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// Whether the bytes look like the JSON envelope: a JSON object with a `body` or `bodyBase64` member.
    static func looksLikeEnvelope(_ bytes: [UInt8]) -> Bool {
        guard let first = firstNonSpace(bytes), bytes[first] == UInt8(ascii: "{") else { return false }
        guard let last = bytes.lastIndex(where: { !isSpace($0) }), bytes[last] == UInt8(ascii: "}") else {
            return false
        }
        return find(Array("\"body\"".utf8), in: bytes, from: first, to: bytes.count) != nil
            || find(Array("\"bodyBase64\"".utf8), in: bytes, from: first, to: bytes.count) != nil
    }

    /// Whether the bytes look like HTML.
    ///
    /// - Parameter strongOnly: only a document that *starts* with `<!DOCTYPE html`, `<html`, `<head`, `<body` or
    ///   `<meta` counts (used when a header says `text/plain`); otherwise any common tag in the first
    ///   ``sniffLength`` bytes does (`<p>`, `<br>`, `<div`, `<table`, …).
    static func looksLikeHTML(_ bytes: [UInt8], strongOnly: Bool) -> Bool {
        guard let first = firstNonSpace(bytes) else { return false }
        let prefix = bytes[first..<min(bytes.count, first + 16)]
        for marker in strongHTMLMarkers where hasPrefix(prefix, caseInsensitive: marker) { return true }
        if strongOnly { return false }
        let limit = min(bytes.count, sniffLength)
        for marker in weakHTMLMarkers where find(marker, in: bytes, from: 0, to: limit) != nil { return true }
        return false
    }

    /// The charset label of the first `<meta charset=…>` or `<meta http-equiv content="…; charset=…">` in the first
    /// ``sniffLength`` bytes.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let limit = min(bytes.count, sniffLength)
        var position = 0
        let meta = Array("<meta".utf8)
        let charset = Array("charset".utf8)
        while let tagStart = find(meta, in: bytes, from: position, to: limit) {
            let tagEnd = bytes[tagStart..<limit].firstIndex(of: UInt8(ascii: ">")) ?? limit
            if let name = find(charset, in: bytes, from: tagStart, to: tagEnd) {
                var index = name + charset.count
                while index < tagEnd, isSpace(bytes[index]) { index += 1 }
                if index < tagEnd, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    while index < tagEnd, isSpace(bytes[index]) || bytes[index] == 0x22 || bytes[index] == 0x27 {
                        index += 1
                    }
                    let start = index
                    while index < tagEnd, isLabelByte(bytes[index]) { index += 1 }
                    if index > start { return String(decoding: bytes[start..<index], as: UTF8.self) }
                }
            }
            position = tagEnd
        }
        return nil
    }

    // MARK: - Helpers

    private static let strongHTMLMarkers: [[UInt8]] = [
        "<!doctype html", "<html", "<head", "<body", "<meta", "<?xml",
    ].map { Array($0.utf8) }

    private static let weakHTMLMarkers: [[UInt8]] = [
        "<p>", "<p ", "<br>", "<br/>", "<br />", "<div", "<table", "<tr>", "<td", "<span", "<font", "<h1", "<h2",
        "<h3", "<h4", "<h5", "<h6", "<strong>", "<ul>", "<li>", "<title>", "<section", "<article", "<!doctype",
        "<html", "<body", "</p>", "</div>",
    ].map { Array($0.utf8) }

    /// Whether `byte` is HTML whitespace (space, tab, line feed, carriage return, form feed).
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D
            || byte == 0x5F || byte == 0x2E || byte == 0x3A
    }

    /// The index of the first byte that is neither whitespace nor part of a UTF-8 BOM.
    private static func firstNonSpace(_ bytes: [UInt8]) -> Int? {
        var index = bytes.starts(with: utf8BOM) ? 3 : 0
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index < bytes.count ? index : nil
    }

    private static func hasPrefix(_ bytes: ArraySlice<UInt8>, caseInsensitive pattern: [UInt8]) -> Bool {
        guard bytes.count >= pattern.count else { return false }
        let start = bytes.startIndex
        for index in pattern.indices where lower(bytes[start + index]) != pattern[index] { return false }
        return true
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The first index in `from..<to` where `pattern` (lower-case ASCII) occurs, ignoring ASCII case.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard let head = pattern.first, to - from >= pattern.count else { return nil }
        var index = from
        let last = to - pattern.count
        while index <= last {
            if lower(bytes[index]) == head {
                var matched = true
                for offset in 1..<pattern.count where lower(bytes[index + offset]) != pattern[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
