/// `sum.appropriation.basicProject`: basic + project spending equal the spending they split, and so do their changes.
///
/// Checked for the 一般公共预算财政拨款 block (`appropriation.expenditure` and `appropriation.change`) and, where the
/// document splits all funds, for `expenditure.total` and `expenditure.change.amount`. Each relation needs both
/// halves and the figure they split; a missing one keeps that relation silent.
public struct SumAppropriationBasicProjectRule: Rule {
    public let id = "sum.appropriation.basicProject"
    public let subjects = [
        "appropriation.expenditure", "appropriation.change", "expenditure.total", "expenditure.change",
    ]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        let appropriation = record.appropriation
        let expenditure = record.expenditure
        let amountWords = Relation(
            stated: ("The spending", "支出"),
            parts: ("basic plus project spending", "基本支出与项目支出之和")
        )
        let changeWords = Relation(
            stated: ("The change in spending", "支出增减额"),
            parts: ("the changes of basic and project spending", "基本支出与项目支出增减额之和")
        )
        let checks: [Finding?] = [
            SumCheck.check(
                total: ("appropriation.expenditure", appropriation.expenditure),
                parts: [
                    ("appropriation.basic.amount", appropriation.basic.amount),
                    ("appropriation.project.amount", appropriation.project.amount),
                ],
                relation: amountWords,
                tolerance: context.tolerance
            ),
            SumCheck.check(
                total: ("appropriation.change", appropriation.change),
                parts: [
                    ("appropriation.basic.change", appropriation.basic.change),
                    ("appropriation.project.change", appropriation.project.change),
                ],
                relation: changeWords,
                tolerance: context.tolerance
            ),
            SumCheck.check(
                total: ("expenditure.total", expenditure.total),
                parts: [
                    ("expenditure.basic.amount", expenditure.basic.amount),
                    ("expenditure.project.amount", expenditure.project.amount),
                ],
                relation: amountWords,
                tolerance: context.tolerance
            ),
            SumCheck.check(
                total: ("expenditure.change.amount", expenditure.change.amount),
                parts: [
                    ("expenditure.basic.change", expenditure.basic.change),
                    ("expenditure.project.change", expenditure.project.change),
                ],
                subject: "expenditure.change",
                relation: changeWords,
                tolerance: context.tolerance
            ),
        ]
        return checks.compactMap { $0 }
    }
}
