/// Reads a numbered list (`1.…` `2.…`, `1、…`, `（1）…`, `①…`) inside a span, one item per line or run together in
/// one paragraph (`…职能是:1、履行…。2、履行…。`).
///
/// Items must count up from 1 with one marker family; `（一）` items must be sentences (a `（一）` line without a
/// sentence end is a heading). An item runs to the end of its line; a line that does not end
/// a sentence (a PDF line wrapped mid-sentence) continues on the next line unless that line starts a new item or a
/// heading. The list ends at the first line that is neither.
enum NumberedItems {
    /// One item: the span of its text (marker excluded) and of the whole item (marker included).
    struct Item: Equatable {
        /// The item's number.
        var number: Int
        /// The text after the marker.
        var text: TextSpan
        /// Marker and text.
        var whole: TextSpan
    }

    private static let fullStop = StructureScan.utf8("。")
    private static let sentenceEnds = ["。", ";", "!", "?", "；"].map(StructureScan.utf8)

    /// The first numbered list starting in `span`, or an empty array.
    static func read(_ bytes: [UInt8], lines: TextLines, in span: TextSpan) -> [Item] {
        let items = readLines(bytes, lines: lines, in: span)
        if !items.isEmpty { return items }
        return readInline(bytes, in: span)
    }

    /// Items that each start a line.
    static func readLines(_ bytes: [UInt8], lines: TextLines, in span: TextSpan) -> [Item] {
        var index = lines.lineIndex(atOrAfter: span.start)
        // Find the first line that starts with item 1.
        var first: HeadingMarker?
        while index < lines.count, lines[index].start < span.end {
            let line = lines[index]
            if line.start >= span.start, let marker = HeadingMarker.read(bytes, at: line.start, limit: line.end),
                marker.number == 1,
                marker.kind >= .arabic
                    || marker.kind == .parenChinese && endsSentence(bytes, end: line.end)
            {
                first = marker
                break
            }
            index += 1
        }
        guard let first else { return [] }
        var items: [Item] = []
        var current = first
        var currentEnd = lines[index].end
        index += 1
        while true {
            var nextMarker: HeadingMarker?
            while index < lines.count, lines[index].start < span.end {
                let line = lines[index]
                if let marker = HeadingMarker.read(bytes, at: line.start, limit: line.end) {
                    // `（二）机构设置` after `（一）负责…。` items is the next heading, not an item.
                    let isItem = marker.kind != .parenChinese || endsSentence(bytes, end: line.end)
                    if isItem && marker.kind == current.kind && marker.number == current.number + 1 {
                        nextMarker = marker
                    }
                    break
                }
                // A wrapped line continues the item; a full sentence ends the list.
                guard !endsSentence(bytes, end: currentEnd) else { break }
                currentEnd = line.end
                index += 1
            }
            items.append(item(current, end: currentEnd))
            guard let marker = nextMarker else { break }
            current = marker
            currentEnd = lines[index].end
            index += 1
        }
        return items
    }

    /// Items run together in one paragraph: the first `1、` or `1.` after a colon, then `2、`, `3、` ….
    static func readInline(_ bytes: [UInt8], in span: TextSpan) -> [Item] {
        var cursor = span.start
        var start: HeadingMarker?
        while cursor < span.end {
            if bytes[cursor] == 0x3A, cursor + 1 < span.end,
                let marker = HeadingMarker.read(bytes, at: cursor + 1, limit: span.end), marker.number == 1,
                marker.kind == .arabic
            {
                start = marker
                break
            }
            cursor += 1
        }
        guard var current = start else { return [] }
        var items: [Item] = []
        // Each item ends where the next number's marker starts, right after a sentence end.
        while true {
            let lineEnd = StructureScan.find([0x0A], in: bytes, from: current.end, to: span.end) ?? span.end
            var next: HeadingMarker?
            var search = current.end
            while search < lineEnd {
                if isAfterSentenceEnd(bytes, at: search),
                    let marker = HeadingMarker.read(bytes, at: search, limit: lineEnd),
                    marker.kind == current.kind, marker.number == current.number + 1
                {
                    next = marker
                    break
                }
                search += 1
            }
            items.append(item(current, end: next?.start ?? lineEnd))
            guard let marker = next else { break }
            current = marker
        }
        return items.count >= 2 ? items : []
    }

    /// An item from its marker to `end`, trimmed.
    static func item(_ marker: HeadingMarker, end: Int) -> Item {
        Item(
            number: marker.number,
            text: TextSpan(start: marker.end, end: max(marker.end, end)),
            whole: TextSpan(start: marker.start, end: max(marker.end, end))
        )
    }

    /// Whether the text before `end` ends a sentence.
    static func endsSentence(_ bytes: [UInt8], end: Int) -> Bool {
        guard end > 0 else { return true }
        let last = StructureScan.previousScalarStart(in: bytes, before: end)
        return sentenceEnds.contains { StructureScan.matches($0, in: bytes, at: last) }
    }

    /// Whether `index` follows a sentence end (`。` `;`), so a number there starts an item.
    static func isAfterSentenceEnd(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index > 0 else { return false }
        return endsSentence(bytes, end: index)
    }
}
