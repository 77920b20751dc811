/// Reads an amount as a table cell writes it: `1,097,073.43`, `-3.5`, `(3.5)`, full-width digits.
enum TableAmount {
    /// The amount, or nil when the cell is not a plain number.
    static func parse(_ text: String) -> Amount? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var negative = false
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "(" || scalars.first == "（", scalars.last == ")" || scalars.last == "）" {
            negative = true
            scalars = scalars.dropFirst().dropLast()
        }
        for scalar in scalars {
            var value = scalar.value
            if value >= 0xFF10 && value <= 0xFF19 { value -= 0xFEE0 }
            if value == 0xFF0E { value = 0x2E }
            if value == 0xFF0C { value = 0x2C }
            switch value {
            case 0x30...0x39, 0x2E: bytes.append(UInt8(value))
            case 0x2C:
                // A thousands separator: never first, always followed by three digits (checked by position).
                guard !bytes.isEmpty else { return nil }
                bytes.append(UInt8(value))
            case 0x2D, 0x2212, 0xFF0D:
                guard bytes.isEmpty, !negative else { return nil }
                negative = true
            default: return nil
            }
        }
        guard let first = bytes.first, first != 0x2C else { return nil }
        // Validate separators: groups of exactly three digits between commas and before the point.
        var digitsSinceComma = -1
        var sawPoint = false
        var plain: [UInt8] = []
        plain.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte == 0x2C {
                if sawPoint || (digitsSinceComma != -1 && digitsSinceComma != 3) { return nil }
                digitsSinceComma = 0
                continue
            }
            if byte == 0x2E {
                if digitsSinceComma != -1 && digitsSinceComma != 3 { return nil }
                sawPoint = true
                digitsSinceComma = -1
            } else if digitsSinceComma >= 0 {
                digitsSinceComma += 1
            }
            plain.append(byte)
        }
        if digitsSinceComma != -1 && digitsSinceComma != 3 { return nil }
        guard let amount = Amount(utf8: plain[...]) else { return nil }
        return negative ? amount.negated : amount
    }
}
