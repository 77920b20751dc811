/// Byte-level search in normalized text: substring occurrences and the sentence or line around an offset.
///
/// Scans `[UInt8]` (no `Regex`, no `Character` iteration) so text rules stay cheap on large documents.
enum TextSearch {
    /// Byte offsets of every occurrence of `needle` in `bytes`.
    static func occurrences(of needle: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard let first = needle.first, needle.count <= bytes.count else { return [] }
        var found: [Int] = []
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = true
                var offset = 1
                while offset < needle.count {
                    if bytes[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    offset += 1
                }
                if matched { found.append(index) }
            }
            index += 1
        }
        return found
    }

    /// Whether `needle` occurs in `bytes`.
    static func contains(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= bytes.count else { return false }
        var index = bytes.startIndex
        while index <= bytes.endIndex - needle.count {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Whether `needle` occurs in the UTF-8 bytes of `text` (no copy of a native string's bytes).
    static func contains(_ needle: [UInt8], inUTF8 text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ contains(needle, in: $0) }) { return found }
        return contains(needle, in: Array(text.utf8)[...])
    }

    /// `text.contains(word)` (`String`'s, by `Character`) for a `word` of ideographs, compared as bytes when `text`
    /// is plain (see ``isPlain(_:)``): then each scalar is its own `Character` with no other canonical form, and the
    /// two searches agree.
    static func containsWord(_ word: String, bytes wordBytes: [UInt8], in text: String) -> Bool {
        let fast = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool? in
            isPlain(utf8) ? contains(wordBytes, in: utf8) : nil
        }
        if let fast, let found = fast { return found }
        return text.contains(word)
    }

    /// Whether every scalar of `utf8` is ASCII (but CR), an ideograph, CJK punctuation (but the combining tone
    /// marks U+302A–U+302F) or a full-width form (but the sound marks U+FF9E–U+FF9F): scalars that have no
    /// canonical decomposition and never join the one before into a grapheme.
    static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < utf8.count {
            let lead = utf8[index]
            if lead < 0x80 {
                if lead == 0x0D { return false }
                index += 1
                continue
            }
            guard lead >= 0xE0, lead < 0xF0, index + 2 < utf8.count, utf8[index + 1] & 0xC0 == 0x80,
                utf8[index + 2] & 0xC0 == 0x80
            else { return false }
            let scalar =
                UInt32(lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
            let plain =
                (scalar >= 0x4E00 && scalar <= 0x9FFF) || (scalar >= 0x3400 && scalar <= 0x4DBF)
                || (scalar >= 0x3000 && scalar <= 0x303F && !(scalar >= 0x302A && scalar <= 0x302F))
                || (scalar >= 0xFF00 && scalar <= 0xFFEF && scalar != 0xFF9E && scalar != 0xFF9F)
            guard plain else { return false }
            index += 3
        }
        return true
    }

    /// Whether `needle` occurs in `bytes`.
    static func contains(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= bytes.count else { return false }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// The sentence containing `offset`: from after the previous `。`, `;`, `!`, `?` or line break to the next one
    /// (the terminator included).
    ///
    /// Sixteen bytes a step while a block holds no byte a terminator can start (backward) or end (forward) with;
    /// a block that holds one is walked byte by byte as before. A 10 KB document's sentences run ~120 bytes.
    static func sentence(around offset: Int, in bytes: [UInt8]) -> TextSpan {
        // Through a buffer pointer: no bounds check per byte of a long paragraph.
        bytes.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            guard let base = bytes.baseAddress else { return TextSpan(start: 0, end: 0) }
            let raw = UnsafeRawPointer(base)
            var start = min(offset, count)
            backward: while start > 0 {
                // `。` is recognised at its last byte (0x82) going back.
                if start >= 16,
                    !hasAny(
                        raw.loadUnaligned(fromByteOffset: start &- 16, as: SIMD16<UInt8>.self),
                        0x0A,
                        UInt8(ascii: ";"),
                        UInt8(ascii: "!"),
                        UInt8(ascii: "?"),
                        0x82
                    )
                {
                    start &-= 16
                    continue
                }
                let stop = max(0, start &- 16)
                while start > stop {
                    let byte = bytes[start - 1]
                    if byte == 0x0A || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!")
                        || byte == UInt8(ascii: "?")
                    {
                        break backward
                    }
                    // `。` is E3 80 82: the test reads back only at its last byte.
                    if byte == 0x82, start >= 3, bytes[start - 3] == 0xE3, bytes[start - 2] == 0x80 { break backward }
                    start -= 1
                }
            }
            var end = min(offset, count)
            forward: while end < count {
                // `。` is recognised at its first byte (0xE3) going forward.
                if end &+ 16 <= count,
                    !hasAny(
                        raw.loadUnaligned(fromByteOffset: end, as: SIMD16<UInt8>.self),
                        0x0A,
                        UInt8(ascii: ";"),
                        UInt8(ascii: "!"),
                        UInt8(ascii: "?"),
                        0xE3
                    )
                {
                    end &+= 16
                    continue
                }
                let stop = min(count, end &+ 16)
                while end < stop {
                    let byte = bytes[end]
                    if byte == 0x0A { break forward }
                    if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                        end += 1
                        break forward
                    }
                    if byte == 0xE3, end + 2 < count, bytes[end + 1] == 0x80, bytes[end + 2] == 0x82 {
                        end += 3
                        break forward
                    }
                    end += 1
                }
            }
            return TextSpan(start: start, end: end)
        }
    }

    /// Whether some byte of `block` is one of the five: byte-wise compares (SSE2's `pcmpeqb`), the mask read through
    /// its two words (``JSONWriter/needsEscape(_:)-(SIMD16<UInt8>)`` says why).
    @inline(__always)
    static func hasAny(_ block: SIMD16<UInt8>, _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8) -> Bool {
        let found =
            (block .== SIMD16<UInt8>(repeating: a)) .| (block .== SIMD16<UInt8>(repeating: b))
            .| (block .== SIMD16<UInt8>(repeating: c)) .| (block .== SIMD16<UInt8>(repeating: d))
            .| (block .== SIMD16<UInt8>(repeating: e))
        let lanes = unsafeBitCast(found, to: SIMD2<UInt64>.self)
        return lanes[0] | lanes[1] != 0
    }

    /// The offset just after the last `。` before `offset`, looking back at most `limit` bytes.
    static func afterPreviousFullStop(_ offset: Int, in bytes: [UInt8], limit: Int) -> Int {
        var start = offset
        while start > 0, offset - start < limit, !endsWithFullStop(bytes, at: start) { start -= 1 }
        return start
    }

    /// The offset just after the first `。` from `offset` on, looking ahead at most `limit` bytes.
    static func afterNextFullStop(_ offset: Int, in bytes: [UInt8], limit: Int) -> Int {
        var end = offset
        while end < bytes.count, end - offset < limit, !endsWithFullStop(bytes, at: end) { end += 1 }
        return end
    }

    /// Whether the three bytes before `offset` are `。`.
    @inline(__always) static func endsWithFullStop(_ bytes: [UInt8], at offset: Int) -> Bool {
        offset >= 3 && bytes[offset - 3] == 0xE3 && bytes[offset - 2] == 0x80 && bytes[offset - 1] == 0x82
    }

    /// The line containing `offset`, without its line break.
    static func line(around offset: Int, in bytes: [UInt8]) -> TextSpan {
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = min(offset, bytes.count)
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return TextSpan(start: start, end: end)
    }

    /// Whether the line containing `offset` (without its line break) has at most `limit` scalars: the same answer
    /// as ``scalarCount(_:in:)`` of ``line(around:in:)``, without walking a long line to its ends.
    ///
    /// Sixteen bytes a step while a block holds no line feed (its scalars counted at once: the count only grows,
    /// so testing it after the block answers as testing it after each byte did); the block with the line feed
    /// byte by byte.
    static func lineIsShort(around offset: Int, in bytes: [UInt8], limit: Int) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            let feed = SIMD16<UInt8>(repeating: 0x0A)
            var count = 0
            var index = min(offset, bytes.count)
            while index >= 16 {
                let block = raw.loadUnaligned(fromByteOffset: index &- 16, as: SIMD16<UInt8>.self)
                let feeds = unsafeBitCast(block .== feed, to: SIMD2<UInt64>.self)
                if feeds[0] | feeds[1] != 0 { break }
                count &+= 16 &- continuationBytes(block)
                if count > limit { return false }
                index &-= 16
            }
            while index > 0, bytes[index - 1] != 0x0A {
                index -= 1
                if bytes[index] & 0xC0 != 0x80 {
                    count += 1
                    if count > limit { return false }
                }
            }
            index = min(offset, bytes.count)
            while index &+ 16 <= bytes.count {
                let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                let feeds = unsafeBitCast(block .== feed, to: SIMD2<UInt64>.self)
                if feeds[0] | feeds[1] != 0 { break }
                count &+= 16 &- continuationBytes(block)
                if count > limit { return false }
                index &+= 16
            }
            while index < bytes.count, bytes[index] != 0x0A {
                if bytes[index] & 0xC0 != 0x80 {
                    count += 1
                    if count > limit { return false }
                }
                index += 1
            }
            return true
        }
    }

    /// The UTF-8 continuation bytes (`10xxxxxx`: −128…−65 as signed bytes) of a block: one compare, the marks
    /// summed by a multiply (as ``ScalarOffsets/continuationBytes64(_:)`` does for four blocks).
    @inline(__always)
    static func continuationBytes(_ block: SIMD16<UInt8>) -> Int {
        let signed = unsafeBitCast(block, to: SIMD16<Int8>.self)
        // A mask lane is −1 where the compare holds: negated, 1.
        var marks = SIMD16<Int8>()
        marks &-= unsafeBitCast(signed .< SIMD16<Int8>(repeating: -64), to: SIMD16<Int8>.self)
        let words = unsafeBitCast(marks, to: SIMD2<UInt64>.self)
        return Int(truncatingIfNeeded: ((words[0] &+ words[1]) &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// Number of Unicode scalars in a span (continuation bytes not counted).
    static func scalarCount(_ span: TextSpan, in bytes: [UInt8]) -> Int {
        var count = 0
        for index in span.start..<span.end where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Whether the byte is an ASCII digit.
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Whether the byte is an ASCII letter.
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}
