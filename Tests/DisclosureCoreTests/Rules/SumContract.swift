import DisclosureCore
import Testing

/// The five behaviours every sum-like rule must show (issue 3): holds, fails, inside the band, at the band's edge,
/// silent when an input is missing.
///
/// `build(total, parts)` makes a record where the rule compares `total` with the sum of `parts` (a nil leaves that
/// value unstated). Parts are written to the cent, so the natural band is `(n + 1) × 0.005`.
struct SumContract {
    var rule: any Rule
    var subject: String
    var partCount: Int
    var build: (String?, [String?]) -> DisclosureRecord

    private func findings(
        _ total: String?,
        _ parts: [String?],
        tolerance: TolerancePolicy = TolerancePolicy()
    )
        -> [Finding]
    {
        rule.check(RuleContext(record: build(total, parts), text: NormalizedText(normalized: ""), tolerance: tolerance))
            .filter { $0.subject == subject }
    }

    /// Parts `10.00, 1.00, 1.00, …` and their exact total.
    private var parts: [String] { ["10.00"] + Array(repeating: "1.00", count: partCount - 1) }
    private var total: Amount { Amount.sum(parts.map(amount)) }

    func verify(sourceLocation: SourceLocation = #_sourceLocation) {
        // Holds.
        #expect(findings(total.description, parts).isEmpty, "holds", sourceLocation: sourceLocation)

        // Fails: the total off by 5.
        let off = total + amount("5.00")
        let failure = findings(off.description, parts)
        #expect(failure.map(\.severity) == [.error], "fails", sourceLocation: sourceLocation)
        #expect(failure.first?.expected == off, sourceLocation: sourceLocation)
        #expect(failure.first?.actual == total, sourceLocation: sourceLocation)
        #expect(failure.first?.difference == amount("-5.00"), sourceLocation: sourceLocation)

        // Inside the band: off by one cent, band (n + 1) × 0.005.
        let cent = total + amount("0.01")
        let inside = findings(cent.description, parts)
        #expect(inside.map(\.severity) == [.info], "inside the band", sourceLocation: sourceLocation)
        let band = Amount(units: Int64(5 * (partCount + 1)), scale: 3)
        #expect(inside.first?.tolerance == band, sourceLocation: sourceLocation)

        // At the band's edge (a configured band of exactly 0.02): 0.02 is inside, 0.03 outside.
        let edge = TolerancePolicy(multiplier: .zero, minimum: amount("0.02"))
        let atEdge = findings((total + amount("0.02")).description, parts, tolerance: edge)
        #expect(atEdge.map(\.severity) == [.info], "at the edge", sourceLocation: sourceLocation)
        let beyond = findings((total + amount("0.03")).description, parts, tolerance: edge)
        #expect(beyond.map(\.severity) == [.error], "beyond the edge", sourceLocation: sourceLocation)

        // Missing inputs: no total, or no parts at all.
        #expect(findings(nil, parts).isEmpty, "no total", sourceLocation: sourceLocation)
        #expect(
            findings(off.description, Array(repeating: nil, count: partCount)).isEmpty,
            "no parts",
            sourceLocation: sourceLocation
        )
    }
}
