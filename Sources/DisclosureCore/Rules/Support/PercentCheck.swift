/// Checks a stated percentage against `100 × numerator ÷ denominator` of stated amounts, at the stated precision.
///
/// The corpus convention: no finding when the stated figure is the recomputed one rounded half-up (half away from
/// zero); `info` when some reading of the amounts within their written precision (each ± half a unit of its last
/// digit) rounds to it; `error` when none can. The reachable range is bounded by the corners of the box of
/// readings, because both ratios checked (`d ÷ (c − d)` and `a ÷ b`) are monotone in each input wherever the
/// denominator keeps its sign. Exact integer arithmetic throughout (`Int128`, no binary floating point).
struct PercentCheck {
    /// The verdict.
    enum Verdict: Equatable {
        /// The stated percentage is the recomputed one, rounded.
        case holds
        /// Unequal, but some reading of the amounts rounds to the stated figure.
        case insideReadings(recomputed: Amount)
        /// No reading of the amounts gives the stated figure.
        case outside(recomputed: Amount)
        /// The denominator is 0 or can reach 0 within the written precision: the percentage is not defined.
        case undefined
    }

    /// The two inputs and how the numerator and denominator derive from them.
    let first: Amount
    let second: Amount
    let ratio: @Sendable (Int128, Int128) -> (numerator: Int128, denominator: Int128)

    /// `change ÷ (current − change)`: the percentage change against the prior year.
    static func change(current: Amount, change: Amount) -> PercentCheck {
        PercentCheck(first: current, second: change) { current, change in (change, current - change) }
    }

    /// `amount ÷ budget`: the 完成预算 rate.
    static func completion(amount: Amount, budget: Amount) -> PercentCheck {
        PercentCheck(first: amount, second: budget) { amount, budget in (amount, budget) }
    }

    /// The percentage recomputed from the amounts as written, rounded half away from zero to `scale` digits.
    func recomputed(scale: Int) -> Amount? {
        let common = max(first.scale, second.scale)
        let (numerator, denominator) = ratio(first.wideUnits(atScale: common), second.wideUnits(atScale: common))
        guard denominator != 0, let factor = PercentCheck.powerOfTen(scale + 2) else { return nil }
        let (scaled, overflow) = numerator.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        let negative = (scaled < 0) != (denominator < 0)
        let magnitude = (2 * scaled.magnitude + denominator.magnitude) / (2 * denominator.magnitude)
        guard magnitude <= UInt128(Int64.max) else { return nil }
        let units = Int64(magnitude)
        return Amount(units: negative ? -units : units, scale: scale)
    }

    /// Judges `stated` against the amounts.
    func judge(stated: Amount) -> Verdict {
        guard let recomputed = recomputed(scale: stated.scale) else { return .undefined }
        // Corners of the box of readings, at one more digit than the finer input.
        let common = max(first.scale, second.scale) + 1
        guard common <= Amount.maximumScale else { return .undefined }
        let x = first.wideUnits(atScale: common)
        let y = second.wideUnits(atScale: common)
        let hx = first.halfUnit.wideUnits(atScale: common)
        let hy = second.halfUnit.wideUnits(atScale: common)
        let nominal = ratio(x, y)
        // The four corners, unrolled: no arrays for a check that runs on every stated percentage.
        let c0 = ratio(x - hx, y - hy)
        let c1 = ratio(x - hx, y + hy)
        let c2 = ratio(x + hx, y - hy)
        let c3 = ratio(x + hx, y + hy)
        // A denominator that reaches 0 or changes sign inside the box: the ratio is unbounded there.
        let positive = nominal.denominator > 0
        func valid(_ corner: (numerator: Int128, denominator: Int128)) -> Bool {
            corner.denominator != 0 && (corner.denominator > 0) == positive
        }
        guard nominal.denominator != 0, valid(c0), valid(c1), valid(c2), valid(c3) else { return .undefined }
        func oriented(_ corner: (numerator: Int128, denominator: Int128)) -> (Int128, Int128) {
            positive ? (corner.numerator, corner.denominator) : (-corner.numerator, -corner.denominator)
        }

        if recomputed == stated { return .holds }
        let corners = (oriented(c0), oriented(c1), oriented(c2), oriented(c3))
        func some(_ test: ((Int128, Int128)) -> Bool) -> Bool {
            test(corners.0) || test(corners.1) || test(corners.2) || test(corners.3)
        }
        // The stated figure stands for [s − h, s + h]; some corner at or below the top and some at or above the
        // bottom means the continuous range of readings meets it.
        let low = stated - stated.halfUnit
        let high = stated + stated.halfUnit
        let reachesHigh = some { PercentCheck.compare($0, bound: high) <= 0 }
        let reachesLow = some { PercentCheck.compare($0, bound: low) >= 0 }
        return reachesHigh && reachesLow ? .insideReadings(recomputed: recomputed) : .outside(recomputed: recomputed)
    }

    /// Sign of `100 × n ÷ d − bound` (d > 0); 0 on overflow, which then counts as reaching the bound.
    private static func compare(_ ratio: (Int128, Int128), bound: Amount) -> Int {
        guard let factor = powerOfTen(bound.scale + 2) else { return 0 }
        let (left, overflow1) = ratio.0.multipliedReportingOverflow(by: factor)
        let (right, overflow2) = Int128(bound.units).multipliedReportingOverflow(by: ratio.1)
        guard !overflow1, !overflow2 else { return 0 }
        // 100·n/d vs b/10^k  ⇔  n·10^(k+2) vs b·d (both sides times d·10^k, d > 0).
        return left == right ? 0 : (left < right ? -1 : 1)
    }

    private static func powerOfTen(_ exponent: Int) -> Int128? {
        guard exponent >= 0, exponent <= 30 else { return nil }
        var value: Int128 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
