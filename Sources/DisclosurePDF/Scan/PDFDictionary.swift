/// Reads a few keys of a PDF dictionary's source bytes (`<< /Type /ObjStm /N 12 /Filter /FlateDecode … >>`) without
/// parsing it: enough for the stream scan, which must not trust the file.
struct PDFDictionary {
    /// The dictionary's bytes; valid while the scan holds the file's buffer.
    let bytes: UnsafeBufferPointer<UInt8>

    /// Wraps a dictionary's bytes.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Whether the key occurs.
    func has(_ key: String) -> Bool { valueStart(key) != nil }

    /// The name value of `key` (`/Type /ObjStm` → `ObjStm`).
    func name(_ key: String) -> String? {
        guard let start = valueStart(key), start < bytes.count, bytes[start] == UInt8(ascii: "/") else { return nil }
        return token(from: start + 1)
    }

    /// The integer value of `key` (`/N 12` → 12), nil for references and other values.
    func integer(_ key: String) -> Int? {
        guard let start = valueStart(key) else { return nil }
        var value = 0
        var index = start
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value = value > Int.max / 20 ? Int.max / 2 : value * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > start else { return nil }
        // `12 0 R` is a reference, not a count.
        var after = index
        while after < bytes.count, ByteSearch.isWhitespace(bytes[after]) { after += 1 }
        if after < bytes.count, bytes[after] >= 0x30, bytes[after] <= 0x39 {
            var next = after
            while next < bytes.count, bytes[next] >= 0x30, bytes[next] <= 0x39 { next += 1 }
            while next < bytes.count, ByteSearch.isWhitespace(bytes[next]) { next += 1 }
            if next < bytes.count, bytes[next] == UInt8(ascii: "R") { return nil }
        }
        return value
    }

    /// The `/Filter` entry's names in order (`/FlateDecode` or `[/FlateDecode /DCTDecode]`), abbreviations as
    /// written; at most `limit` of them.
    func filters(limit: Int = 64) -> [String] {
        guard let start = valueStart("Filter"), start < bytes.count else { return [] }
        if bytes[start] == UInt8(ascii: "/") { return [token(from: start + 1)] }
        guard bytes[start] == UInt8(ascii: "[") else { return [] }
        var names: [String] = []
        var index = start + 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "]"), names.count < limit {
            if bytes[index] == UInt8(ascii: "/") {
                let name = token(from: index + 1)
                names.append(name)
                index += name.utf8.count + 1
            } else {
                index += 1
            }
        }
        return names
    }

    /// How many `FlateDecode` filters the `/Filter` entry starts with (`/FlateDecode`, `/Fl`, or an array).
    func leadingFlateFilters() -> Int {
        filters().prefix { $0 == "FlateDecode" || $0 == "Fl" }.count
    }

    /// The string value of `key`: a hex string (`<28BF…>`) or a literal one (`(…)`, escapes undone).
    func string(_ key: String) -> [UInt8]? {
        guard let start = valueStart(key), start < bytes.count else { return nil }
        return PDFDictionary.string(at: start, in: bytes)
    }

    /// The string starting at `start` of `bytes` (hex or literal), or nil when none starts there.
    static func string(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard start < bytes.count else { return nil }
        var result: [UInt8] = []
        if bytes[start] == UInt8(ascii: "<") {
            var high: UInt8? = nil
            var index = start + 1
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if let digit = hexValue(bytes[index]) {
                    if let first = high {
                        result.append(first << 4 | digit)
                        high = nil
                    } else {
                        high = digit
                    }
                }
                index += 1
            }
            if let first = high { result.append(first << 4) }
            return result
        }
        guard bytes[start] == UInt8(ascii: "(") else { return nil }
        var depth = 1
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\\"), index < bytes.count {
                let next = bytes[index]
                index += 1
                switch next {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case 0x0D, 0x0A:
                    // A line continuation: the end of line is not part of the string.
                    if next == 0x0D, index < bytes.count, bytes[index] == 0x0A { index += 1 }
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(next - 0x30)
                    var digits = 1
                    while digits < 3, index < bytes.count, (0x30...0x37).contains(bytes[index]) {
                        value = value * 8 + Int(bytes[index] - 0x30)
                        index += 1
                        digits += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: value))
                default: result.append(next)
                }
                continue
            }
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return result }
            }
            result.append(byte)
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// A signed integer value (`/P -3904`), for the permission flags.
    func signedInteger(_ key: String) -> Int? {
        guard let start = valueStart(key), start < bytes.count else { return nil }
        let negative = bytes[start] == UInt8(ascii: "-")
        var index = negative ? start + 1 : start
        var value = 0
        let first = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - first < 12 {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > first else { return nil }
        return negative ? -value : value
    }

    /// Whether `/key` has the value `false`.
    func isFalse(_ key: String) -> Bool {
        guard let start = valueStart(key), start + 5 <= bytes.count else { return false }
        return Array(bytes[start..<(start + 5)]) == Array("false".utf8)
    }

    /// The offset of the value after `/key` (whitespace skipped), where the key is a whole name.
    private func valueStart(_ key: String) -> Int? {
        let pattern = Array(("/" + key).utf8)
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], (1..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) {
                var end = index + pattern.count
                if end == bytes.count || ByteSearch.isDelimiter(bytes[end]) {
                    while end < bytes.count, ByteSearch.isWhitespace(bytes[end]) { end += 1 }
                    return end
                }
            }
            index += 1
        }
        return nil
    }

    /// The name token starting at `start` (up to the next delimiter).
    private func token(from start: Int) -> String {
        var end = start
        while end < bytes.count, !ByteSearch.isDelimiter(bytes[end]) { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
