/// An exact decimal number as a document wrote it: `units × 10^-scale`.
///
/// Money, changes and percentages all travel as `Amount`. No binary floating point is ever on the path of an
/// amount: parsing, unit conversion (元 → 万元 is a shift of the decimal point), sums and comparisons are integer
/// arithmetic. The written precision (`scale`) is kept, because the rules' rounding bands depend on it: `2.7`
/// carries ±0.05, `2.85` carries ±0.005, `3923` carries ±0.5.
///
/// Equality and hashing are numeric (`1.50 == 1.5`); ``scale`` is metadata about how the number was written.
public struct Amount: Sendable, CustomStringConvertible {
    /// The digits as an integer, sign included.
    public var units: Int64
    /// Digits after the decimal point, as written (after any unit conversion).
    public var scale: Int

    /// Largest scale we keep; 元 amounts with 2 decimals become scale 6 in 万元.
    public static let maximumScale = 12

    /// Creates an amount from its integer digits and scale.
    public init(units: Int64, scale: Int) {
        precondition(scale >= 0 && scale <= Amount.maximumScale, "\(#function): scale \(scale) out of range")
        self.units = units
        self.scale = scale
    }

    /// Creates a whole-number amount.
    public init(_ value: Int) {
        self.init(units: Int64(value), scale: 0)
    }

    /// The zero amount, written without decimals.
    public static let zero = Amount(units: 0, scale: 0)

    /// Parses a plain decimal literal: optional sign, ASCII digits, at most one `.` followed by digits.
    ///
    /// Rejects anything else (unlike `Decimal(string:)`, which accepts the prefix of `"12abc"`), and returns nil
    /// when the value would not fit 18 significant digits.
    public init?<S: StringProtocol>(parsing text: S) {
        self.init(utf8: Array(text.utf8)[...])
    }

    /// Parses a decimal literal from UTF-8 bytes; see ``init(parsing:)``.
    public init?(utf8 bytes: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var reader = DecimalReader()
        while index < bytes.endIndex, !reader.failed {
            reader.take(bytes[index])
            index += 1
        }
        guard let amount = reader.amount(negative: negative) else { return nil }
        self = amount
    }

    // MARK: - Arithmetic

    /// Whether the amount is exactly zero.
    public var isZero: Bool { units == 0 }

    /// The amount with its sign flipped.
    public var negated: Amount { Amount(units: -units, scale: scale) }

    /// The absolute value.
    public var magnitude: Amount { units < 0 ? negated : self }

    /// Half a unit of the last written digit: the rounding uncertainty the writer allowed (`2.85` → `0.005`).
    public var halfUnit: Amount { Amount(units: 5, scale: min(scale + 1, Amount.maximumScale)) }

    /// The same value written with `newScale` digits (only widening is exact; returns nil on overflow).
    public func rescaled(to newScale: Int) -> Amount? {
        guard newScale >= scale, newScale <= Amount.maximumScale else { return nil }
        var value = units
        for _ in 0..<(newScale - scale) {
            let (next, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = next
        }
        return Amount(units: value, scale: newScale)
    }

    /// Multiplies by a power of ten, exactly (元 → 万元 is `shifted(by: -4)`, 亿元 → 万元 is `shifted(by: 4)`).
    public func shifted(by exponent: Int) -> Amount? {
        if exponent < 0 {
            let newScale = scale - exponent
            guard newScale <= Amount.maximumScale else { return nil }
            return Amount(units: units, scale: newScale)
        }
        var value = units
        var newScale = scale
        for _ in 0..<exponent {
            if newScale > 0 {
                newScale -= 1
            } else {
                let (next, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                value = next
            }
        }
        return Amount(units: value, scale: newScale)
    }

    /// The exact value as a 128-bit integer at `scale` digits (which must be ≥ ``scale``).
    func wideUnits(atScale target: Int) -> Int128 {
        var value = Int128(units)
        for _ in 0..<(target - scale) { value *= 10 }
        return value
    }

    /// Exact sum; the result has the larger of the two scales.
    public static func + (lhs: Amount, rhs: Amount) -> Amount {
        let scale = max(lhs.scale, rhs.scale)
        let sum = lhs.wideUnits(atScale: scale) + rhs.wideUnits(atScale: scale)
        return Amount(units: Int64(clamping: sum), scale: scale)
    }

    /// Exact difference; the result has the larger of the two scales.
    public static func - (lhs: Amount, rhs: Amount) -> Amount {
        lhs + rhs.negated
    }

    /// Exact sum of a sequence (zero when empty).
    public static func sum<S: Sequence>(_ amounts: S) -> Amount where S.Element == Amount {
        amounts.reduce(Amount.zero, +)
    }

    // MARK: - Text

    /// The canonical decimal text at the written scale: `1651.99`, `-0.5`, `0.00`, `642.976884`.
    public var description: String {
        let negative = units < 0
        var digits = String(units.magnitude)
        if scale > 0 {
            if digits.count <= scale {
                digits = String(repeating: "0", count: scale - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return negative ? "-" + digits : digits
    }

    /// Appends ``description``'s UTF-8 bytes to `out` without building the string (the JSON writers' path).
    func write(to out: inout [UInt8]) {
        if units < 0 { out.append(UInt8(ascii: "-")) }
        guard scale > 0 else {
            Amount.writeDigits(UInt64(units.magnitude), minimumCount: 1, to: &out)
            return
        }
        // As `description`: at least one digit before the point, then exactly `scale` after it.
        Amount.writeDigits(UInt64(units.magnitude), minimumCount: scale + 1, to: &out)
        out.insert(UInt8(ascii: "."), at: out.count - scale)
    }

    /// Appends the decimal digits of `value`, left-padded with zeros to `minimumCount` digits.
    static func writeDigits(_ value: UInt64, minimumCount: Int, to out: inout [UInt8]) {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        let total = Swift.max(count, minimumCount)
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: total))
        var index = start + total - 1
        var remaining = value
        while remaining > 0 {
            out[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    /// The value with trailing fractional zeros removed (`92.50` → `92.5`, `30.00` → `30`).
    public var normalized: Amount {
        var value = self
        while value.scale > 0 && value.units % 10 == 0 {
            value = Amount(units: value.units / 10, scale: value.scale - 1)
        }
        return value
    }
}

extension Amount: Equatable, Hashable, Comparable {
    public static func == (lhs: Amount, rhs: Amount) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.wideUnits(atScale: scale) == rhs.wideUnits(atScale: scale)
    }

    public func hash(into hasher: inout Hasher) {
        let canonical = normalized
        hasher.combine(canonical.units)
        hasher.combine(canonical.scale)
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.wideUnits(atScale: scale) < rhs.wideUnits(atScale: scale)
    }
}
