/// `range.operatingFunds`: 机关运行经费 do not exceed basic expenditure.
///
/// Operating funds are the goods-and-services part of basic spending (DISCLOSURE-RULES R14), so they can be at most
/// the basic expenditure. Compared with the larger of the appropriation and the all-funds basic expenditure. Silent
/// without both.
public struct RangeOperatingFundsRule: Rule {
    public let id = "range.operatingFunds"
    public let subjects = ["operatingFunds.amount"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard let funds = record.operatingFunds.amount else { return [] }
        let basics: InlineArray<2, (String, Figure?)> = [
            ("appropriation.basic.amount", record.appropriation.basic.amount),
            ("expenditure.basic.amount", record.expenditure.basic.amount),
        ]
        guard let (path, basic) = UpperBound.largest(basics) else { return [] }
        return UpperBound.check(
            value: ("operatingFunds.amount", funds),
            bound: (path, basic),
            words: Relation(stated: ("The operating funds", "机关运行经费"), parts: ("basic expenditure", "基本支出")),
            tolerance: context.tolerance
        )
    }
}
