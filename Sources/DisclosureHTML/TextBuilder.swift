/// Builds the text of an HTML page as UTF-8 bytes: collapses whitespace like a browser and writes line breaks
/// and cell separators only between pieces of content, so the text never starts or ends with one.
///
/// The text is written into memory of its own (``TextStorage``), not an `Array`: an append is a capacity test and a
/// copy, without an array's uniqueness check and its call to `memcpy` (about 40 instructions per text node, and
/// a page's text comes in hundreds of pieces). A builder is never copied and then written on both sides (the
/// storage is not copy-on-write).
struct TextBuilder {
    /// Owns the memory ``base`` points at (nil until the first byte or reserve).
    private var storage: TextStorage?
    /// The text so far: ``count`` bytes at `base`, room for ``capacity``.
    private var base: UnsafeMutablePointer<UInt8>?
    /// Room at ``base``.
    private var capacity = 0
    /// The number of bytes written so far (an offset to cut a cell's or caption's text from later).
    private(set) var count = 0
    /// Line breaks owed before the next content (block boundaries, `<br>`); at most two are written.
    private var pendingBreaks = 0
    /// Whitespace seen since the last content; written as one space before the next content on the same line.
    private var pendingSpace = false
    /// Open table cells: inside one, line breaks become spaces so that a table row stays on one line.
    var cellDepth = 0
    /// Open preformatted elements: inside one, whitespace is kept.
    var preformattedDepth = 0
    /// The offset after the last byte written that is not a run of content from ``appendText(_:count:)`` (a
    /// space, line break or tab written here, or preformatted text): the text after it holds no whitespace and
    /// no U+00A0, so it is its own collapsed form.
    private var uncollapsedEnd = 0

    /// Ends the current line, if it has content (a block element starts or ends).
    mutating func blockBoundary() {
        if cellDepth > 0 {
            pendingSpace = true
        } else if pendingBreaks == 0 {
            pendingBreaks = 1
        }
    }

    /// A `<br>`: a line break, or a space inside a table cell.
    mutating func lineBreak() {
        if cellDepth > 0 {
            pendingSpace = true
        } else {
            pendingBreaks += 1
        }
    }

    /// Writes the separator before a table cell that is not its row's first: a tab, at once, so that empty cells
    /// keep their column.
    mutating func cellSeparator() {
        // Trailing space in the previous cell is not content; a row's pending line break is.
        pendingSpace = false
        flushPending()
        append(0x09)
        uncollapsedEnd = count
        pendingSpace = false
    }

