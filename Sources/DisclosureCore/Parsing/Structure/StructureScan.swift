/// Byte-level helpers the structure extractors share: pattern search, scalar decoding and character classes over
/// the normalized UTF-8 text.
///
/// Everything here is linear in the bytes it looks at (patterns are short constants), so the extractors stay
/// linear in the input and never backtrack.
enum StructureScan {
    /// The first occurrence of `pattern` in `bytes[from..<to]`, or nil.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard let first = pattern.first, !pattern.isEmpty else { return nil }
        let last = min(to, bytes.count) - pattern.count
        var index = max(from, 0)
        while index <= last {
            if bytes[index] == first && matches(pattern, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// The last occurrence of `pattern` starting in `bytes[from..<to]` and ending by `to`, or nil.
    static func findLast(_ pattern: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        var index = min(to, bytes.count) - pattern.count
        while index >= max(from, 0) {
            if matches(pattern, in: bytes, at: index) { return index }
            index -= 1
        }
        return nil
    }

    /// Whether `pattern` occurs in `bytes` at `index`.
    @inline(__always)
    static func matches(_ pattern: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + pattern.count <= bytes.count else { return false }
        var offset = 0
        while offset < pattern.count {
            if bytes[index + offset] != pattern[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The first of `patterns` that occurs at `index`, as its length; nil when none does.
    static func matchAny(_ patterns: [[UInt8]], in bytes: [UInt8], at index: Int) -> Int? {
        for pattern in patterns where matches(pattern, in: bytes, at: index) { return pattern.count }
        return nil
    }

    /// Whether any of `patterns` occurs in `bytes[from..<to]`.
    static func containsAny(_ patterns: [[UInt8]], in bytes: [UInt8], from: Int, to: Int) -> Bool {
        patterns.contains { find($0, in: bytes, from: from, to: to) != nil }
    }

    // MARK: - Scalars

    /// The Unicode scalar at `index` and its UTF-8 length (a stray continuation byte reads as itself, length 1).
    @inline(__always)
    static func scalar(in bytes: [UInt8], at index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead >= 0xF0, index + 3 < bytes.count {
            let value =
                (UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12)
                | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F)
            return (value, 4)
        }
        if lead >= 0xE0, index + 2 < bytes.count {
            let value =
                (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6)
                | UInt32(bytes[index + 2] & 0x3F)
            return (value, 3)
        }
        if lead >= 0xC0, index + 1 < bytes.count {
            return ((UInt32(lead & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        return (UInt32(lead), 1)
    }

    /// The UTF-8 length of the scalar at `index`, as ``scalar(in:at:)`` reads it (a stray continuation byte, or a
    /// lead byte without room for its scalar, counts as shorter).
    @inline(__always)
    static func scalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        if lead >= 0xF0, index + 3 < bytes.count { return 4 }
        if lead >= 0xE0, index + 2 < bytes.count { return 3 }
        if lead >= 0xC0, index + 1 < bytes.count { return 2 }
        return 1
    }

    /// The start of the scalar that ends just before `index`.
    @inline(__always)
    static func previousScalarStart(in bytes: [UInt8], before index: Int) -> Int {
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return start
    }

    /// A CJK unified ideograph (the basic block and extension A), or 〇.
    @inline(__always)
    static func isIdeograph(_ scalar: UInt32) -> Bool {
        (scalar >= 0x4E00 && scalar <= 0x9FFF) || (scalar >= 0x3400 && scalar <= 0x4DBF) || scalar == 0x3007
    }

    /// An ASCII digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// ASCII space or tab.
    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The string of a byte range.
    static func string(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        String(decoding: bytes[max(0, start)..<min(end, bytes.count)], as: UTF8.self)
    }

    /// Moves `start` forward and `end` back over ASCII blanks and ideographic spaces.
    static func trimmed(_ bytes: [UInt8], _ start: Int, _ end: Int) -> (start: Int, end: Int) {
        var lower = start
        var upper = end
        while lower < upper, isBlank(bytes[lower]) || bytes[lower] == 0x0A { lower += 1 }
        while upper > lower, isBlank(bytes[upper - 1]) || bytes[upper - 1] == 0x0A { upper -= 1 }
        return (lower, upper)
    }

    /// UTF-8 bytes of a string literal (patterns are built once, as static constants).
    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
}

extension StructureScan {
    /// The original text of a span, with line breaks (and the blanks around them) removed: a PDF line wrapped
    /// mid-sentence reads as one sentence again.
    static func joinedOriginal(_ text: NormalizedText, _ span: TextSpan) -> String {
        // Most values hold no line break: the original bytes are searched for one eight at a time before any
        // `String` is made, and then decoded once. (Decoding repairs only bytes ≥ 0x80, so the decoded text has a
        // line break exactly where the bytes have one.)
        let range = text.originalTrimmedRange(of: span)
        let hasBreak = text.original.withUnsafeBufferPointer { original in
            containsLineBreak(UnsafeBufferPointer(rebasing: original[range]))
        }
        guard hasBreak else { return String(decoding: text.original[range], as: UTF8.self) }
        return joinedOriginalDecoded(text, span)
    }

    /// ``joinedOriginal(_:_:)`` as it was first written: the original text decoded, then searched for a line break
    /// byte by byte and joined (the path taken for a value with a break, and the reference its fast path is tested
    /// against).
    static func joinedOriginalDecoded(_ text: NormalizedText, _ span: TextSpan) -> String {
        var value = text.originalText(span)
        // Read as bytes in place (a generic walk of `utf8` costs tens of instructions a byte).
        let joined = value.withUTF8 { bytes -> [UInt8]? in
            guard bytes.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return nil }
            return joinedLines(bytes)
        }
        guard let joined else { return value }
        return String(decoding: joined, as: UTF8.self)
    }

    /// Whether `bytes` hold a line feed or a carriage return: eight bytes a step (a byte of the word XORed with the
    /// break is zero where the break is; the classic zero-byte test is exact for "some byte is zero"), the last
    /// one to seven bytes one by one.
    static func containsLineBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index &+ 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let feeds = word ^ (ones &* 0x0A)
            let returns = word ^ (ones &* 0x0D)
            if ((feeds &- ones) & ~feeds | (returns &- ones) & ~returns) & highs != 0 { return true }
            index &+= 8
        }
        while index < count {
            if base[index] == 0x0A || base[index] == 0x0D { return true }
            index &+= 1
        }
        return false
    }

    /// `bytes` (UTF-8) without its line breaks (LF, CR), the blanks (space, tab, U+3000) after a break, and the
    /// blanks before one.
    private static func joinedLines(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        // Blanks since the last character written start here (nil: none): written only if a character follows
        // before a break. They are always one run: a break drops them, and blanks after a break are dropped.
        var pendingStart: Int?
        var afterBreak = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                pendingStart = nil
                afterBreak = true
                index += 1
                continue
            }
            var blank = 0
            if byte == 0x20 || byte == 0x09 {
                blank = 1
            } else if byte == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 {
                blank = 3
            }
            if blank > 0 {
                if !afterBreak && pendingStart == nil { pendingStart = index }
                index += blank
                continue
            }
            if let start = pendingStart {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                pendingStart = nil
            }
            afterBreak = false
            out.append(byte)
            index += 1
        }
        return out
    }
}

/// A set of byte patterns with a filter on their first character, for scanners that try every position of a text.
///
/// The filter is a bit per key of a pattern's first three bytes (for a three-byte UTF-8 character, the key is the
/// scalar itself), so it passes where a pattern's first character is, not wherever one of the 64 characters sharing
/// its first two bytes is (`本` and `机` share `E6 9C`).
struct PatternSet: Sendable {
    /// The patterns, in priority order.
    let patterns: [[UInt8]]
    /// Bit ``key(_:_:_:)`` of the first three bytes set when some pattern starts with them (a two-byte pattern:
    /// with any third byte). 8 KiB: stays in cache.
    private let firstKeys: [UInt64]

    /// Creates a set from strings (UTF-8); every pattern has at least two bytes.
    init(_ words: [String]) {
        patterns = words.map { Array($0.utf8) }
        precondition(patterns.allSatisfy { $0.count >= 2 }, "a PatternSet pattern has at least two bytes")
        var keys = [UInt64](repeating: 0, count: 1024)
        for pattern in patterns {
            // A two-byte pattern matches whatever follows it: every third byte's key is set.
            let thirds: [UInt8] = pattern.count >= 3 ? [pattern[2]] : Array(0...0x3F)
            for third in thirds {
                let key = PatternSet.key(pattern[0], pattern[1], third)
                keys[key >> 6] |= 1 << UInt64(key & 63)
            }
        }
        firstKeys = keys
    }

    /// The filter's key of three bytes: the low bits a UTF-8 lead and two continuation bytes carry (16 bits).
    @inline(__always)
    private static func key(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        Int(first & 0x0F) &<< 12 | Int(second & 0x3F) &<< 6 | Int(third & 0x3F)
    }

    /// Whether some pattern may start with the bytes `first`, `second`, `third` (0 past the text's end).
    @inline(__always)
    private func mayStart(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        let key = PatternSet.key(first, second, third)
        return firstKeys.withUnsafeBufferPointer { $0[key &>> 6] & (1 &<< UInt64(key & 63)) != 0 }
    }

    /// Whether some pattern may start at `index`.
    @inline(__always)
    func mayStart(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + 1 < bytes.count else { return false }
        // A pattern of three bytes or more does not fit when there is no third byte; a two-byte one passes with any.
        let third = index + 2 < bytes.count ? bytes[index + 2] : 0
        return mayStart(bytes[index], bytes[index + 1], third)
    }

    /// The length of the first pattern that occurs at `index`, or nil.
    @inline(__always)
    func match(_ bytes: [UInt8], at index: Int) -> Int? {
        guard mayStart(bytes, at: index) else { return nil }
        return StructureScan.matchAny(patterns, in: bytes, at: index)
    }

    /// Whether some pattern occurs in the UTF-8 of `text` (read in place, not copied; one pass).
    func occurs(inUTF8 text: String) -> Bool {
        var text = text
        return text.withUTF8 { occurs(in: $0, from: 0, to: $0.count) }
    }

    /// Whether some pattern occurs inside `bytes[from..<to]` (one pass).
    func occurs(in bytes: [UInt8], from: Int, to: Int) -> Bool {
        bytes.withUnsafeBufferPointer { occurs(in: $0, from: from, to: to) }
    }

    /// Whether some pattern occurs inside `bytes[from..<to]`: the filter at each offset, the patterns only where
    /// it passes.
    private func occurs(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        let lower = max(from, 0)
        let upper = min(to, bytes.count)
        guard upper - lower >= 2 else { return false }
        return firstKeys.withUnsafeBufferPointer { keys in
            var index = lower
            while index < upper - 1 {
                let second = bytes[index + 1]
                let third = index + 2 < upper ? bytes[index + 2] : 0
                let key = PatternSet.key(bytes[index], second, third)
                if keys[key &>> 6] & (1 &<< UInt64(key & 63)) != 0 {
                    for pattern in patterns where index + pattern.count <= upper {
                        var offset = 0
                        while offset < pattern.count, bytes[index + offset] == pattern[offset] { offset += 1 }
                        if offset == pattern.count { return true }
                    }
                }
                // A pattern (a string's UTF-8) never starts with a continuation byte: the ones that follow are
                // passed over without a test.
                index += 1
                if second & 0xC0 == 0x80 {
                    index += 1
                    if third & 0xC0 == 0x80 { index += 1 }
                }
            }
            return false
        }
    }
}
