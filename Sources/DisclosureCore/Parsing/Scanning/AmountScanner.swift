/// A number found in text with what its unit makes of it.
struct ScannedNumber: Sendable, Equatable {
    /// What the number is.
    enum Kind: Sendable, Equatable {
        /// Money, converted exactly to 万元.
        case money(Amount)
        /// A percentage, as written.
        case percent(Amount)
        /// A number with no money or percent unit (a year, a count, a table cell).
        case plain(Amount)
    }

    /// The meaning.
    var kind: Kind
    /// Where the digits start.
    var start: Int
    /// One past the unit (or the digits when there is none).
    var end: Int
}

/// Scans amounts: `1651.99万元`, `6429768.84元` (→ `642.976884` 万元 exactly), `3.2亿元`, `9.76%`, and lists that
/// share one unit (`4125.49,4143.91万元`, `23.51%、38.28%`).
///
/// Input is normalized text: ASCII digits, no thousands separators, no spaces between a number and its unit
/// (a line break may still sit there in PDF text, and is skipped).
enum AmountScanner {
    private static let tenThousandYuan = Array("万元".utf8)
    private static let hundredMillionYuan = Array("亿元".utf8)
    private static let thousandYuan = Array("千元".utf8)
    private static let yuan = Array("元".utf8)
    private static let wan = Array("万".utf8)
    private static let listSeparator = Array("、".utf8)

    /// Whether a number may start at `offset` (a digit not glued to a preceding letter, digit or point).
    static func numberStarts(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard offset < bytes.count, ByteScan.isDigit(bytes[offset]) else { return false }
        guard offset > 0 else { return true }
        let previous = bytes[offset - 1]
        return !(ByteScan.isDigit(previous) || previous == UInt8(ascii: ".") || isLetter(previous))
    }

    /// Scans the number (or list of numbers sharing a unit) starting at `offset`.
    ///
    /// - Returns: one entry per number, in order; empty when no number starts there.
    static func scan(_ bytes: [UInt8], at offset: Int, limit: Int) -> [ScannedNumber] {
        var numbers: [(Amount, Int, Int)] = []
        var index = offset
        while true {
            guard let (value, end) = literal(bytes, at: index, limit: limit) else { break }
            numbers.append((value, index, end))
            // A list continues only through a bare number: `4125.49,4143.91万元`.
            if unit(bytes, at: end, limit: limit) != nil { break }
            var next = end
            if next < limit && bytes[next] == UInt8(ascii: ",") {
                next += 1
            } else if ByteScan.matches(bytes, listSeparator, at: next) {
                next += 3
            } else {
                break
            }
            guard next < limit, ByteScan.isDigit(bytes[next]) else { break }
            index = next
        }
        guard let last = numbers.last else { return [] }
        let shared = unit(bytes, at: last.2, limit: limit)
        return numbers.enumerated().map { position, number in
            let isLast = position == numbers.count - 1
            let own = isLast ? shared : unit(bytes, at: number.2, limit: limit)
            let applied = own ?? shared
            let end = own?.end ?? number.2
            switch applied?.kind {
            case .some(.percent):
                return ScannedNumber(kind: .percent(number.0), start: number.1, end: end)
            case .some(.money(let exponent)):
                if let converted = number.0.shifted(by: exponent) {
                    return ScannedNumber(kind: .money(converted), start: number.1, end: end)
                }
                return ScannedNumber(kind: .plain(number.0), start: number.1, end: end)
            case .none:
                return ScannedNumber(kind: .plain(number.0), start: number.1, end: end)
            }
        }
    }

    private enum UnitKind {
        /// Power of ten to 万元.
        case money(Int)
        case percent
    }

    /// The unit right after a number (line breaks and spaces skipped), with the offset past it.
    private static func unit(_ bytes: [UInt8], at offset: Int, limit: Int) -> (kind: UnitKind, end: Int)? {
        var index = offset
        var skipped = 0
        while index < limit && ByteScan.isSpace(bytes[index]) && skipped < 4 {
            index += 1
            skipped += 1
        }
        guard index < limit else { return nil }
        if bytes[index] == UInt8(ascii: "%") { return (.percent, index + 1) }
        if ByteScan.matches(bytes, tenThousandYuan, at: index) { return (.money(0), index + 6) }
        // `0万\n元`: a wrapped PDF line between 万 and 元.
        if ByteScan.matches(bytes, wan, at: index) {
            var next = index + 3
            while next < limit && ByteScan.isSpace(bytes[next]) && next - index < 6 { next += 1 }
            if next > index + 3 && ByteScan.matches(bytes, yuan, at: next) { return (.money(0), next + 3) }
        }
        if ByteScan.matches(bytes, hundredMillionYuan, at: index) { return (.money(4), index + 6) }
        if ByteScan.matches(bytes, thousandYuan, at: index) { return (.money(-1), index + 6) }
        if ByteScan.matches(bytes, yuan, at: index) { return (.money(-4), index + 3) }
        return nil
    }

    /// A plain decimal literal at `offset`: digits, optionally `.` and digits.
    private static func literal(_ bytes: [UInt8], at offset: Int, limit: Int) -> (Amount, Int)? {
        var index = offset
        while index < limit && ByteScan.isDigit(bytes[index]) { index += 1 }
        guard index > offset else { return nil }
        if index + 1 < limit, bytes[index] == UInt8(ascii: "."), ByteScan.isDigit(bytes[index + 1]) {
            index += 1
            while index < limit && ByteScan.isDigit(bytes[index]) { index += 1 }
        }
        // Absurdly long digit runs are not amounts; skip them whole so scanning stays linear.
        guard index - offset <= 18, let value = Amount(utf8: bytes[offset..<index]) else { return nil }
        return (value, index)
    }

    /// The offset past a run of digits and points starting at `offset` (to skip what is not an amount).
    static func skipNumber(_ bytes: [UInt8], at offset: Int, limit: Int) -> Int {
        var index = offset
        while index < limit && (ByteScan.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".")) { index += 1 }
        return max(index, offset + 1)
    }

    @inline(__always) private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}
