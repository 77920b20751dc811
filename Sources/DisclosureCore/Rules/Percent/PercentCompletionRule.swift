/// `percent.completion`: a stated 完成预算% agrees with amount ÷ budget × 100, and is not stated against a budget of 0.
///
/// The same precision test as `percent.change` (no finding when it is the rounded ratio, `info` when a reading of the
/// amounts within their written precision gives it, `error` otherwise). A rate stated against a budget of 0 is an
/// `error` (a stated 0% of a budget of 0 is only `info`: debatable). Subject: the block (`threePublic.total`,
/// `threePublic.reception`, `appropriation`).
public struct PercentCompletionRule: Rule {
    public let id = "percent.completion"
    public let subjects = ["income", "expenditure", "appropriation", "<block>"]

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
        guard let budget = named.block.budget, let stated = named.block.completionPercent else { return nil }
        // The evidence is built only for a finding.
        func evidence(_ amount: Figure? = nil) -> [EvidenceReference] {
            var evidence = [
                EvidenceReference(named.fieldPrefix + "completionPercent", stated),
                EvidenceReference(named.fieldPrefix + "budget", budget),
            ]
            if let amount { evidence.append(EvidenceReference(named.amountPath, amount)) }
            return evidence
        }
        if budget.value.isZero {
            let zeroRate = stated.value.isZero
            return Finding(
                subject: named.path,
                severity: zeroRate ? .info : .error,
                expected: stated.value,
                message: "A budget completion rate of \(stated.value.text)% is stated for \(named.path) against "
                    + "a budget of 0.",
                messageZh: "\(named.path)的预算数为0，却列有完成预算的\(stated.value.text)%。",
                evidence: evidence()
            )
        }
        guard let amount = named.block.amount else { return nil }
        let verdict = PercentCheck.completion(amount: amount.value, budget: budget.value).judge(
            stated: stated.value
        )
        return PercentFinding.make(
            verdict,
            stated: stated.value,
            subject: named.path,
            words: ("budget completion rate", "完成预算比例"),
            evidence: evidence(amount)
        )
    }
}
