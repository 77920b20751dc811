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

    /// Whether line `index` has `表` in it: a table title always does (``LayoutTableDetector/titleText(_:)``).
    func mayBeTitle(_ index: Int) -> Bool {
        let range = ranges[index]
        guard range.count >= 3 else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            // 表 is E8 A1 A8 in UTF-8: memchr to each E8, then the two bytes after it.
            var position = range.lowerBound
            let last = range.upperBound - 2
            while position < last,
                let found = memchr(base + position, 0xE8, last - position)
            {
                position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                if base[position + 1] == 0xA1, base[position + 2] == 0xA8 { return true }
                position += 1
            }
            return false
        }
    }
}
