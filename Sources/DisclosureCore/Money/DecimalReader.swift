/// Reads a plain decimal literal one byte at a time: ASCII digits and at most one `.`, with the overflow, scale and
/// trailing-point checks. ``Amount/init(utf8:)`` reads the bytes after its sign with it, and table cells (read by the
/// hundred per document) feed it their bytes without collecting them into an array first.
struct DecimalReader {
    private var units: Int64 = 0
    private var scale = 0
    private var sawDigit = false
    private var sawPoint = false
    /// A byte no literal has was read, or the value overflowed: no amount.
    private(set) var failed = false

    /// Takes the next byte of the literal.
    @inline(__always)
    mutating func take(_ byte: UInt8) {
        if byte >= 48 && byte <= 57 {
            let (times10, overflow1) = units.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - 48))
            if overflow1 || overflow2 { failed = true }
            units = sum
            sawDigit = true
            if sawPoint { scale += 1 }
        } else if byte == UInt8(ascii: "."), !sawPoint {
            sawPoint = true
        } else {
            failed = true
        }
    }

    /// The amount read (negated when `negative`), or nil: no digit, an overflow, more than ``Amount/maximumScale``
    /// decimals, a trailing point or a byte no literal has.
    func amount(negative: Bool) -> Amount? {
        guard !failed, sawDigit, scale <= Amount.maximumScale else { return nil }
        // "12." is not a number: a trailing point is punctuation, not a decimal.
        if sawPoint && scale == 0 { return nil }
        return Amount(units: negative ? -units : units, scale: scale)
    }
}
