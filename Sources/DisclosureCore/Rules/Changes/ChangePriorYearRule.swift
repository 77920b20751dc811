/// `change.priorYear`: the prior-year totals implied by the stated changes agree with each other.
///
/// Prior = current − change. Income is compared with expenditure only when this year's income and spending are equal
/// (no carry-over between them), and with the appropriation (一般公共预算财政拨款支出) only when all income is
/// appropriation; a prior-year appropriation below the prior-year income is then let pass when income and spending
/// agree (the prior year may have had other funds: last year's 其他资金 explains the gap, not an error).
/// `expected` is the implied prior-year income, `actual` the other implied prior year. One event per
/// document: the subject is the change that disagrees with the others (`expenditure.change` when income and
/// appropriation agree, `appropriation.change` when income and expenditure agree), else `income.change`.
///
/// Where the text states 财政拨款收入 as one figure with its change (`appropriation.allFundsIncome`) and that
/// figure equals this year's appropriation spending, the two implied prior years are compared too: last year's
/// appropriation cannot exceed last year's 财政拨款收入, of which it is a part (subject `appropriation.change`).
public struct ChangePriorYearRule: Rule {
    public let id = "change.priorYear"
    public let subjects = ["income.change", "expenditure.change", "appropriation.change"]

    /// Creates the rule.
    public init() {}

    /// One implied prior year: the total, the change, their paths.
    struct Prior {
        var total: (path: String, figure: Figure)
        var change: (path: String, figure: Figure)
        var value: Amount { total.figure.value - change.figure.value }
        var evidence: [EvidenceReference] {
            [EvidenceReference(total.path, total.figure), EvidenceReference(change.path, change.figure)]
        }
    }

    public func check(_ context: RuleContext) -> [Finding] {
        let totals = checkTotals(context)
        return totals.isEmpty ? checkAllFundsIncome(context) : totals
    }

    /// The implied prior-year 财政拨款收入 against the implied prior-year appropriation spending.
    private func checkAllFundsIncome(_ context: RuleContext) -> [Finding] {
        let appropriation = context.record.appropriation
        guard let income = appropriation.allFundsIncome.amount, let incomeChange = appropriation.allFundsIncome.change,
            let spending = appropriation.expenditure, let spendingChange = appropriation.change,
            income.value == spending.value
        else { return [] }
        let prior = Prior(
            total: ("appropriation.allFundsIncome.amount", income),
            change: ("appropriation.allFundsIncome.change", incomeChange)
        )
        let other = Prior(
            total: ("appropriation.expenditure", spending),
            change: ("appropriation.change", spendingChange)
        )
        let comparison = compare(prior, other, context.tolerance)
        // Last year's appropriation below last year's 财政拨款收入: last year had fund money, not an error.
        guard comparison.actual > comparison.expected else { return [] }
        let relation = Relation(
            stated: ("The prior-year appropriation income of all funds implied by its change", "由财政拨款收入增减额推算的上年财政拨款收入"),
            parts: ("the prior-year appropriation implied by the appropriation change", "由财政拨款增减额推算的上年财政拨款")
        )
        return relation.finding(comparison, subject: "appropriation.change", evidence: prior.evidence + other.evidence)
            .map { [$0] } ?? []
    }

    /// Income against expenditure and appropriation.
    private func checkTotals(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard let incomeTotal = record.income.total, let incomeChange = record.income.change.amount else { return [] }
        let income = Prior(total: ("income.total", incomeTotal), change: ("income.change.amount", incomeChange))
        var expenditure: Prior?
        if let total = record.expenditure.total, let change = record.expenditure.change.amount,
            total.value == incomeTotal.value
        {
            expenditure = Prior(total: ("expenditure.total", total), change: ("expenditure.change.amount", change))
        }
        var appropriation: Prior?
        if let total = record.appropriation.expenditure, let change = record.appropriation.change,
            ChangePriorYearRule.allIncomeIsAppropriation(record)
        {
            appropriation = Prior(
                total: ("appropriation.expenditure", total),
                change: ("appropriation.change", change)
            )
        }
        let withExpenditure = expenditure.map { compare(income, $0, context.tolerance) }
        var withAppropriation = appropriation.map { compare(income, $0, context.tolerance) }
        if let byAppropriation = withAppropriation, byAppropriation.status == .outsideBand,
            byAppropriation.actual < byAppropriation.expected, let byExpenditure = withExpenditure,
            byExpenditure.status != .outsideBand
        {
            withAppropriation = nil
        }
        // The first comparison inside the band (no arrays to compact and filter on every document).
        let rounding =
            withExpenditure.flatMap { $0.status == .insideBand ? $0 : nil }
            ?? withAppropriation.flatMap { $0.status == .insideBand ? $0 : nil }

        let subject: String
        let chosen: (BandComparison, Prior)
        if let byExpenditure = withExpenditure, byExpenditure.status == .outsideBand, let other = expenditure {
            let appropriationAgrees = withAppropriation.map { $0.status != .outsideBand } ?? false
            subject = appropriationAgrees ? "expenditure.change" : "income.change"
            chosen = (byExpenditure, other)
        } else if let byAppropriation = withAppropriation, byAppropriation.status == .outsideBand,
            let other = appropriation
        {
            let expenditureAgrees = withExpenditure.map { $0.status != .outsideBand } ?? false
            subject = expenditureAgrees ? "appropriation.change" : "income.change"
            chosen = (byAppropriation, other)
        } else if let first = rounding {
            let other = first == withExpenditure ? expenditure : appropriation
            guard let other else { return [] }
            subject = other.change.path == "expenditure.change.amount" ? "expenditure.change" : "appropriation.change"
            chosen = (first, other)
        } else {
            return []
        }
        let relation = Relation(
            stated: ("The prior-year income implied by the income change", "由收入增减额推算的上年收入"),
            parts: (
                chosen.1.change.path.hasPrefix("expenditure")
                    ? "the prior-year spending implied by the expenditure change"
                    : "the prior-year appropriation implied by the appropriation change",
                chosen.1.change.path.hasPrefix("expenditure") ? "由支出增减额推算的上年支出" : "由财政拨款增减额推算的上年财政拨款"
            )
        )
        return relation.finding(chosen.0, subject: subject, evidence: income.evidence + chosen.1.evidence).map { [$0] }
            ?? []
    }

    private func compare(_ income: Prior, _ other: Prior, _ tolerance: TolerancePolicy) -> BandComparison {
        BandComparison(
            expected: income.value,
            actual: other.value,
            tolerance: tolerance.band(forInline: [
                income.total.figure.value, income.change.figure.value, other.total.figure.value,
                other.change.figure.value,
            ])
        )
    }

    /// All of this year's income is 一般公共预算财政拨款: the appropriation income (or the general-public-budget
    /// source) equals the income total.
    static func allIncomeIsAppropriation(_ record: DisclosureRecord) -> Bool {
        guard let total = record.income.total?.value else { return false }
        if let appropriationIncome = record.appropriation.income?.value { return appropriationIncome == total }
        if let general = record.income.sources.generalPublicBudget?.value { return general == total }
        return false
    }
}
