/// One sentence of the normalized text, with where it sits in the layout.
struct Sentence: Sendable, Equatable {
    /// Its extent in the normalized bytes (line breaks of wrapped PDF lines stay inside).
    var span: TextSpan
    /// Whether it starts at the beginning of a line (headings do).
    var startsLine: Bool
    /// Whether a line break may lie inside it (it was joined across a line break); false when it holds none, so that
    /// a reader of one-line sentences need not search it for one.
    var mayBreakLine = true
}

/// Splits normalized text into sentences: at `。！？!?`, and at line breaks that end a paragraph.
///
/// Text extracted from PDFs wraps sentences across lines (`同比增加\n2433505.07元`), so a line break is only a
/// boundary when the line before it is short (a heading or a table cell), ends a sentence, or the next line starts
/// with a heading marker (`一、`, `(二)`, `第三部分`, `4.`). A wrapped line is at least ``wrapWidth`` bytes long.
enum SentenceSplitter {
    /// Lines shorter than this (bytes, about 15 CJK characters) are never joined with the next line.
    static let wrapWidth = 45

    /// The sentences of `bytes`, in order; empty sentences are dropped.
    static func sentences(_ bytes: [UInt8]) -> [Sentence] {
        var result: [Sentence] = []
        let count = bytes.count
        // About one sentence per 90 bytes in a disclosure: room for more, so the list rarely grows.
        result.reserveCapacity(count / 64 + 16)
        var start = 0
        var startsLine = true
        var lineStart = 0
        var index = 0
        // Whether a line break was joined into the sentence being read.
        var joinedBreak = false

        // Each sentence is appended trimmed, unless empty, in place: `result` captured by a nested function would be
        // checked for exclusive access at every append.

        var joinedPrevious = false
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            while index < count {
                // Sixteen bytes at a time (SSE2 compares, about 1.3 instructions a byte), past every block that
                // holds no byte that may end a sentence, then straight to the first such byte of the block that holds
                // one; the last bytes one at a time. UTF-8 never uses these bytes inside a multi-byte scalar, so this
                // stops where a walk scalar by scalar stops.
                var found = false
                while index &+ 16 <= count {
                    let stops = sentenceStops(raw.loadUnaligned(fromByteOffset: index, as: Bytes16.self))
                    if any(stops) {
                        index &+= firstLane(stops)
                        found = true
                        break
                    }
                    index &+= 16
                }
                if !found {
                    while index < count && !mayEndSentence(buffer[index]) { index += 1 }
                    guard index < count else { break }
                }
                let byte = buffer[index]
                if byte < 0x80 {
                    if byte == 0x0A {
                        // A page number or blank line inside a wrapped sentence (`…经费预算\n- 16 -\n\n支出…`) is
                        // transparent: the sentence goes on after it.
                        let transparent =
                            joinedPrevious && isPageNumberLine(buffer, lineStart: lineStart, lineEnd: index)
                        joinedPrevious =
                            transparent || joinsNextLine(buffer, bytes, lineStart: lineStart, lineEnd: index)
                        if joinedPrevious {
                            joinedBreak = true
                        } else {
                            if let sentence = trimmed(buffer, start, index, startsLine: startsLine, joinedBreak) {
                                result.append(sentence)
                            }
                            start = index + 1
                            startsLine = true
                            joinedBreak = false
                        }
                        index += 1
                        lineStart = index
                        continue
                    }
                    if byte == 0x21 || byte == 0x3F {
                        if let sentence = trimmed(buffer, start, index + 1, startsLine: startsLine, joinedBreak) {
                            result.append(sentence)
                        }
                        index += 1
                        start = index
                        startsLine = false
                        joinedBreak = false
                        continue
                    }
                    index += 1
                    continue
                }
                if byte == 0xE3, index + 2 < count, buffer[index + 1] == 0x80, buffer[index + 2] == 0x82 {
                    // 。
                    if let sentence = trimmed(buffer, start, index + 3, startsLine: startsLine, joinedBreak) {
                        result.append(sentence)
                    }
                    index += 3
                    start = index
                    startsLine = false
                    joinedBreak = false
                    continue
                }
                // Another scalar led by E3 (`、`): its continuation bytes never end a sentence.
                index += 1
            }
        }
        if let sentence = bytes.withUnsafeBufferPointer({
            trimmed($0, start, count, startsLine: startsLine, joinedBreak)
        }) {
            result.append(sentence)
        }
        return result
    }

    /// The sentence `start..<end` without its leading and trailing spaces, or nil when nothing is left (read through
    /// the buffer: no bounds check per byte).
    @inline(__always)
    private static func trimmed(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ start: Int,
        _ end: Int,
        startsLine: Bool,
        _ joinedBreak: Bool
    ) -> Sentence? {
        var lower = start
        var upper = end
        while lower < upper && ByteScan.isSpace(bytes[lower]) { lower &+= 1 }
        while upper > lower && ByteScan.isSpace(bytes[upper &- 1]) { upper &-= 1 }
        guard upper > lower else { return nil }
        return Sentence(span: TextSpan(start: lower, end: upper), startsLine: startsLine, mayBreakLine: joinedBreak)
    }

    /// Sixteen bytes of text, compared all at once.
    private typealias Bytes16 = SIMD16<UInt8>

    /// Which of `bytes` are a line feed, `!`, `?` or E3 (the lead byte of `。`).
    @inline(__always)
    private static func sentenceStops(_ bytes: Bytes16) -> SIMDMask<SIMD16<Int8>> {
        (bytes .== Bytes16(repeating: 0x0A)) .| (bytes .== Bytes16(repeating: 0x21))
            .| (bytes .== Bytes16(repeating: 0x3F)) .| (bytes .== Bytes16(repeating: 0xE3))
    }

    /// The index of the first lane set in `lanes` (some lane is set): the lanes as bytes 0xFF or 0, read as two
    /// little-endian words, whose trailing zero bits count eight per lane before it.
    @inline(__always)
    private static func firstLane(_ lanes: SIMDMask<SIMD16<Int8>>) -> Int {
        let words = unsafeBitCast(Bytes16(repeating: 0).replacing(with: 0xFF, where: lanes), to: SIMD2<UInt64>.self)
        let low = UInt64(littleEndian: words[0])
        if low != 0 { return low.trailingZeroBitCount >> 3 }
        return 8 + UInt64(littleEndian: words[1]).trailingZeroBitCount >> 3
    }

    /// Whether `byte` is a line feed, `!`, `?` or E3 (the lead byte of `。`).
    @inline(__always)
    private static func mayEndSentence(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x21 || byte == 0x3F || byte == 0xE3
    }

    /// Whether a line is empty or only a page number (`30`, `- 9 -`).
    static func isPageNumberLine(_ bytes: [UInt8], lineStart: Int, lineEnd: Int) -> Bool {
        bytes.withUnsafeBufferPointer { isPageNumberLine($0, lineStart: lineStart, lineEnd: lineEnd) }
    }

    /// ``isPageNumberLine(_:lineStart:lineEnd:)`` through the text's buffer.
    @inline(__always)
    static func isPageNumberLine(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int) -> Bool {
        guard lineEnd &- lineStart <= 8 else { return false }
        var index = lineStart
        while index < lineEnd {
            let byte = bytes[index]
            guard ByteScan.isDigit(byte) || ByteScan.isSpace(byte) || byte == UInt8(ascii: "-") else { return false }
            index &+= 1
        }
        return true
    }

    /// Whether the line `lineStart..<lineEnd` continues on the next line.
    static func joinsNextLine(_ bytes: [UInt8], lineStart: Int, lineEnd: Int) -> Bool {
        bytes.withUnsafeBufferPointer { joinsNextLine($0, bytes, lineStart: lineStart, lineEnd: lineEnd) }
    }

    /// ``joinsNextLine(_:lineStart:lineEnd:)`` through `buffer`, the buffer of `bytes` (the splitter asks at every
    /// line feed: the bytes around it are read without a bounds check each, and the tests that decide most lines, a
    /// short line and a line that ends a sentence, come before the next line is looked at).
    @inline(__always)
    static func joinsNextLine(
        _ buffer: UnsafeBufferPointer<UInt8>,
        _ bytes: [UInt8],
        lineStart: Int,
        lineEnd: Int
    ) -> Bool {
        var upper = lineEnd
        while upper > lineStart && ByteScan.isSpace(buffer[upper &- 1]) { upper &-= 1 }
        guard upper > lineStart else { return false }
        let last = buffer[upper &- 1]
        // A number whose unit was pushed to the next line (`货物采购金额 122.43\n万元、…`) continues, however short.
        if ByteScan.isDigit(last) && unitStartsLine(buffer, after: lineEnd) { return true }
        guard upper &- lineStart >= wrapWidth else { return false }
        // A line that ends a sentence or a heading does not continue: its last scalar (found as
        // ``ByteScan/previousScalarStart(_:before:)`` finds it) is `。`, `:`, `!` or `?`.
        var lastStart = upper &- 1
        while lastStart > 0 && buffer[lastStart] & 0xC0 == 0x80 { lastStart &-= 1 }
        let lead = buffer[lastStart]
        if lead == UInt8(ascii: ":") || lead == UInt8(ascii: "!") || lead == UInt8(ascii: "?") { return false }
        let count = buffer.count
        if lead == 0xE3 && lastStart &+ 3 <= count && buffer[lastStart &+ 1] == 0x80 && buffer[lastStart &+ 2] == 0x82 {
            return false
        }
        // Find the next non-empty line; a heading starts a new sentence.
        var next = lineEnd &+ 1
        while next < count && ByteScan.isSpace(buffer[next]) { next &+= 1 }
        guard next < count else { return false }
        return !HeadingNumbering.startsHeading(bytes, at: next)
    }

    /// Whether the next non-blank line after the line feed at `lineEnd` starts with a money or percent unit (layout
    /// text can put a blank line between them).
    @inline(__always)
    private static func unitStartsLine(_ bytes: UnsafeBufferPointer<UInt8>, after lineEnd: Int) -> Bool {
        let count = bytes.count
        var next = lineEnd &+ 1
        var lineFeeds = 0
        while next < count && ByteScan.isSpace(bytes[next]) && lineFeeds < 2 {
            if bytes[next] == 0x0A { lineFeeds &+= 1 }
            next &+= 1
        }
        guard next < count else { return false }
        let byte = bytes[next]
        if byte == UInt8(ascii: "%") { return true }
        // `元` (E5 85 83), `万元` (E4 B8 87 …), `亿元` (E4 BA BF …): each followed by 元 where it is not 元 itself.
        guard next &+ 3 <= count else { return false }
        let scalar = UInt32(byte) &<< 16 | UInt32(bytes[next &+ 1]) &<< 8 | UInt32(bytes[next &+ 2])
        if scalar == 0xE5_8583 { return true }
        guard scalar == 0xE4_B887 || scalar == 0xE4_BABF, next &+ 6 <= count else { return false }
        return bytes[next &+ 3] == 0xE5 && bytes[next &+ 4] == 0x85 && bytes[next &+ 5] == 0x83
    }
}

