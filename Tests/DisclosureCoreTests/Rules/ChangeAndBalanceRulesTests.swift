import DisclosureCore
import Testing

@Suite struct ChangeAndBalanceRulesTests {
    @Test func changeDriversOfExpenditure() {
        SumContract(rule: ChangeDriversRule(), subject: "expenditure.change", partCount: 2) { total, parts in
            var record = emptyRecord()
            record.expenditure.change.amount = total.map { figure($0) }
            record.expenditure.change.drivers = parts.enumerated().compactMap { index, part in
                part.map { ChangeDriver(label: "driver \(index)", amount: figure($0)) }
            }
            return record
        }.verify()
    }

    @Test func changeDriversOfIncome() {
        SumContract(rule: ChangeDriversRule(), subject: "income.change", partCount: 3) { total, parts in
            var record = emptyRecord()
            record.income.change.amount = total.map { figure($0) }
            record.income.change.drivers = parts.enumerated().compactMap { index, part in
                part.map { ChangeDriver(label: "driver \(index)", amount: figure($0)) }
            }
            return record
        }.verify()
    }

    @Test func budgetIncomeEqualsExpenditure() {
        SumContract(rule: BalanceIncomeExpenditureRule(), subject: "expenditure.total", partCount: 1) { total, parts in
            var record = emptyRecord(kind: .budget)
            record.income.total = total.map { figure($0) }
            record.expenditure.total = parts[0].map { figure($0) }
            return record
        }.verify()
    }

    @Test func budgetBalanceIsNotCheckedForFinalAccountsOrWithCarryOver() {
        var record = emptyRecord(kind: .finalAccounts)
        record.income.total = figure("677.47")
        record.expenditure.total = figure("726.20")
        #expect(run(BalanceIncomeExpenditureRule(), record).isEmpty)
        record.kind = .budget
        record.carryover.opening = figure("48.73")
        #expect(run(BalanceIncomeExpenditureRule(), record).isEmpty)
        record.carryover.opening = figure("0")
        #expect(summary(run(BalanceIncomeExpenditureRule(), record)) == ["expenditure.total error"])
    }

    @Test func grandTotalOfIncome() {
        SumContract(rule: BalanceGrandTotalRule(), subject: "income.grandTotal", partCount: 2) { total, parts in
            var record = emptyRecord(kind: .finalAccounts)
            record.income.grandTotal = total.map { figure($0) }
            record.income.total = parts[0].map { figure($0) }
            record.carryover.opening = parts[1].map { figure($0) }
            return record
        }.verify()
    }

    @Test func grandTotalOfExpenditure() {
        SumContract(rule: BalanceGrandTotalRule(), subject: "expenditure.grandTotal", partCount: 2) { total, parts in
            var record = emptyRecord(kind: .finalAccounts)
            record.expenditure.grandTotal = total.map { figure($0) }
            record.expenditure.total = parts[0].map { figure($0) }
            record.carryover.closing = parts[1].map { figure($0) }
            return record
        }.verify()
    }

    @Test func grandTotalWithoutCarryOverOnlyWhenNoCarryOverCanCloseTheGap() {
        // shanghai-putuo-finance-2024-dept-final-seeded-errors: 收入支出总计 0 against 本年收入合计 2946.25.
        var record = emptyRecord(kind: .finalAccounts)
        record.income.grandTotal = figure("0")
        record.income.total = figure("2946.25")
        let findings = run(BalanceGrandTotalRule(), record)
        #expect(summary(findings) == ["income.grandTotal error"])
        #expect(findings.first?.expected == .zero)
        #expect(findings.first?.actual == amount("2946.25"))
        // A 总计 above the total: some carry-over may explain it, so nothing is said.
        record.income.grandTotal = figure("2995.39")
        #expect(run(BalanceGrandTotalRule(), record).isEmpty)
    }

