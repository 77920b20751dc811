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
    /// Whether a number may start at `offset` (a digit not glued to a preceding letter, digit or point).
    @inline(__always)
    static func numberStarts(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard offset < bytes.count, ByteScan.isDigit(bytes[offset]) else { return false }
        guard offset > 0 else { return true }
        let previous = bytes[offset - 1]
        return !(ByteScan.isDigit(previous) || previous == UInt8(ascii: ".") || isLetter(previous))
    }

    /// Whether `bytes` may hold a money amount or a percentage: every unit ``scan(_:at:limit:)`` reads contains
    /// `元` or is `%`, so text with neither holds none.
    static func mayHoldAmount(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "%") { return true }
                // 元 is E5 85 83.
                if byte == 0xE5 && index + 2 < count && bytes[index + 1] == 0x85 && bytes[index + 2] == 0x83 {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// Scans the number (or list of numbers sharing a unit) starting at `offset`.
    ///
    /// - Returns: one entry per number, in order; empty when no number starts there.
    static func scan(_ bytes: [UInt8], at offset: Int, limit: Int) -> [ScannedNumber] {
        var numbers: [ScannedNumber] = []
        scan(bytes, at: offset, limit: limit) { numbers.append($0) }
        return numbers
    }

    /// Scans like ``scan(_:at:limit:)``, handing each number to `emit` in order (nothing is allocated).
    ///
    /// - Returns: the offset past the last number, or nil when no number starts at `offset`.
    @inline(__always)
    @discardableResult
    static func scan(
        _ bytes: [UInt8],
        at offset: Int,
        limit: Int,
        emit: (ScannedNumber) -> Void
    ) -> Int? {
        // First pass: how far the list runs and the unit its last number carries, which the bare numbers
        // before it share (a list goes on only after a number without a unit, so only its last has one). Most
        // numbers stand alone: the first literal's value and the unit after it are read once.
        guard let (firstValue, firstEnd) = literal(bytes, at: offset, limit: limit) else { return nil }
        var count = 1
        var shared = unit(bytes, at: firstEnd, limit: limit)
        if shared == nil {
            var end = firstEnd
            while let next = separatorContinuation(bytes, after: end, limit: limit),
                let nextEnd = literalEnd(bytes, at: next, limit: limit)
            {
                count += 1
                end = nextEnd
                shared = unit(bytes, at: nextEnd, limit: limit)
                if shared != nil { break }
            }
        }
        if count == 1 {
            emit(number(firstValue, start: offset, literalEnd: firstEnd, unit: shared))
            return shared?.end ?? firstEnd
        }
        // The second pass reads the literals again; they are short. The numbers before the last have no unit of
        // their own.
        var index = offset
        var position = 0
        var resultEnd = offset
        while position < count, let (value, literalEnd) = literal(bytes, at: index, limit: limit) {
            let isLast = position == count - 1
            let scanned = number(value, start: index, literalEnd: literalEnd, unit: shared, own: isLast)
            emit(scanned)
            resultEnd = scanned.end
            position += 1
            guard !isLast, let next = separatorContinuation(bytes, after: literalEnd, limit: limit) else { break }
            index = next
        }
        return resultEnd
    }

    /// The number `value` read at `start..<literalEnd` with the list's unit `unit`, which ends it when it is its own
    /// (the list's last number, or a number alone).
    @inline(__always)
    private static func number(
        _ value: Amount,
        start: Int,
        literalEnd: Int,
        unit: (kind: UnitKind, end: Int)?,
        own: Bool = true
    ) -> ScannedNumber {
        let end = own ? unit?.end ?? literalEnd : literalEnd
        switch unit?.kind {
        case .some(.percent):
            return ScannedNumber(kind: .percent(value), start: start, end: end)
        case .some(.money(let exponent)):
            if let converted = value.shifted(by: exponent) {
                return ScannedNumber(kind: .money(converted), start: start, end: end)
            }
            return ScannedNumber(kind: .plain(value), start: start, end: end)
        case .none:
            return ScannedNumber(kind: .plain(value), start: start, end: end)
        }
    }

    /// Where the next number of a list starts after a number ending at `end` that has no unit, or nil when the list
    /// ends there.
    ///
    /// A list continues only through a bare number: `4125.49,4143.91万元`.
    @inline(__always)
    private static func separatorContinuation(_ bytes: [UInt8], after end: Int, limit: Int) -> Int? {
        var next = end
        if next < limit && bytes[next] == UInt8(ascii: ",") {
            next += 1
        } else if ByteScan.matches(bytes, "、", at: next) {
            next += 3
        } else {
            return nil
        }
        guard next < limit, ByteScan.isDigit(bytes[next]) else { return nil }
        return next
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
        if ByteScan.matches(bytes, "万元", at: index) { return (.money(0), index + 6) }
        // `0万\n元`: a wrapped PDF line between 万 and 元.
        if ByteScan.matches(bytes, "万", at: index) {
            var next = index + 3
            while next < limit && ByteScan.isSpace(bytes[next]) && next - index < 6 { next += 1 }
            if next > index + 3 && ByteScan.matches(bytes, "元", at: next) { return (.money(0), next + 3) }
        }
        if ByteScan.matches(bytes, "亿元", at: index) { return (.money(4), index + 6) }
        if ByteScan.matches(bytes, "千元", at: index) { return (.money(-1), index + 6) }
        if ByteScan.matches(bytes, "元", at: index) { return (.money(-4), index + 3) }
        return nil
    }

    /// Where the plain decimal literal at `offset` ends, when it is one ``literal(_:at:limit:)`` reads.
    @inline(__always)
    private static func literalEnd(_ bytes: [UInt8], at offset: Int, limit: Int) -> Int? {
        var index = offset
        while index < limit && ByteScan.isDigit(bytes[index]) { index += 1 }
        guard index > offset else { return nil }
        var scale = 0
        if index + 1 < limit, bytes[index] == UInt8(ascii: "."), ByteScan.isDigit(bytes[index + 1]) {
            index += 1
            let fractionStart = index
            while index < limit && ByteScan.isDigit(bytes[index]) { index += 1 }
            scale = index - fractionStart
        }
        // As ``literal(_:at:limit:)``: at most 18 bytes (so the digits fit `Int64`), at most the maximum scale.
        guard index - offset <= 18, scale <= Amount.maximumScale else { return nil }
        return index
    }

    /// A plain decimal literal at `offset`: digits, optionally `.` and digits.
    ///
    /// The value is read while scanning (what `Amount(utf8:)` would make of the same bytes): at most 18 bytes, so the
    /// digits fit `Int64`; a longer run wraps, and is rejected.
    ///
    /// Always inlined: called from a large scan (``FinanceSentenceScanner``), the compiler outlined it at ~12 K
    /// instructions per 10 KB document against ~8 K inline.
    @inline(__always)
    private static func literal(_ bytes: [UInt8], at offset: Int, limit: Int) -> (Amount, Int)? {
        // Through a buffer pointer: no bounds check per digit.
        bytes.withUnsafeBufferPointer { buffer -> (Amount, Int)? in
            let end = min(limit, buffer.count)
            var index = offset
            var units: Int64 = 0
            while index < end {
                // A digit is the one byte that is below 10 after subtracting `0`.
                let digit = buffer[index] &- 48
                guard digit < 10 else { break }
                units = units &* 10 &+ Int64(digit)
                index &+= 1
            }
            guard index > offset else { return nil }
            var scale = 0
            if index &+ 1 < end, buffer[index] == UInt8(ascii: "."), buffer[index &+ 1] &- 48 < 10 {
                index &+= 1
                while index < end {
                    let digit = buffer[index] &- 48
                    guard digit < 10 else { break }
                    units = units &* 10 &+ Int64(digit)
                    scale &+= 1
                    index &+= 1
                }
            }
            // Absurdly long digit runs are not amounts; skip them whole so scanning stays linear.
            guard index &- offset <= 18, scale <= Amount.maximumScale else { return nil }
            return (Amount(units: units, scale: scale), index)
        }
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
