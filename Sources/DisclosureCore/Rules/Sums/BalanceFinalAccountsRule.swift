/// `balance.finalAccounts`: in final accounts, opening carry-over + income = expenditure + closing carry-over.
///
/// The income side adds 使用非财政拨款结余 and the spending side 结余分配 where stated. A final account's 收入总计 must
/// also equal its 支出总计. One event per document, subject `income.grandTotal` (the balance of the 总计 sides);
/// `expected` is the income side, `actual` the spending side. Silent unless every figure of a relation is stated.
public struct BalanceFinalAccountsRule: Rule {
    public let id = "balance.finalAccounts"
    public let subjects = ["income.grandTotal"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard record.kind == .finalAccounts else { return [] }
        let relation = Relation(
            stated: ("The income side (carry-over in plus income)", "年初结转和结余与本年收入之和"),
            parts: ("the spending side (spending plus carry-over out)", "本年支出与年末结转和结余之和")
        )
        let carry = record.carryover
        if let opening = carry.opening, let closing = carry.closing, let income = record.income.total,
            let spending = record.expenditure.total
        {
            let incomeSide =
                [("carryover.opening", opening), ("income.total", income)]
                + (carry.reserveUse.map { [("carryover.reserveUse", $0)] } ?? [])
            let spendingSide =
                [("expenditure.total", spending), ("carryover.closing", closing)]
                + (carry.surplusDistribution.map { [("carryover.surplusDistribution", $0)] } ?? [])
            let all = (incomeSide + spendingSide).map(\.1.value)
            let comparison = BandComparison(
                expected: Amount.sum(incomeSide.map(\.1.value)),
                actual: Amount.sum(spendingSide.map(\.1.value)),
                tolerance: context.tolerance.band(for: all)
            )
            if let finding = relation.finding(
                comparison,
                subject: "income.grandTotal",
                evidence: (incomeSide + spendingSide).map { EvidenceReference($0.0, $0.1) }
            ) {
                return [finding]
            }
        }
        if let income = record.income.grandTotal, let spending = record.expenditure.grandTotal {
            let comparison = BandComparison(
                expected: income.value,
                actual: spending.value,
                tolerance: context.tolerance.band(forInline: [income.value, spending.value])
            )
            let words = Relation(
                stated: ("The income grand total", "收入总计"),
                parts: ("the expenditure grand total", "支出总计")
            )
            return words.finding(
                comparison,
                subject: "income.grandTotal",
                evidence: [
                    EvidenceReference("income.grandTotal", income),
                    EvidenceReference("expenditure.grandTotal", spending),
                ]
            ).map { [$0] } ?? []
        }
        return []
    }
}