/// Recognizes the numbering that starts a heading: `一、`, `(一)`, `第一部分`, `1.`/`1、` (not `1.5`).
enum HeadingNumbering {
    /// Whether the three bytes at `offset` are one of the numerals 一 to 十 (compared packed: no set, no array).
    @inline(__always)
    static func isNumeral(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard offset + 3 <= bytes.count else { return false }
        let packed = UInt32(bytes[offset]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
        switch packed {
        // 一 二 三 四 五 六 七 八 九 十
        case 0xE4B880, 0xE4BA8C, 0xE4B889, 0xE59B9B, 0xE4BA94, 0xE585AD, 0xE4B883, 0xE585AB, 0xE4B99D, 0xE58D81:
            return true
        default:
            return false
        }
    }

    /// Whether a heading marker starts at `offset`; returns the offset just past it, or nil.
    static func markerEnd(_ bytes: [UInt8], at offset: Int) -> Int? {
        guard offset < bytes.count else { return nil }
        // Every marker starts with `(`, a digit, `第` (E7) or a numeral (E4, E5): other text is passed over at once.
        let first = bytes[offset]
        guard first == 0x28 || ByteScan.isDigit(first) || first == 0xE4 || first == 0xE5 || first == 0xE7 else {
            return nil
        }
        var index = offset
        if ByteScan.isDigit(first) {
            // `1.`, `12、`: one or two digits (a numeral never starts with a digit; a longer run is a code or a year).
            index += 1
            if index < bytes.count && ByteScan.isDigit(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            if ByteScan.isDigit(bytes[index]) { return nil }
            if ByteScan.matches(bytes, "、", at: index) { return index + 3 }
            if bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count, !ByteScan.isDigit(bytes[index + 1]) {
                return index + 1
            }
            return nil
        }
        if bytes[index] == UInt8(ascii: "(") {
            index += 1
            let numeralsStart = index
            while isNumeral(bytes, at: index) { index += 3 }
            if index == numeralsStart {
                while index < bytes.count && ByteScan.isDigit(bytes[index]) { index += 1 }
            }
            guard index > numeralsStart, index < bytes.count, bytes[index] == UInt8(ascii: ")") else { return nil }
            return index + 1
        }
        if ByteScan.matches(bytes, "第", at: index) {
            index += 3
            let numeralsStart = index
            while isNumeral(bytes, at: index) { index += 3 }
            guard index > numeralsStart, ByteScan.matches(bytes, "部分", at: index) else { return nil }
            return index + 6
        }
        let numeralsStart = index
        while isNumeral(bytes, at: index) { index += 3 }
        if index > numeralsStart {
            return ByteScan.matches(bytes, "、", at: index) ? index + 3 : nil
        }
        while index < bytes.count && ByteScan.isDigit(bytes[index]) { index += 1 }
        guard index > numeralsStart, index - numeralsStart <= 2, index < bytes.count else { return nil }
        if ByteScan.matches(bytes, "、", at: index) { return index + 3 }
        if bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count, !ByteScan.isDigit(bytes[index + 1]) {
            return index + 1
        }
        return nil
    }

    /// Whether a heading marker starts at `offset`.
    static func startsHeading(_ bytes: [UInt8], at offset: Int) -> Bool { markerEnd(bytes, at: offset) != nil }
}
