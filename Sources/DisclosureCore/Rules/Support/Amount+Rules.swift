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

    /// Text for messages: the canonical decimal.
    var text: String { description }
}
