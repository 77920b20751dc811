/// Reads a plain decimal literal one byte at a time, as ``Amount/init(utf8:)`` reads the bytes after its sign:
/// ASCII digits and at most one `.`, the same overflow, scale and trailing-point checks, without collecting the
/// bytes into an array first (table cells are read by the hundred per document).
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

    /// The amount read (negated when `negative`), or nil where ``Amount/init(utf8:)`` gives nil.
    func amount(negative: Bool) -> Amount? {
        guard !failed, sawDigit, scale <= Amount.maximumScale else { return nil }
        // "12." is not a number: a trailing point is punctuation, not a decimal.
        if sawPoint && scale == 0 { return nil }
        return Amount(units: negative ? -units : units, scale: scale)
    }
}
