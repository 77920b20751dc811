#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The non-blank lines of a layout text, each split into a ``LayoutRow`` only when the table detector asks for it.
///
/// Most lines of a disclosure are prose that no table is open over; finding the lines is one byte scan, and a
/// line is split into cells (the costly part) only when it may be a table title or a table is open over it.
struct LayoutLines {
    /// The text's UTF-8 bytes.
    let bytes: [UInt8]
    /// Each non-blank line's bytes (without its line feed or form feed).
    let ranges: [Range<Int>]
    /// Each line's page (form feeds counted from 0).
    let pages: [Int]
    /// Rows split so far.
    private var rows: [LayoutRow?]

    /// Finds the non-blank lines of `text`: lines end at a line feed or a form feed, and a line of nothing but
    /// spaces, tabs, no-break or ideographic spaces is blank.
    init(_ text: String) {
        self.init(utf8: Array(text.utf8))
    }

    /// ``init(_:)`` on the text's UTF-8 bytes (a decoded document's, kept without a copy).
    init(utf8 bytes: [UInt8]) {
        var ranges: [Range<Int>] = []
        var pages: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            var start = 0
            var page = 0
            while true {
                // The line ends at the first line feed or form feed (memchr: this runs over every document).
                let lineFeed = memchr(base + start, 0x0A, count - start).map {
                    UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base
                }
                let limit = lineFeed ?? count
                let formFeed = memchr(base + start, 0x0C, limit - start).map {
                    UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base
                }
                let end = formFeed ?? limit
                if !Self.isBlank(buffer, from: start, to: end) {
                    ranges.append(start..<end)
                    pages.append(page)
                }
                guard end < count else { break }
                if base[end] == 0x0C { page += 1 }
                start = end + 1
            }
        }
        self.bytes = bytes
        self.ranges = ranges
        self.pages = pages
        self.rows = Array(repeating: nil, count: ranges.count)
    }

    /// Whether `bytes[start..<end]` is nothing but spaces, tabs, no-break and ideographic spaces.
    private static func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = buffer[index]
            if byte == 0x20 || byte == 0x09 {
                index += 1
            } else if byte == 0xC2, index + 1 < end, buffer[index + 1] == 0xA0 {
                index += 2
            } else if byte == 0xE3, index + 2 < end, buffer[index + 1] == 0x80, buffer[index + 2] == 0x80 {
                index += 3
            } else {
                return false
            }
        }
        return true
    }

    /// Number of non-blank lines.
    var count: Int { ranges.count }

    /// Line `index` split into cells.
    mutating func row(_ index: Int) -> LayoutRow {
        if let row = rows[index] { return row }
        let range = ranges[index]
        let line = String(decoding: bytes[range], as: UTF8.self)
        let row = LayoutRow(line: Substring(line), range: range, page: pages[index])
        rows[index] = row
        return row
    }

    /// Whether line `index` may be a table title (``LayoutTableDetector/titleText(_:)``): it has `表` in it, and it
    /// is not one cell of a sentence (see ``mayHoldTitle(_:from:to:)``).
    func mayBeTitle(_ index: Int) -> Bool {
        let range = ranges[index]
        guard range.count >= 3 else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            Self.mayHoldTitle(buffer, from: range.lowerBound, to: range.upperBound)
        }
    }

    /// Whether any line of the text `bytes` may be a table title (``mayHoldTitle(_:from:to:)``): when none is, it has
    /// no table, and its lines need not be found at all.
    static func anyMayHoldTitle(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer -> Bool in
            let count = buffer.count
            var position = 0
            while let at = nextTable(buffer, from: position) {
                // Its line, as ``init(_:)`` cuts lines: at line feeds and form feeds.
                var start = at
                while start > 0, buffer[start - 1] != 0x0A, buffer[start - 1] != 0x0C { start -= 1 }
                var end = at + 3
                while end < count, buffer[end] != 0x0A, buffer[end] != 0x0C { end += 1 }
                if mayHoldTitle(buffer, from: start, to: end) { return true }
                position = end
            }
            return false
        }
    }

    /// The offset of the first `表` (E8 A1 A8) at or after `position`, or nil.
    ///
    /// Sixteen offsets at a time (SSE2): the lead byte E8 starts one character in ten of a disclosure, so a search
    /// for it stops every thirty bytes; the three bytes compared together stop only at `表`.
    static func nextTable(_ buffer: UnsafeBufferPointer<UInt8>, from position: Int) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let count = buffer.count
        var index = max(position, 0)
        // Where sixteen offsets and the two bytes after the last lie inside the text.
        while index + 18 <= count {
            let first = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            let second = raw.loadUnaligned(fromByteOffset: index + 1, as: SIMD16<UInt8>.self)
            let third = raw.loadUnaligned(fromByteOffset: index + 2, as: SIMD16<UInt8>.self)
            let found =
                first .== SIMD16<UInt8>(repeating: 0xE8) .& second .== SIMD16<UInt8>(repeating: 0xA1)
                .& third .== SIMD16<UInt8>(repeating: 0xA8)
            // The mask's lanes (0 or all ones) read as two little-endian words: eight trailing zero bits per lane
            // before the first found.
            let lanes = unsafeBitCast(found, to: SIMD2<UInt64>.self)
            let low = UInt64(littleEndian: lanes[0])
            if low != 0 { return index + low.trailingZeroBitCount >> 3 }
            let high = UInt64(littleEndian: lanes[1])
            if high != 0 { return index + 8 + high.trailingZeroBitCount >> 3 }
            index += 16
        }
        while index + 2 < count {
            if base[index] == 0xE8, base[index + 1] == 0xA1, base[index + 2] == 0xA8 { return index }
            index += 1
        }
        return nil
    }

    /// Whether `buffer[start..<end]`, one line, may hold a table title: it has `表`, and it is not a line that is
    /// one cell (no tab, no ideographic space, no two spaces in a row, ASCII or no-break) with `。`, `，`, `：` or
    /// `:` in it. Such a line is split into that one cell (or a code and the rest, the punctuation in the rest),
    /// which ``LayoutTableDetector/titleText(_:)`` turns down; a prose line with `表` in it is one.
    static func mayHoldTitle(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var hasTable = false
        var hasGap = false
        var hasPunctuation = false
        var afterSpace = false
        var index = start
        while index < end {
            let byte = buffer[index]
            if byte == 0x20 || (byte == 0xC2 && index + 1 < end && buffer[index + 1] == 0xA0) {
                if afterSpace { hasGap = true }
                afterSpace = true
                index += byte == 0x20 ? 1 : 2
                continue
            }
            afterSpace = false
            if byte == 0x09 {
                hasGap = true
            } else if byte == UInt8(ascii: ":") {
                hasPunctuation = true
            } else if index + 2 < end {
                let second = buffer[index + 1]
                let third = buffer[index + 2]
                if byte == 0xE8, second == 0xA1, third == 0xA8 {
                    hasTable = true
                } else if byte == 0xE3, second == 0x80 {
                    // U+3000 ideographic space; 。
                    if third == 0x80 { hasGap = true }
                    if third == 0x82 { hasPunctuation = true }
                } else if byte == 0xEF, second == 0xBC, third == 0x8C || third == 0x9A {
                    // ， ：
                    hasPunctuation = true
                }
            }
            index += 1
        }
        return hasTable && (hasGap || !hasPunctuation)
    }
}
