/// C0 control characters in decoded text: a few are noise from a scraper or a bad editor; many mean the input is
/// binary data that happens to decode.
enum ControlCharacters {
    /// Returns the text with control characters other than tab, line feed, form feed and carriage return replaced
    /// by spaces (byte for byte, so offsets stay put), and whether there were any.
    ///
    /// - Throws: ``DisclosureError`` with code `decode` when they are more than one byte in fifty (at least four):
    ///   such input is binary, not a document.
    static func cleaned(_ utf8: [UInt8]) throws(DisclosureError) -> (utf8: [UInt8], changed: Bool) {
        // Counted without a branch per byte: this runs over every document.
        let count = utf8.withUnsafeBufferPointer { buffer in
            var count = 0
            for byte in buffer { count &+= isControl(byte) ? 1 : 0 }
            return count
        }
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

    @inline(__always)
    private static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D) || byte == 0x7F
    }
}