    /// Appends the text of a text node (UTF-8, `count` bytes).
    ///
    /// - Parameter isContentRun: the caller knows the text holds no byte at or below 0x20 and no 0xC2 (so no
    ///   whitespace and no U+00A0): it is one run of content, written without looking for where it ends. Most
    ///   text nodes of a table are such runs (a figure, a label), and the HTML reader sees it in the same compare
    ///   that finds where the text ends.
    mutating func appendText(_ text: UnsafePointer<UInt8>, count: Int, isContentRun: Bool = false) {
        if preformattedDepth > 0 {
            appendPreformatted(text, count: count)
            return
        }
        var index = 0
        while index < count {
            let byte = text[index]
            if !isContentRun, byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = true
                index += 1
            } else if !isContentRun, byte == 0xC2, index + 1 < count, text[index + 1] == 0xA0 {
                // &nbsp; (U+00A0) reads as a space; pages indent and separate with runs of them.
                pendingSpace = true
                index += 2
            } else {
                // A run of content bytes goes in at once, up to the next whitespace or U+00A0.
                let end = isContentRun ? count : Self.contentRunEnd(text, count: count, from: index + 1)
                flushPending()
                append(text + index, count: end - index)
                index = end
            }
        }
    }

    /// ``appendText(_:count:isContentRun:)`` of text that is only blanks (space, tab, line feed, carriage return,
    /// `count` > 0): outside preformatted text, whitespace there only owes a space, so the bytes are not read.
    @inline(__always)
    mutating func appendBlanks(_ text: UnsafePointer<UInt8>, count: Int) {
        if preformattedDepth > 0 {
            appendPreformatted(text, count: count)
            return
        }
        pendingSpace = true
    }

    /// Where the run of content bytes that goes on at `start` ends: the first whitespace byte (space, line feed,
    /// tab, carriage return, form feed) or U+00A0 at or after `start`, or `count`.
    ///
    /// Sixteen bytes at a time (one SSE2 compare per block: a byte at or below 0x20, or 0xC2, may end the run),
    /// the last block overlapping the one before it; a candidate that does not end the run (a control byte, or
    /// 0xC2 leading another character than U+00A0) is stepped over. Text shorter than a block goes byte by byte.
    static func contentRunEnd(_ text: UnsafePointer<UInt8>, count: Int, from start: Int) -> Int {
        var end = start
        if count >= 16 {
            let raw = UnsafeRawPointer(text)
            while end < count {
                // The last block is the text's last sixteen bytes; lanes before `end` in it are masked off.
                let blockStart = min(end, count &- 16)
                // Signed bytes (the compares SSE2 has): 0x00…0x20 are the non-negative ones below 0x21.
                let block = raw.loadUnaligned(fromByteOffset: blockStart, as: SIMD16<Int8>.self)
                let nonASCII: SIMDMask<SIMD16<Int8>> = block .< SIMD16<Int8>(repeating: 0)
                let stops: SIMDMask<SIMD16<Int8>> =
                    ((block .< SIMD16<Int8>(repeating: 0x21)) .& .!nonASCII)
                    .| (block .== SIMD16<Int8>(repeating: Int8(bitPattern: 0xC2)))
                let lanes = unsafeBitCast(stops, to: SIMD2<UInt64>.self)
                let skipped = end &- blockStart
                var low = lanes[0]
                var high = lanes[1]
                if skipped > 0 {
                    // Bits of lanes before `end` cleared (eight bits a lane).
                    if skipped >= 8 {
                        low = 0
                        high &= skipped == 8 ? .max : .max &<< UInt64((skipped &- 8) &* 8)
                    } else {
                        low &= .max &<< UInt64(skipped &* 8)
                    }
                }
                if low | high == 0 {
                    end = blockStart &+ 16
                    continue
                }
                let lane = low != 0 ? low.trailingZeroBitCount &>> 3 : 8 &+ high.trailingZeroBitCount &>> 3
                end = blockStart &+ lane
                if endsContentRun(text, count: count, at: end) { return end }
                end &+= 1
            }
            return count
        }
        while end < count, !endsContentRun(text, count: count, at: end) { end += 1 }
        return end
    }

    /// Whether the byte at `index` is whitespace or starts U+00A0 (what ends a run of content).
    @inline(__always)
    private static func endsContentRun(_ text: UnsafePointer<UInt8>, count: Int, at index: Int) -> Bool {
        let byte = text[index]
        if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C { return true }
        return byte == 0xC2 && index + 1 < count && text[index + 1] == 0xA0
    }

    /// The text so far.
    var bytes: [UInt8] { withBytes { Array($0) } }

    /// Calls `body` with the text so far, in place.
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Makes room for `count` bytes of text in all, so that the text is not copied as it grows (a page's text is
    /// mostly shorter than the page).
    mutating func reserveCapacity(_ count: Int) {
        if count > capacity { grow(to: count) }
    }

    /// The whitespace-collapsed text written since `offset`: tabs and line breaks become spaces, ends trimmed.
    func text(since offset: Int) -> String {
        // The line break or tab written before a row's first cell or a cell's text is whitespace that collapsing
        // trims: stepped over, so that a cell of content runs only is still copied as it is.
        let start = collapsedSource(since: offset).start
        guard start < count, let base else { return "" }
        // A cell's text is mostly content runs only (one word, a figure): its own collapsed form, copied as it
        // is. Tabs and line breaks are whitespace to `collapsed`.
        return HTMLTextExtractor.collapsed(
            UnsafeBufferPointer(start: base + start, count: count - start),
            isCollapsed: start >= uncollapsedEnd
        )
    }

    /// Where ``appendText(since:to:)`` reads from, and whether the text from there to the end is its own collapsed
    /// form (its bytes are then the ones appended).
    @inline(__always)
    func collapsedSource(since offset: Int) -> (start: Int, isCollapsed: Bool) {
        var start = offset
        while start < count, start < uncollapsedEnd,
            base.unsafelyUnwrapped[start] == 0x0A || base.unsafelyUnwrapped[start] == 0x09
        {
            start += 1
        }
        guard start < count else { return (count, true) }
        return (start, start >= uncollapsedEnd)
    }

    /// Appends to `out` the UTF-8 of ``text(since:)``, as it is written (not repaired: the caller repairs it when
    /// the text may not be valid UTF-8).
    func appendText(since offset: Int, to out: inout [UInt8]) {
        let source = collapsedSource(since: offset)
        guard source.start < count, let base else { return }
        HTMLTextExtractor.appendCollapsed(
            UnsafeBufferPointer(start: base + source.start, count: count - source.start),
            isCollapsed: source.isCollapsed,
            to: &out
        )
    }

    /// The range from `offset` to the end of the text so far, without the whitespace at its start.
    func trimmedRange(from offset: Int) -> Range<Int> {
        var start = min(offset, count)
        while start < count {
            let byte = base.unsafelyUnwrapped[start]
            guard byte == 0x0A || byte == 0x20 || byte == 0x09 else { break }
            start += 1
        }
        return start..<count
    }

    // MARK: - Private

    private mutating func appendPreformatted(_ text: UnsafePointer<UInt8>, count textCount: Int) {
        defer { uncollapsedEnd = count }
        for index in 0..<textCount {
            switch text[index] {
            case 0x0A:
                lineBreak()
            case 0x0D:
                continue
            case 0x09, 0x20, 0x0C:
                flushPending()
                append(0x20)
            case let byte:
                flushPending()
                append(byte)
            }
        }
    }

    private mutating func flushPending() {
        if pendingBreaks > 0 {
            if count > 0 {
                append(0x0A)
                if pendingBreaks > 1 { append(0x0A) }
                uncollapsedEnd = count
            }
            pendingBreaks = 0
            pendingSpace = false
        } else if pendingSpace {
            if count > 0 {
                let last = base.unsafelyUnwrapped[count - 1]
                if last != 0x0A, last != 0x09, last != 0x20 {
                    append(0x20)
                    uncollapsedEnd = count
                }
            }
            pendingSpace = false
        }
    }

    /// Appends one byte.
    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base.unsafelyUnwrapped[count] = byte
        count &+= 1
    }

    /// Appends `length` bytes at `source`.
    @inline(__always)
    private mutating func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        if length > capacity &- count { grow(to: count + length) }
        TableBuilder.copy(length, from: source, to: base.unsafelyUnwrapped + count)
        count &+= length
    }

    /// Moves the text into room for at least `needed` bytes (twice what there was, at least: appends stay linear).
    @inline(never)
    private mutating func grow(to needed: Int) {
        let newStorage = TextStorage(capacity: max(needed, capacity * 2, 64))
        if let base { newStorage.base.initialize(from: base, count: count) }
        storage = newStorage
        base = newStorage.base
        capacity = newStorage.capacity
    }
}

/// The memory a ``TextBuilder`` writes its text into, freed with it.
private final class TextStorage {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit {
        base.deallocate()
    }
}
