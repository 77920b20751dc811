/// `sum.procurement`: 货物 + 工程 + 服务 = the procurement total, for the all-funds total and the 一般公共预算 part.
///
/// All three categories must be stated (zeros included) for a total to be checked.
public struct SumProcurementRule: Rule {
    public let id = "sum.procurement"
    public let subjects = ["procurement.total", "procurement.generalPublicBudget.total"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let block = context.record.procurement
        let general = block.generalPublicBudget
        let relation = Relation(
            stated: ("The procurement total", "政府采购总额"),
            parts: ("goods, works and services", "货物、工程、服务之和")
        )
        return FindingPair.findings(
            SumCheck.check(
                total: ("procurement.total", block.total),
                parts: [
                    ("procurement.goods", block.goods), ("procurement.works", block.works),
                    ("procurement.services", block.services),
                ],
                relation: relation,
                tolerance: context.tolerance
            ),
            SumCheck.check(
                total: ("procurement.generalPublicBudget.total", general.total),
                parts: [
                    ("procurement.generalPublicBudget.goods", general.goods),
                    ("procurement.generalPublicBudget.works", general.works),
                    ("procurement.generalPublicBudget.services", general.services),
                ],
                relation: relation,
                tolerance: context.tolerance
            )
        )
    }
}
