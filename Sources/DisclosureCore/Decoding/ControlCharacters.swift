/// C0 control characters in decoded text: a few are noise from a scraper or a bad editor; many mean the input is
/// binary data that happens to decode.
enum ControlCharacters {
    /// Returns the text with control characters other than tab, line feed, form feed and carriage return replaced
    /// by spaces (byte for byte, so offsets stay put), and whether there were any.
    ///
    /// - Throws: ``DisclosureError`` with code `decode` when they are more than one byte in fifty (at least four):
    ///   such input is binary, not a document.
    static func cleaned(_ utf8: [UInt8]) throws(DisclosureError) -> (utf8: [UInt8], changed: Bool) {
        try cleaned(utf8, controlCount: controlCount(in: utf8))
    }

    /// ``cleaned(_:)`` when the number of control characters is known already (``UTF8Validator/scan(_:)`` counts
    /// them while it validates).
    static func cleaned(
        _ utf8: [UInt8],
        controlCount count: Int
    ) throws(DisclosureError) -> (
        utf8: [UInt8], changed: Bool
    ) {
        guard count > 0 else { return (utf8, false) }
        if count >= 4, count * 50 > utf8.count {
            throw DisclosureError(
                .decode,
                "input looks like binary data, not text (\(count) control characters in \(utf8.count) bytes)"
            )
        }
        var cleaned = utf8
        for index in cleaned.indices where isControl(cleaned[index]) { cleaned[index] = 0x20 }
        return (cleaned, true)
    }

    /// The number of control characters ``cleaned(_:)`` replaces, counted eight bytes at a time: this runs over
    /// every document.
    static func controlCount(in utf8: [UInt8]) -> Int {
        utf8.withUnsafeBytes(count)
    }

    private static func count(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var index = 0
        while index &+ 8 <= bytes.count {
            count &+= controlCount(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index &+= 8
        }
        while index < bytes.count {
            count &+= isControl(bytes[index]) ? 1 : 0
            index &+= 1
        }
        return count
    }

    /// The number of control bytes among the eight of `word`, without a branch per byte.
    ///
    /// Each step sets bit 7 of a byte lane for the bytes that qualify. Lanes are 7-bit values below 0x80 once the
    /// high bits are masked off, and adding at most 0x7F to one never carries into the next lane.
    @inline(__always)
    static func controlCount(_ word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        // Bytes ≥ 0x80 (UTF-8 sequences) are never control characters.
        let ascii = ~word & high
        let low7 = word & ~high
        /// Lanes whose low 7 bits equal `byte`.
        func equal(_ byte: UInt8) -> UInt64 {
            ~((low7 ^ (ones &* UInt64(byte))) &+ ~high) & high
        }
        let belowSpace = ~(low7 &+ ones &* 0x60) & high
        // Most words have no byte below the space and no DEL: nothing more to look at.
        guard (belowSpace | equal(0x7F)) & ascii != 0 else { return 0 }
        let allowed = equal(0x09) | equal(0x0A) | equal(0x0C) | equal(0x0D)
        let control = ((belowSpace & ~allowed) | equal(0x7F)) & ascii
        return markCount(control)
    }

    /// The number of bytes of `marks` whose bit 7 is set (no other bit may be): the marks moved to each byte's low
    /// bit and summed by one multiply into the top byte. `nonzeroBitCount` costs a dozen instructions here: the
    /// package builds for the baseline x86-64, which has no `popcnt`.
    @inline(__always)
    static func markCount(_ marks: UInt64) -> Int {
        Int(truncatingIfNeeded: ((marks &>> 7) &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// Whether `byte` is a control character ``cleaned(_:)`` replaces (C0 but tab, LF, FF, CR; and DEL).
    @inline(__always)
    static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D) || byte == 0x7F
    }
}
