/// `sum.appropriation.basicProject`: basic + project spending equal the appropriation spending, and so do their
/// changes.
///
/// Checked for the 一般公共预算财政拨款 block: `appropriation.basic` + `appropriation.project` against
/// `appropriation.expenditure`, and their changes against `appropriation.change`. The all-funds total is not checked
/// this way: final accounts add 上缴上级支出, 经营支出 and 对附属单位补助支出, and some budgets a reserve
/// (单位预留机动经费), that have no field. Each relation needs both halves and the figure they split.
public struct SumAppropriationBasicProjectRule: Rule {
    public let id = "sum.appropriation.basicProject"
    public let subjects = ["appropriation.expenditure", "appropriation.change"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let appropriation = context.record.appropriation
        return FindingPair.findings(
            SumCheck.check(
                total: ("appropriation.expenditure", appropriation.expenditure),
                parts: [
                    ("appropriation.basic.amount", appropriation.basic.amount),
                    ("appropriation.project.amount", appropriation.project.amount),
                ],
                relation: Relation(
                    stated: ("The appropriation spending", "一般公共预算财政拨款支出"),
                    parts: ("basic plus project spending", "基本支出与项目支出之和")
                ),
                tolerance: context.tolerance
            ),
            SumCheck.check(
                total: ("appropriation.change", appropriation.change),
                parts: [
                    ("appropriation.basic.change", appropriation.basic.change),
                    ("appropriation.project.change", appropriation.project.change),
                ],
                relation: Relation(
                    stated: ("The change in appropriation spending", "一般公共预算财政拨款支出增减额"),
                    parts: ("the changes of basic and project spending", "基本支出与项目支出增减额之和")
                ),
                tolerance: context.tolerance
            )
        )
    }
}
