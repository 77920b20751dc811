#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small byte-level helpers for scanning normalized UTF-8 text.
enum ByteScan {
    /// Whether `pattern` occurs in `bytes` at `offset`.
    @inline(__always)
    static func matches(_ bytes: [UInt8], _ pattern: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + pattern.count <= bytes.count else { return false }
        var index = 0
        while index < pattern.count {
            if bytes[offset + index] != pattern[index] { return false }
            index += 1
        }
        return true
    }

    /// The first offset in `range` where `pattern` occurs, or nil.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], range: Range<Int>) -> Int? {
        guard !pattern.isEmpty, range.count >= pattern.count else { return nil }
        var offset = range.lowerBound
        let last = range.upperBound - pattern.count
        let first = pattern[0]
        while offset <= last {
            if bytes[offset] == first && matches(bytes, pattern, at: offset) { return offset }
            offset += 1
        }
        return nil
    }

    /// The first offset of `byte` in `range` (memchr: a line or sentence scan touches every byte), or nil.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in bytes: [UInt8], range: Range<Int>) -> Int? {
        let lower = max(range.lowerBound, 0)
        let upper = min(range.upperBound, bytes.count)
        guard lower < upper else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let found = memchr(base + lower, Int32(byte), upper - lower) else {
                return nil
            }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Whether `pattern` occurs anywhere in `range`.
    static func contains(_ pattern: [UInt8], in bytes: [UInt8], range: Range<Int>) -> Bool {
        find(pattern, in: bytes, range: range) != nil
    }

    /// Whether the literal `pattern` occurs in `bytes` at `offset` (no array, no lazy global: the literal's bytes
    /// are a constant of the binary).
    @inline(__always)
    static func matches(_ bytes: [UInt8], _ pattern: StaticString, at offset: Int) -> Bool {
        pattern.withUTF8Buffer { pattern in
            guard offset >= 0, offset + pattern.count <= bytes.count else { return false }
            var index = 0
            while index < pattern.count {
                if bytes[offset + index] != pattern[index] { return false }
                index += 1
            }
            return true
        }
    }

    /// Whether the literal `pattern` occurs anywhere in `range`.
    static func contains(_ pattern: StaticString, in bytes: [UInt8], range: Range<Int>) -> Bool {
        pattern.withUTF8Buffer { pattern in
            guard !pattern.isEmpty, range.count >= pattern.count else { return false }
            var offset = range.lowerBound
            let last = range.upperBound - pattern.count
            let first = pattern[0]
            while offset <= last {
                if bytes[offset] == first {
                    var index = 1
                    while index < pattern.count && bytes[offset + index] == pattern[index] { index += 1 }
                    if index == pattern.count { return true }
                }
                offset += 1
            }
            return false
        }
    }

    /// Byte length of the UTF-8 scalar starting at `offset` (1 for a stray continuation byte).
    @inline(__always)
    static func scalarLength(_ bytes: [UInt8], at offset: Int) -> Int {
        let byte = bytes[offset]
        if byte < 0xC0 { return 1 }
        if byte >= 0xF0 { return min(4, bytes.count - offset) }
        if byte >= 0xE0 { return min(3, bytes.count - offset) }
        return min(2, bytes.count - offset)
    }

    /// Offset of the scalar that ends just before `offset` (its lead byte).
    @inline(__always)
    static func previousScalarStart(_ bytes: [UInt8], before offset: Int) -> Int {
        var start = offset - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return max(start, 0)
    }

    /// Whether the byte is an ASCII digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Whether the byte is ASCII whitespace.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
