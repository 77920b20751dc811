extension Amount {
    /// The exact product, at the sum of the scales (capped at ``Amount/maximumScale`` by rounding half away from
    /// zero; rule bands never need more digits).
    func multiplied(by other: Amount) -> Amount {
        var product = Int128(units) * Int128(other.units)
        var scale = scale + other.scale
        while scale > Amount.maximumScale {
            let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10)
            product = quotient + (remainder.magnitude >= 5 ? (product < 0 ? -1 : 1) : 0)
            scale -= 1
        }
        return Amount(units: Int64(clamping: product), scale: scale)
    }

    /// The value times 100 (a fraction as a percentage), exactly.
    var timesHundred: Amount { shifted(by: 2) ?? self }

    /// Text for messages: the canonical decimal (``description``), written on the stack: an amount's text is at
    /// most 34 bytes and usually fits a small string, so no allocation.
    var text: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            let count = write(into: buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// Writes ``description``'s UTF-8 bytes at the start of `out` (at least 34 bytes) and returns their count.
    func write(into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var index = 0
        if units < 0 {
            out[0] = UInt8(ascii: "-")
            index = 1
        }
        // As `description`: at least one digit before the point (so at least `scale + 1` digits), exactly `scale`
        // after it.
        var magnitude = units.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        digits = Swift.max(digits, scale > 0 ? scale + 1 : 1)
        let end = index + digits + (scale > 0 ? 1 : 0)
        var position = end - 1
        var written = 0
        while written < digits {
            if scale > 0, written == scale {
                out[position] = UInt8(ascii: ".")
                position -= 1
            }
            out[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            position -= 1
            written += 1
        }
        return end
    }
}
