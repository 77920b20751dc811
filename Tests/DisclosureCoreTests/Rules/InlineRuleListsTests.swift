import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// The rules' fixed lists kept inline (``UpperBound/largest(_:)``, ``TolerancePolicy/band(forInline:)``,
/// ``FindingPair``) against the array code they replace, on generated inputs.
@Suite struct InlineRuleListsTests {
    /// An amount of 0–3 decimals, often equal to another one generated (ties at different scales included).
    static func amount(_ generator: inout SplitMix64) -> Amount {
        let scale = generator.below(4)
        let units = Int64(generator.below(2_000)) - 1_000
        return Amount(units: units * (generator.below(3) == 0 ? 10 : 1), scale: scale)
    }

    @Test func largestIsTheFirstMaximumOfTheStatedCandidates() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            var candidates: [(String, Figure?)] = []
            for index in 0..<3 {
                let stated = generator.below(4) != 0
                let value = InlineRuleListsTests.amount(&generator)
                candidates.append(
                    ("path\(index)", stated ? Figure(value, evidence: TextSpan(start: index, end: index)) : nil)
                )
            }
            // The array code this replaced.
            let expected = candidates.compactMap { candidate in candidate.1.map { (candidate.0, $0) } }.max {
                $0.1.value < $1.1.value
            }
            let inline: InlineArray<3, (String, Figure?)> = [candidates[0], candidates[1], candidates[2]]
            let got = UpperBound.largest(inline)
            #expect(got?.0 == expected?.0)
            #expect(got?.1 == expected?.1)
            let pair: InlineArray<2, (String, Figure?)> = [candidates[0], candidates[1]]
            let expectedPair = candidates.prefix(2).compactMap { candidate in candidate.1.map { (candidate.0, $0) } }
                .max { $0.1.value < $1.1.value }
            #expect(UpperBound.largest(pair)?.0 == expectedPair?.0)
        }
    }

    @Test func inlineBandsAreTheBandsOfTheSameAmounts() {
        var generator = SplitMix64(seed: 11)
        let policies = [
            TolerancePolicy(),
            TolerancePolicy(multiplier: Amount(units: 15, scale: 1)),
            TolerancePolicy(multiplier: Amount(2), minimum: Amount(units: 5, scale: 2)),
        ]
        for _ in 0..<2_000 {
            let amounts = (0..<4).map { _ in InlineRuleListsTests.amount(&generator) }
            for policy in policies {
                let two: InlineArray<2, Amount> = [amounts[0], amounts[1]]
                let four: InlineArray<4, Amount> = [amounts[0], amounts[1], amounts[2], amounts[3]]
                let bandOfTwo = policy.band(forInline: two)
                let bandOfFour = policy.band(forInline: four)
                // Digit for digit: the scale shows in messages.
                #expect(bandOfTwo.units == policy.band(for: amounts[..<2]).units)
                #expect(bandOfTwo.scale == policy.band(for: amounts[..<2]).scale)
                #expect(bandOfFour.units == policy.band(for: amounts).units)
                #expect(bandOfFour.scale == policy.band(for: amounts).scale)
            }
        }
    }

    @Test func findingPairsAreTheFindingsPresentInOrder() {
        let first = Finding(subject: "a", severity: .error, message: "m", messageZh: "中")
        let second = Finding(subject: "b", severity: .info, message: "n", messageZh: "文")
        for pair in [(nil, nil), (first, nil), (nil, second), (first, second), (second, first)]
            as [(Finding?, Finding?)]
        {
            #expect(FindingPair.findings(pair.0, pair.1) == [pair.0, pair.1].compactMap { $0 })
        }
    }
}
