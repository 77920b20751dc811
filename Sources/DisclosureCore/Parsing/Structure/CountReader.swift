/// Reads a count (vehicles, posts, items) written in ASCII digits or in small Chinese numerals.
///
/// Accepted: `17`, `一`, `两`, `十二`, `二十`, `一百零五`, `三千二百`. Full-width digits were already folded to ASCII by
/// the normalizer. Counts stop at 9 digits, so a pathological digit run cannot overflow.
enum CountReader {
    /// A count and the byte offset just past it.
    struct Reading: Equatable {
        /// The value.
        var value: Int
        /// One past the last byte read.
        var end: Int
    }

    /// Reads a count starting exactly at `index`, or nil when no numeral starts there.
    static func read(_ bytes: [UInt8], at index: Int) -> Reading? {
        guard index < bytes.count else { return nil }
        if StructureScan.isDigit(bytes[index]) { return readDigits(bytes, at: index) }
        return readChinese(bytes, at: index)
    }

    /// Whether a count may start with `scalar` (as ``StructureScan/scalar(in:at:)`` reads it): an ASCII digit, a
    /// Chinese digit or a unit. Where it says no, ``read(_:at:)`` finds nothing: a scan that tries every character
    /// asks this first.
    @inline(__always)
    static func mayStart(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return scalar >= 0x30 && scalar <= 0x39 }
        return digitValue(scalar) != nil || unitValue(scalar) != nil
    }

    /// Reads ASCII digits (at most 9, no decimal point after them).
    static func readDigits(_ bytes: [UInt8], at index: Int) -> Reading? {
        var value = 0
        var cursor = index
        while cursor < bytes.count, StructureScan.isDigit(bytes[cursor]) {
            if cursor - index >= 9 { return nil }
            value = value * 10 + Int(bytes[cursor] - 0x30)
            cursor += 1
        }
        guard cursor > index else { return nil }
        // `1.5` is not a count.
        if cursor + 1 < bytes.count, bytes[cursor] == 0x2E, StructureScan.isDigit(bytes[cursor + 1]) { return nil }
        return Reading(value: value, end: cursor)
    }

    /// The value of a Chinese digit scalar (零〇一二两三四五六七八九), or nil.
    static func digitValue(_ scalar: UInt32) -> Int? {
        switch scalar {
        case 0x96F6, 0x3007: 0  // 零 〇
        case 0x4E00: 1  // 一
        case 0x4E8C, 0x4E24: 2  // 二 两
        case 0x4E09: 3  // 三
        case 0x56DB: 4  // 四
        case 0x4E94: 5  // 五
        case 0x516D: 6  // 六
        case 0x4E03: 7  // 七
        case 0x516B: 8  // 八
        case 0x4E5D: 9  // 九
        default: nil
        }
    }

    /// The multiplier of a Chinese unit scalar (十百千), or nil.
    static func unitValue(_ scalar: UInt32) -> Int? {
        switch scalar {
        case 0x5341: 10  // 十
        case 0x767E: 100  // 百
        case 0x5343: 1000  // 千
        default: nil
        }
    }

    /// Reads a small Chinese numeral (below 10 000).
    static func readChinese(_ bytes: [UInt8], at index: Int) -> Reading? {
        var total = 0
        var pending: Int? = nil
        var cursor = index
        var read = 0
        while cursor < bytes.count, read < 12 {
            let (scalar, length) = StructureScan.scalar(in: bytes, at: cursor)
            if let digit = digitValue(scalar) {
                // Two digits in a row (`二〇`) is a year or code, not a count.
                if pending != nil && pending != 0 && digit != 0 { return nil }
                pending = digit
            } else if let unit = unitValue(scalar) {
                total += (pending ?? 1) * unit
                pending = nil
            } else {
                break
            }
            cursor += length
            read += 1
        }
        guard cursor > index else { return nil }
        total += pending ?? 0
        return Reading(value: total, end: cursor)
    }

    /// Reads a four-digit year in ASCII (`2024`) or in Chinese digits (`二〇二四`) at `index`.
    static func readYear(_ bytes: [UInt8], at index: Int) -> Reading? {
        var value = 0
        var cursor = index
        for _ in 0..<4 {
            guard cursor < bytes.count else { return nil }
            if StructureScan.isDigit(bytes[cursor]) {
                value = value * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
            } else {
                let (scalar, length) = StructureScan.scalar(in: bytes, at: cursor)
                guard let digit = digitValue(scalar), scalar != 0x4E24 else { return nil }
                value = value * 10 + digit
                cursor += length
            }
        }
        // A fifth digit means this is not a year.
        if cursor < bytes.count, StructureScan.isDigit(bytes[cursor]) { return nil }
        guard value >= 1990 && value <= 2099 else { return nil }
        return Reading(value: value, end: cursor)
    }
}
