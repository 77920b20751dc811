/// Finds the section headings of a document (`第一部分`, `一、`, `（一）`, `1.` …) and their extent.
///
/// A heading is a line that starts with a marker and whose title is short: the text up to the first `。` or `:`, or
/// the whole line. Numbered items that are whole sentences (a duty ending in `。`, a clause with commas) are list
/// items, not headings. Levels follow the nesting the document itself uses: the outermost marker family present is
/// level 1 (`第一部分` when the document has parts, else `一、`), the next one level 2, and so on. A section runs
/// from its heading to the next heading of the same or a higher level.
enum SectionSegmenter {
    /// A heading found on a line, before levels are assigned.
    struct Heading: Equatable {
        /// Its marker.
        var marker: HeadingMarker
        /// The heading text (marker included), trimmed.
        var text: TextSpan
    }

    /// Longest title, in Unicode scalars, for `第一部分` / `一、` / `（一）` headings.
    static let maxOuterTitle = 40
    /// Longest title for `1.` / `（1）` / `①` headings, which are more often list items.
    static let maxInnerTitle = 25

    private static let fullStop = StructureScan.utf8("。")

    /// The sections of `text`, in order.
    static func segment(_ bytes: [UInt8], lines: TextLines) -> [Section] {
        let headings = findHeadings(bytes, lines: lines)
        // A kind's level is its rank among the kinds present (outermost first): one bit per kind present, a level is
        // the number of kinds present up to and including its own.
        var present: UInt32 = 0
        for heading in headings { present |= 1 << UInt32(heading.marker.kind.rawValue) }

        var sections: [Section] = []
        sections.reserveCapacity(headings.count)
        // Open sections, innermost last: a new heading closes every open section of its level or deeper. Their
        // levels rise strictly from the outermost, and there are as many levels as marker kinds at most: the stack
        // is a buffer of that many on the stack (an array grew twice a document).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: HeadingMarker.Kind.allCases.count) { open in
            var depth = 0
            for heading in headings {
                let level = (present & ((2 << UInt32(heading.marker.kind.rawValue)) - 1)).nonzeroBitCount
                while depth > 0, sections[open[depth - 1]].level >= level {
                    sections[open[depth - 1]].span.end = heading.marker.start
                    depth -= 1
                }
                // The title read in place from the text (``StructureScan/string(_:_:_:)``'s bytes), not copied.
                sections.append(
                    Section(
                        headingIn: bytes,
                        start: heading.text.start,
                        end: heading.text.end,
                        level: level,
                        span: TextSpan(start: heading.marker.start, end: bytes.count)
                    )
                )
                open[depth] = sections.count - 1
                depth += 1
            }
        }
        return sections
    }

    /// Whether a block holds a byte the title scan stops at: `:` (0x3A), `,` (0x2C), `;` (0x3B) or 0xE3, the lead
    /// byte of `。` and `、` (and of other CJK punctuation, which the byte walk then passes over).
    @inline(__always)
    static func mayEndTitle(_ block: SIMD16<UInt8>) -> Bool {
        TextSearch.hasAny(block, 0x3A, 0x2C, 0x3B, 0xE3, 0xE3)
    }

    /// The heading lines of `text`, in order.
    static func findHeadings(_ bytes: [UInt8], lines: TextLines) -> [Heading] {
        var headings: [Heading] = []
        // A disclosure has a few dozen headings: room for them at once rather than growing five times.
        headings.reserveCapacity(32)
        for line in lines.spans {
            if let heading = heading(bytes, line: line) { headings.append(heading) }
        }
        return headings
    }

    /// The heading on `line`, or nil when the line is not one.
    static func heading(_ bytes: [UInt8], line: TextSpan) -> Heading? {
        guard let marker = HeadingMarker.read(bytes, at: line.start, limit: line.end) else { return nil }
        let isInner = marker.kind >= .arabic
        let maxTitle = isInner ? maxInnerTitle : maxOuterTitle
        // The title ends at the first 。 or ':' (a run-in heading: `（一）机关运行经费。2024年…`), or with the line.
        var titleEnd = line.end
        var hasRest = false
        // Read in place (this runs on every line that starts with a marker).
        let isTitle = bytes.withUnsafeBufferPointer { text -> Bool in
            let count = text.count
            var cursor = marker.end
            var scalars = 0
            while cursor < line.end {
                // Sixteen bytes at once while none of them is `:`, `,`, `;` or the lead byte of `。` and `、`: the
                // byte walk below would only count their scalars. The text is valid UTF-8 and `cursor` is at a
                // scalar's start: the block's scalars start at its bytes that are not continuation bytes, and the
                // walk goes on past the continuation bytes after it. (The count only grows: testing it after the
                // block answers as testing it after each scalar.)
                if cursor &+ 16 <= line.end, let base = text.baseAddress {
                    let block = UnsafeRawPointer(base + cursor).loadUnaligned(as: SIMD16<UInt8>.self)
                    if !SectionSegmenter.mayEndTitle(block) {
                        scalars &+= 16 &- TextSearch.continuationBytes(block)
                        if scalars > maxTitle { return false }
                        cursor &+= 16
                        while cursor < line.end, text[cursor] & 0xC0 == 0x80 { cursor &+= 1 }
                        continue
                    }
                }
                let byte = text[cursor]
                // `。` (E3 80 82) and `、` (E3 80 81), compared where the whole character lies in the text.
                let ideographicMark =
                    byte == 0xE3 && cursor + 3 <= count && text[cursor + 1] == 0x80 ? text[cursor + 2] : 0
                if ideographicMark == 0x82 || byte == 0x3A {
                    titleEnd = cursor
                    let restStart = cursor + (byte == 0x3A ? 1 : fullStop.count)
                    hasRest = StructureScan.trimmed(bytes, restStart, line.end).start < line.end
                    return true
                }
                // A sentence, not a title.
                if byte == 0x2C || byte == 0x3B { return false }
                if isInner && ideographicMark == 0x81 { return false }
                cursor += StructureScan.scalarLength(text, at: cursor)
                scalars += 1
                if scalars > maxTitle { return false }
            }
            return true
        }
        guard isTitle else { return nil }
        let title = StructureScan.trimmed(bytes, marker.end, titleEnd)
        guard title.end > title.start else { return nil }
        // `4.负责…工作。` is a list item: an inner marker needs a bare title or a title with text after it.
        if isInner && titleEnd < line.end && !hasRest { return nil }
        return Heading(marker: marker, text: TextSpan(start: marker.start, end: title.end))
    }
}
