/// `sum.income.sources`: the stated income sources add up to this year's income total.
///
/// The parts are the this-year sources the document lists (一般公共预算拨款, 政府性基金, 国有资本经营, 财政专户,
/// 事业收入, 经营收入, 上级补助, 附属单位上缴, 其他收入), zeros included; carry-over and reserve use are not this
/// year's income and are left out (they belong to `balance.grandTotal`). Sources that exceed the total are always
/// reported; sources that fall short of it only when the general-public-budget appropriation is among them (a
/// listing without the main source is partial: `其中：事业收入…`). Silent without a total or without any source.
public struct SumIncomeSourcesRule: Rule {
    public let id = "sum.income.sources"
    public let subjects = ["income.total"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let income = context.record.income
        guard income.total != nil else { return [] }
        let sources = income.sources
        // Inline: no array allocated on every document.
        let figures: InlineArray<9, Figure?> = [
            sources.generalPublicBudget, sources.governmentFund, sources.stateCapital, sources.specialAccount,
            sources.business, sources.businessOperating, sources.upperSubsidy, sources.subordinateRemittance,
            sources.other,
        ]
        let relation = Relation(
            stated: ("The income total", "收入合计"),
            parts: ("its sources", "各项收入来源之和")
        )
        // Only the stated sources are summed (and quoted): the paths are built only for a finding.
        let finding = SumCheck.check(
            totalPath: "income.total",
            total: income.total,
            parts: figures.count,
            figure: { figures[$0] },
            path: { SumIncomeSourcesRule.paths[$0] },
            relation: relation,
            tolerance: context.tolerance,
            requireAllParts: false,
            reportShortfall: sources.generalPublicBudget != nil
        )
        return finding.map { [$0] } ?? []
    }

    /// The paths of the sources, in the order checked.
    static let paths = [
        "income.sources.generalPublicBudget", "income.sources.governmentFund", "income.sources.stateCapital",
        "income.sources.specialAccount", "income.sources.business", "income.sources.businessOperating",
        "income.sources.upperSubsidy", "income.sources.subordinateRemittance", "income.sources.other",
    ]
}
