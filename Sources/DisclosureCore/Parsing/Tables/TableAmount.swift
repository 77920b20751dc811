/// Reads an amount as a table cell writes it: `1,097,073.43`, `-3.5`, `(3.5)`, full-width digits.
enum TableAmount {
    /// The amount, or nil when the cell is not a plain number.
    static func parse(_ text: String) -> Amount? {
        // Read in place from the string's UTF-8 (every layout cell and many HTML cells pass through here; most
        // are words, turned down at their first byte).
        if let found = text.utf8.withContiguousStorageIfAvailable({ parse(utf8: $0) }) { return found }
        return Array(text.utf8).withUnsafeBufferPointer { parse(utf8: $0) }
    }

    /// ``parse(_:)`` of valid UTF-8 bytes.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Amount? {
        var start = 0
        var end = bytes.count
        var negative = false
        // `(3.5)` / `（3.5）`: negative.
        let opens =
            end >= 1 && bytes[0] == 0x28 || end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBC && bytes[2] == 0x88
        let closes =
            end >= 1 && bytes[end - 1] == 0x29
            || end >= 3 && bytes[end - 3] == 0xEF && bytes[end - 2] == 0xBC && bytes[end - 1] == 0x89
        if opens, closes, end >= 2 {
            negative = true
            start += bytes[0] == 0x28 ? 1 : 3
            end -= bytes[end - 1] == 0x29 ? 1 : 3
            // One scalar that both opens and closes cannot be: `(` and `)` are distinct.
            if end < start { return nil }
        }
        var reader = DecimalReader()
        // Whether any digit, point or separator was read (the sign must come before all of them).
        var wroteAny = false
        // Separators: groups of exactly three digits between commas and before the point.
        var digitsSinceComma = -1
        var sawPoint = false
        var index = start
        while index < end {
            let lead = bytes[index]
            var value: UInt32
            if lead < 0x80 {
                value = UInt32(lead)
                index += 1
            } else if lead == 0xE2, index + 2 < end, bytes[index + 1] == 0x88, bytes[index + 2] == 0x92 {
                // U+2212 minus sign.
                value = 0x2212
                index += 3
            } else if lead == 0xEF, index + 2 < end, bytes[index + 1] == 0xBC {
                // U+FF00–U+FF3F: full-width digits, point, comma and hyphen-minus among them.
                value = 0xFF00 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                return nil
            }
            if value >= 0xFF10 && value <= 0xFF19 { value -= 0xFEE0 }
            if value == 0xFF0E { value = 0x2E }
            if value == 0xFF0C { value = 0x2C }
            switch value {
            case 0x30...0x39, 0x2E:
                let byte = UInt8(value)
                if byte == 0x2E {
                    if digitsSinceComma != -1 && digitsSinceComma != 3 { return nil }
                    sawPoint = true
                    digitsSinceComma = -1
                } else if digitsSinceComma >= 0 {
                    digitsSinceComma += 1
                }
                wroteAny = true
                reader.take(byte)
            case 0x2C:
                // A thousands separator: never first, always followed by three digits (checked by position).
                guard wroteAny else { return nil }
                if sawPoint || (digitsSinceComma != -1 && digitsSinceComma != 3) { return nil }
                digitsSinceComma = 0
            case 0x2D, 0x2212, 0xFF0D:
                guard !wroteAny, !negative else { return nil }
                negative = true
            default: return nil
            }
        }
        guard wroteAny else { return nil }
        if digitsSinceComma != -1 && digitsSinceComma != 3 { return nil }
        return reader.amount(negative: negative)
    }
}
