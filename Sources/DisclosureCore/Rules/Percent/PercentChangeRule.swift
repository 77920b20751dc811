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
        var findings: [Finding] = []
        NamedBlock.forEach(context.record) { named in
            if let finding = finding(named) { findings.append(finding) }
        }
        return findings
    }

    /// The finding for one block, if any.
    private func finding(_ named: NamedBlock) -> Finding? {
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
