/// `percent.change`: a stated percentage change agrees with the amounts it is stated for.
///
/// For every block with an amount, a change and a stated `changePercent`: the prior year is amount − change, the
/// percentage is change ÷ prior × 100, recomputed at the stated precision. No finding when the stated figure is the
/// recomputed one rounded half-up; `info` when some reading of the amounts within their written precision rounds to
/// it; `error` when none can. A percentage on a zero prior year is not checked. Subject: the change
/// (`threePublic.total.change`, `income.change`); `expected` the stated percentage, `actual` the recomputed one.
public struct PercentChangeRule: Rule {
    public let id = "percent.change"
    public let subjects = ["income.change", "expenditure.change", "appropriation.change", "<block>.change"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        NamedBlock.all(context.record).compactMap { named in
            guard let amount = named.block.amount, let change = named.block.change,
                let stated = named.block.changePercent
            else { return nil }
            let verdict = PercentCheck.change(current: amount.value, change: change.value).judge(stated: stated.value)
            return PercentFinding.make(
                verdict,
                stated: stated.value,
                subject: named.changeSubject,
                words: ("percentage change", "增减幅度"),
                evidence: [
                    EvidenceReference(named.fieldPrefix + "changePercent", stated),
                    EvidenceReference(named.amountPath, amount),
                    EvidenceReference(named.changePath, change),
                ]
            )
        }
    }
}

/// Turns a ``PercentCheck`` verdict into a finding.
enum PercentFinding {
    static func make(
        _ verdict: PercentCheck.Verdict,
        stated: Amount,
        subject: String,
        words: (en: String, zh: String),
        evidence: [EvidenceReference]
    ) -> Finding? {
        let recomputed: Amount
        let inside: Bool
        switch verdict {
        case .holds, .undefined:
            return nil
        case .insideReadings(let value):
            recomputed = value
            inside = true
        case .outside(let value):
            recomputed = value
            inside = false
        }
        let s = stated.text
        let r = recomputed.text
        return Finding(
            subject: subject,
            severity: inside ? .info : .error,
            kind: inside ? .rounding : .violation,
            expected: stated,
            actual: recomputed,
            difference: recomputed - stated,
            tolerance: stated.halfUnit,
            message: "The stated \(words.en) of \(subject) is \(s)% but the amounts give \(r)%"
                + (inside ? ", which a reading within their written precision can round to." : "."),
            messageZh: "\(subject)所列\(words.zh)为\(s)%，按所列金额计算为\(r)%"
                + (inside ? "，在金额书写精度范围内可以得到。" : "，二者不符。"),
            evidence: evidence
        )
    }
}
