/// How wide the rounding band is: the sum of the amounts' half-units, scaled and floored by configuration.
///
/// The corpus convention (bands by written precision): each amount carries half a unit of its last written digit
/// (`2.85` ±0.005, `2.7` ±0.05, `3923` ±0.5) and a relation is consistent when its difference is at most the sum of
/// those half-units. `config/rules.yaml` may widen the band (`multiplier`) or give it a floor (`minimum`).
public struct TolerancePolicy: Sendable, Equatable {
    /// Factor applied to the sum of half-units (1 by default).
    public var multiplier: Amount
    /// The smallest band, whatever the precision (0 by default), in the checked quantity's unit.
    public var minimum: Amount

    /// Creates a policy; the defaults are SPEC §6's band exactly.
    public init(multiplier: Amount = Amount(1), minimum: Amount = .zero) {
        self.multiplier = multiplier
        self.minimum = minimum
    }

    /// The band for amounts with these half-units.
    public func band(halfUnits: Amount) -> Amount {
        let scaled = multiplier == Amount(1) ? halfUnits : halfUnits.multiplied(by: multiplier)
        return max(scaled, minimum)
    }

    /// The band for a relation between `figures` (their half-units added).
    public func band<S: Sequence>(for amounts: S) -> Amount where S.Element == Amount {
        // Summed in order as `Amount.sum` would, without an array of half-units.
        var halfUnits = Amount.zero
        for amount in amounts { halfUnits = halfUnits + amount.halfUnit }
        return band(halfUnits: halfUnits)
    }

    /// ``band(for:)`` for a fixed list of amounts (a literal), kept inline: a literal array was allocated on every
    /// document by the relations that hold.
    func band<let n: Int>(forInline amounts: InlineArray<n, Amount>) -> Amount {
        var halfUnits = Amount.zero
        for index in amounts.indices { halfUnits = halfUnits + amounts[index].halfUnit }
        return band(halfUnits: halfUnits)
    }
}

/// The outcome of comparing a stated amount with what its parts give.
public struct BandComparison: Sendable, Equatable {
    /// Whether the two agree, agree within rounding, or disagree.
    public enum Status: Sendable, Equatable {
        /// Exactly equal.
        case equal
        /// Unequal but inside the band.
        case insideBand
        /// Outside the band.
        case outsideBand
    }

    /// The stated figure.
    public var expected: Amount
    /// What the parts give.
    public var actual: Amount
    /// `actual − expected`.
    public var difference: Amount
    /// The band applied.
    public var tolerance: Amount
    /// The verdict.
    public var status: Status

    /// Compares `actual` with `expected` under `tolerance`.
    public init(expected: Amount, actual: Amount, tolerance: Amount) {
        self.expected = expected
        self.actual = actual
        self.difference = actual - expected
        self.tolerance = tolerance
        if difference.isZero {
            status = .equal
        } else if difference.magnitude <= tolerance {
            status = .insideBand
        } else {
            status = .outsideBand
        }
    }
}
