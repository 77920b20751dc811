/// `balance.grandTotal`: 总计 = this year's total + carry-over, on each side.
///
/// Income side: `income.grandTotal` = `income.total` + 年初结转和结余 (a budget's 上年结转) + 使用非财政拨款结余 where
/// stated. Spending side: `expenditure.grandTotal` = `expenditure.total` + 年末结转和结余 + 结余分配 where stated.
/// Checked when the text states the 总计, the total and the carry-over; without a stated carry-over only a 总计 that
/// no non-negative carry-over can reach (below the total beyond the band) is reported.
public struct BalanceGrandTotalRule: Rule {
    public let id = "balance.grandTotal"
    public let subjects = ["income.grandTotal", "expenditure.grandTotal"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        let carry = record.carryover
        // The extras inline: no arrays allocated on every document.
        let incomeExtras: InlineArray<2, (String, Figure?)> = [
            carry.opening != nil
                ? ("carryover.opening", carry.opening)
                : ("income.sources.priorYearCarryover", record.income.sources.priorYearCarryover),
            carry.reserveUse != nil
                ? ("carryover.reserveUse", carry.reserveUse)
                : ("income.sources.reserveUse", record.income.sources.reserveUse),
        ]
        let spendingExtras: InlineArray<2, (String, Figure?)> = [
            ("carryover.closing", carry.closing), ("carryover.surplusDistribution", carry.surplusDistribution),
        ]
        return FindingPair.findings(
            BalanceGrandTotalRule.side(
                grand: ("income.grandTotal", record.income.grandTotal),
                total: ("income.total", record.income.total),
                extras: incomeExtras,
                words: ("The income grand total", "收入总计"),
                tolerance: context.tolerance
            ),
            BalanceGrandTotalRule.side(
                grand: ("expenditure.grandTotal", record.expenditure.grandTotal),
                total: ("expenditure.total", record.expenditure.total),
                extras: spendingExtras,
                words: ("The expenditure grand total", "支出总计"),
                tolerance: context.tolerance
            )
        )
    }

    static func side(
        grand: (String, Figure?),
        total: (String, Figure?),
        extras: InlineArray<2, (String, Figure?)>,
        words: (en: String, zh: String),
        tolerance: TolerancePolicy
    ) -> Finding? {
        guard let grandFigure = grand.1, let totalFigure = total.1 else { return nil }
        var stated: [(String, Figure)] = []
        for index in extras.indices {
            if let figure = extras[index].1 { stated.append((extras[index].0, figure)) }
        }
        let carryStated = extras[0].1 != nil
        let parts = [(total.0, totalFigure)] + stated
        let amounts = parts.map(\.1.value)
        let comparison = BandComparison(
            expected: grandFigure.value,
            actual: Amount.sum(amounts),
            tolerance: tolerance.band(for: amounts + [grandFigure.value])
        )
        if !carryStated {
            // Without the carry-over only a 总计 below the total is certain to be wrong.
            guard comparison.status == .outsideBand, comparison.difference > .zero else { return nil }
        }
        let relation = Relation(stated: words, parts: ("this year's total plus carry-over", "本年合计与结转结余之和"))
        return relation.finding(
            comparison,
            subject: grand.0,
            evidence: [EvidenceReference(grand.0, grandFigure)] + parts.map { EvidenceReference($0.0, $0.1) }
        )
    }
}
