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
