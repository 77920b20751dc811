/// `change.drivers`: a stated change equals the sum of the drivers the document names for it.
///
/// `支出预算较2023年减少611.29万元，主要是基本支出预算增加36.18万元，项目支出预算减少290万元`: the drivers give
/// −253.82, far from −611.29. Checked for the income and the expenditure change (the appropriation's drivers are its
/// basic and project changes, checked by `sum.appropriation.basicProject`). Silent without a change or drivers.
public struct ChangeDriversRule: Rule {
    public let id = "change.drivers"
    public let subjects = ["income.change", "expenditure.change"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        return FindingPair.findings(
            ChangeDriversRule.check(record.income.change, path: "income.change", tolerance: context.tolerance),
            ChangeDriversRule.check(
                record.expenditure.change,
                path: "expenditure.change",
                tolerance: context.tolerance
            )
        )
    }

    static func check(_ change: ChangeBlock, path: String, tolerance: TolerancePolicy) -> Finding? {
        let drivers = change.drivers
        // The paths are built only for a finding.
        return SumCheck.check(
            totalPath: path + ".amount",
            total: change.amount,
            parts: drivers.count,
            figure: { drivers[$0].amount },
            path: { "\(path).drivers[\(drivers[$0].label)].amount" },
            subject: path,
            relation: Relation(
                stated: ("The stated change", "所述增减额"),
                parts: ("the drivers named for it", "所列增减因素之和")
            ),
            tolerance: tolerance
        )
    }
}
