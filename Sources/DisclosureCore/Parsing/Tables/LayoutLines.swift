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
        var bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        var pages: [Int] = []
        bytes.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            var start = 0
            var page = 0
            var blank = true
            var index = 0
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A || byte == 0x0C {
                    if !blank {
                        ranges.append(start..<index)
                        pages.append(page)
                    }
                    if byte == 0x0C { page += 1 }
                    start = index + 1
                    blank = true
                    index += 1
                    continue
                }
                if blank {
                    if byte == 0x20 || byte == 0x09 {
                        index += 1
                        continue
                    }
                    if byte == 0xC2, index + 1 < count, buffer[index + 1] == 0xA0 {
                        index += 2
                        continue
                    }
                    if byte == 0xE3, index + 2 < count, buffer[index + 1] == 0x80, buffer[index + 2] == 0x80 {
                        index += 3
                        continue
                    }
                    blank = false
                }
                index += 1
            }
            if !blank {
                ranges.append(start..<count)
                pages.append(page)
            }
        }
        self.bytes = bytes
        self.ranges = ranges
        self.pages = pages
        self.rows = Array(repeating: nil, count: ranges.count)
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
            var position = range.lowerBound
            let end = range.upperBound - 2
            while position < end {
                // 表 is E8 A1 A8 in UTF-8.
                if buffer[position] == 0xE8, buffer[position + 1] == 0xA1, buffer[position + 2] == 0xA8 { return true }
                position += 1
            }
            return false
        }
    }
}
