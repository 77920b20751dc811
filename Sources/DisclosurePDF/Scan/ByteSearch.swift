/// Byte-level search over a PDF's bytes (no Foundation, no copies).
enum ByteSearch {
    /// The first offset of `needle` at or after `start`.
    static func find(_ needle: StaticString, in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first, start >= 0 else { return nil }
        var index = start
        let last = buffer.count - pattern.count
        while index <= last {
            if buffer[index] == first {
                var matched = 1
                while matched < pattern.count, buffer[index + matched] == pattern[matched] { matched += 1 }
                if matched == pattern.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// PDF whitespace: NUL, tab, line feed, form feed, carriage return, space.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    /// PDF delimiters: what ends a name or a number.
    static func isDelimiter(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || "()<>[]{}/%".utf8.contains(byte)
    }
}
