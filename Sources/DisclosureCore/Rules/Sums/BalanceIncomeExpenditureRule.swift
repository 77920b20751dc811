/// `balance.incomeExpenditure`: a budget's income equals its expenditure.
///
/// Compared for the 总计 figures (`income.grandTotal` against `expenditure.grandTotal`) and for this year's totals
/// when the budget brings no carry-over in (a stated 上年结转 that is not 0 makes them differ legitimately). Budgets
/// only: final accounts balance through carry-over (`balance.finalAccounts`). Silent when a side is missing.
public struct BalanceIncomeExpenditureRule: Rule {
    public let id = "balance.incomeExpenditure"
    public let subjects = ["expenditure.total", "expenditure.grandTotal"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard record.kind == .budget else { return [] }
        var findings: [Finding] = []
        let relation = Relation(stated: ("The budget's income", "收入预算"), parts: ("its expenditure", "支出预算"))
        if let income = record.income.grandTotal, let spending = record.expenditure.grandTotal {
            let comparison = BandComparison(
                expected: income.value,
                actual: spending.value,
                tolerance: context.tolerance.band(forInline: [income.value, spending.value])
            )
            if let finding = relation.finding(
                comparison,
                subject: "expenditure.grandTotal",
                evidence: [
                    EvidenceReference("income.grandTotal", income),
                    EvidenceReference("expenditure.grandTotal", spending),
                ]
            ) {
                findings.append(finding)
            }
        }
        let carryIn = record.carryover.opening ?? record.income.sources.priorYearCarryover
        if let income = record.income.total, let spending = record.expenditure.total, carryIn?.value.isZero ?? true {
            let comparison = BandComparison(
                expected: income.value,
                actual: spending.value,
                tolerance: context.tolerance.band(forInline: [income.value, spending.value])
            )
            if let finding = relation.finding(
                comparison,
                subject: "expenditure.total",
                evidence: [
                    EvidenceReference("income.total", income), EvidenceReference("expenditure.total", spending),
                ]
            ) {
                findings.append(finding)
            }
        }
        return findings
    }
}
