/// `cross.appropriation`: the 一般公共预算财政拨款收入 equals the general-public-budget income source.
///
/// Both name the same money (DISCLOSURE-RULES R9): `appropriation.income` against
/// `income.sources.generalPublicBudget`. Silent unless both are stated.
public struct CrossAppropriationRule: Rule {
    public let id = "cross.appropriation"
    public let subjects = ["appropriation.income"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard let appropriation = record.appropriation.income,
            let source = record.income.sources.generalPublicBudget
        else { return [] }
        let comparison = BandComparison(
            expected: appropriation.value,
            actual: source.value,
            tolerance: context.tolerance.band(forInline: [appropriation.value, source.value])
        )
        let relation = Relation(
            stated: ("The appropriation income", "一般公共预算财政拨款收入"),
            parts: ("the general-public-budget income source", "收入来源中的一般公共预算拨款")
        )
        return relation.finding(
            comparison,
            subject: "appropriation.income",
            evidence: [
                EvidenceReference("appropriation.income", appropriation),
                EvidenceReference("income.sources.generalPublicBudget", source),
            ]
        ).map { [$0] } ?? []
    }
}