    @Test func finalAccountsBalance() {
        func record(opening: String?, income: String, spending: String, closing: String?) -> DisclosureRecord {
            var record = emptyRecord(kind: .finalAccounts)
            record.carryover.opening = opening.map { figure($0) }
            record.income.total = figure(income)
            record.expenditure.total = figure(spending)
            record.carryover.closing = closing.map { figure($0) }
            return record
        }
        // Synthetic 0000: 92.50 + 677.47 = 726.20 + 43.77.
        #expect(
            run(
                BalanceFinalAccountsRule(),
                record(opening: "92.50", income: "677.47", spending: "726.20", closing: "43.77")
            ).isEmpty
        )
        let failure = run(
            BalanceFinalAccountsRule(),
            record(opening: "92.50", income: "677.47", spending: "726.20", closing: "53.77")
        )
        #expect(summary(failure) == ["income.grandTotal error"])
        #expect(failure.first?.expected == amount("769.97"))
        #expect(failure.first?.actual == amount("779.97"))
        // Inside the band: four amounts to the cent give 0.02.
        let inside = run(
            BalanceFinalAccountsRule(),
            record(opening: "92.50", income: "677.47", spending: "726.20", closing: "43.78")
        )
        #expect(summary(inside) == ["income.grandTotal info"])
        #expect(inside.first?.tolerance == amount("0.020"))
        // At the edge: 0.02 off is inside, 0.03 outside.
        let atEdge = run(
            BalanceFinalAccountsRule(),
            record(opening: "92.50", income: "677.47", spending: "726.20", closing: "43.79")
        )
        #expect(summary(atEdge) == ["income.grandTotal info"])
        let beyond = run(
            BalanceFinalAccountsRule(),
            record(opening: "92.50", income: "677.47", spending: "726.20", closing: "43.80")
        )
        #expect(summary(beyond) == ["income.grandTotal error"])
        // Missing carry-over: silent; budgets: silent.
        #expect(
            run(
                BalanceFinalAccountsRule(),
                record(opening: nil, income: "677.47", spending: "726.20", closing: "43.77")
            ).isEmpty
        )
        var budget = record(opening: "92.50", income: "677.47", spending: "726.20", closing: "53.77")
        budget.kind = .budget
        #expect(run(BalanceFinalAccountsRule(), budget).isEmpty)
    }

    // MARK: - change.priorYear

    static func priorYearRecord(
        income: String = "1651.99",
        incomeChange: String? = "-253.82",
        spending: String = "1651.99",
        spendingChange: String? = "-253.82",
        appropriationChange: String? = nil
    ) -> DisclosureRecord {
        var record = emptyRecord()
        record.income.total = figure(income)
        record.income.change.amount = incomeChange.map { figure($0) }
        record.expenditure.total = figure(spending)
        record.expenditure.change.amount = spendingChange.map { figure($0) }
        if let appropriationChange {
            record.appropriation.income = figure(income)
            record.appropriation.expenditure = figure(income)
            record.appropriation.change = figure(appropriationChange)
        }
        return record
    }

    @Test func priorYearHolds() {
        #expect(
            run(ChangePriorYearRule(), ChangeAndBalanceRulesTests.priorYearRecord(appropriationChange: "-253.82"))
                .isEmpty
        )
    }

    @Test func priorYearFailsOnTheSeedAndNamesTheOddChange() {
        let findings = run(
            ChangePriorYearRule(),
            ChangeAndBalanceRulesTests.priorYearRecord(spendingChange: "-611.29", appropriationChange: "-253.82")
        )
        #expect(summary(findings) == ["expenditure.change error"])
        #expect(findings.first?.expected == amount("1905.81"))
        #expect(findings.first?.actual == amount("2263.28"))
        #expect(findings.first?.difference == amount("357.47"))
        // Without the appropriation to single one out, the income change is named.
        let pair = run(ChangePriorYearRule(), ChangeAndBalanceRulesTests.priorYearRecord(spendingChange: "-611.29"))
        #expect(summary(pair) == ["income.change error"])
    }

    @Test func priorYearInsideTheBandAndAtItsEdge() {
        // Four amounts to the cent: band 0.02.
        let inside = run(ChangePriorYearRule(), ChangeAndBalanceRulesTests.priorYearRecord(spendingChange: "-253.80"))
        #expect(summary(inside) == ["expenditure.change info"])
        #expect(inside.first?.tolerance == amount("0.020"))
        let beyond = run(ChangePriorYearRule(), ChangeAndBalanceRulesTests.priorYearRecord(spendingChange: "-253.79"))
        #expect(beyond.map(\.severity) == [.error])
    }

    @Test func priorYearComparesTheAllFundsIncomeWithTheAppropriation() {
        // 财政拨款收入37151.47 (+24558.18, prior 12593.29) against 一般公共预算拨款支出37151.47 (+24491.71, prior
        // 12659.76): last year's appropriation above last year's 财政拨款收入, of which it is a part.
        var record = emptyRecord()
        record.appropriation.allFundsIncome.amount = figure("37151.47")
        record.appropriation.allFundsIncome.change = figure("24558.18")
        record.appropriation.expenditure = figure("37151.47")
        record.appropriation.change = figure("24491.71")
        let findings = run(ChangePriorYearRule(), record)
        #expect(summary(findings) == ["appropriation.change error"])
        #expect(findings.first?.expected == amount("12593.29"))
        #expect(findings.first?.actual == amount("12659.76"))
        // Last year's appropriation below its 财政拨款收入 (fund money last year): silent.
        record.appropriation.change = figure("24600.00")
        #expect(run(ChangePriorYearRule(), record).isEmpty)
        // Unequal this year: not comparable.
        record.appropriation.change = figure("24491.71")
        record.appropriation.expenditure = figure("37000.00")
        #expect(run(ChangePriorYearRule(), record).isEmpty)
    }

    @Test func priorYearNeedsEqualTotalsOrAllIncomeAppropriated() {
        // Income and spending differ this year (carry-over): not comparable, and no appropriation: silent.
        let unequal = ChangeAndBalanceRulesTests.priorYearRecord(spending: "1700.00", spendingChange: "-611.29")
        #expect(run(ChangePriorYearRule(), unequal).isEmpty)
        // Missing changes: silent.
        #expect(run(ChangePriorYearRule(), ChangeAndBalanceRulesTests.priorYearRecord(incomeChange: nil)).isEmpty)
        #expect(run(ChangePriorYearRule(), ChangeAndBalanceRulesTests.priorYearRecord(spendingChange: nil)).isEmpty)
    }

    @Test func priorYearAppropriationBelowIncomeIsOtherFundsWhenIncomeAndSpendingAgree() {
        // jiangsu-procuratorate-2019: prior appropriation 21940.96 below prior income 21955.35 (2018 had 14.39 of
        // other funds): not a finding while income and spending agree.
        let record = ChangeAndBalanceRulesTests.priorYearRecord(
            income: "24169.74",
            incomeChange: "2214.39",
            spending: "24169.74",
            spendingChange: "2214.39",
            appropriationChange: "2228.78"
        )
        #expect(run(ChangePriorYearRule(), record).isEmpty)
        // The same gap with nothing else to compare (synthetic 0013): the income change is named.
        var alone = record
        alone.expenditure.total = figure("25000.00")
        #expect(summary(run(ChangePriorYearRule(), alone)) == ["income.change error"])
    }
}
