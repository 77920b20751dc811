import DisclosureCore
import Testing

@Suite struct PercentRulesTests {
    static func changeRecord(_ amount: String, _ change: String, _ percent: String?) -> DisclosureRecord {
        var record = emptyRecord(kind: .finalAccounts)
        record.threePublic.total = AmountBlock(
            amount: figure(amount),
            change: figure(change),
            changePercent: percent.map { figure($0) }
        )
        return record
    }

    @Test(arguments: [
        // DISCLOSURE-RULES §4 worked examples: all consistent.
        ("434.72", "58.21", "15.46"), ("10328.56", "418.97", "4.23"), ("4510.29", "335.95", "8.05"),
        ("4495.76", "342.30", "8.24"), ("726.20", "5.75", "0.8"),
    ])
    func percentChangeHolds(amount: String, change: String, percent: String) {
        #expect(run(PercentChangeRule(), PercentRulesTests.changeRecord(amount, change, percent)).isEmpty)
    }

    @Test func percentChangeFails() {
        // real/017: −2570.97 on a prior 6714.88 is −38.2877% → −38.29, and no reading gives −38.28.
        let findings = run(PercentChangeRule(), PercentRulesTests.changeRecord("4143.91", "-2570.97", "-38.28"))
        #expect(summary(findings) == ["threePublic.total.change error"])
        #expect(findings.first?.expected == amount("-38.28"))
        #expect(findings.first?.actual == amount("-38.29"))
        #expect(findings.first?.difference == amount("-0.01"))
    }

    @Test func percentChangeInsideTheReadings() {
        // real/037: +20.63 on a prior 1.96 is 1052.55%; readings of the amounts reach the stated 1055.4%.
        let findings = run(PercentChangeRule(), PercentRulesTests.changeRecord("22.59", "20.63", "1055.4"))
        #expect(summary(findings) == ["threePublic.total.change info"])
        #expect(findings.first?.actual == amount("1052.6"))
        // real/019 (−7.81 stated, −7.80 recomputed): also a reading away.
        let near = run(PercentChangeRule(), PercentRulesTests.changeRecord("63.5", "-5.38", "-7.81"))
        #expect(near.allSatisfy { $0.severity == .info })
    }

    @Test func percentChangeAtTheEdgeOfTheReadings() {
        // 1 on a prior of 3 (4 − 1), each ± 0.5: readings reach at most 1.5 / (3.5 − 1.5) = 75%. A stated 75 is
        // reached exactly at that corner; 76 stands for 75.5…76.5, just beyond.
        #expect(run(PercentChangeRule(), PercentRulesTests.changeRecord("4", "1", "75")).map(\.severity) == [.info])
        #expect(run(PercentChangeRule(), PercentRulesTests.changeRecord("4", "1", "76")).map(\.severity) == [.error])
    }

    @Test func percentChangeSilentWithoutInputsOrOnAZeroPriorYear() {
        #expect(run(PercentChangeRule(), PercentRulesTests.changeRecord("10", "1", nil)).isEmpty)
        var record = PercentRulesTests.changeRecord("10", "1", "11.11")
        record.threePublic.total.change = nil
        #expect(run(PercentChangeRule(), record).isEmpty)
        // socialwork-2024: the whole amount is new (prior 0): "增长100%" is not checked.
        #expect(run(PercentChangeRule(), PercentRulesTests.changeRecord("307.82", "307.82", "100.00")).isEmpty)
    }

    @Test func percentChangeSubjectsAreTheChanges() {
        var record = emptyRecord()
        record.income.total = figure("100")
        record.income.change.amount = figure("10")
        record.income.changePercent = figure("50")
        record.appropriation.expenditure = figure("100")
        record.appropriation.change = figure("10")
        record.appropriation.changePercent = figure("50")
        record.expenditure.byFunction = [
            FunctionLine(
                code: "221",
                name: "住房保障支出",
                block: AmountBlock(amount: figure("100"), change: figure("10"), changePercent: figure("50"))
            )
        ]
        #expect(
            summary(run(PercentChangeRule(), record)) == [
                "appropriation.change error", "expenditure.byFunction[住房保障支出].change error", "income.change error",
            ]
        )
    }

    static func completionRecord(_ amount: String, budget: String?, percent: String?) -> DisclosureRecord {
        var record = emptyRecord(kind: .finalAccounts)
        record.appropriation.expenditure = figure(amount)
        record.appropriation.budget = budget.map { figure($0) }
        record.appropriation.completionPercent = percent.map { figure($0) }
        return record
    }

    @Test func percentCompletion() {
        // Synthetic 0000: 677.47 / 738.58 = 91.73%.
        #expect(
            run(
                PercentCompletionRule(),
                PercentRulesTests.completionRecord("677.47", budget: "738.58", percent: "91.73")
            ).isEmpty
        )
        // planning-2024: 9746.50 / 10210.34 = 95.4572% → 95.46, stated 95.45 (truncated): error.
        let truncated = run(
            PercentCompletionRule(),
            PercentRulesTests.completionRecord("9746.50", budget: "10210.34", percent: "95.45")
        )
        #expect(summary(truncated) == ["appropriation error"])
        #expect(truncated.first?.actual == amount("95.46"))
        // Inside the readings: 2.14 of a budget of 1 (± 0.5) can be 150%.
        let wide = run(PercentCompletionRule(), PercentRulesTests.completionRecord("2.14", budget: "1", percent: "150"))
        #expect(wide.map(\.severity) == [.info])
        // Edge: 1 of 2 (each ± 0.5) reaches 1.5 / 1.5 = 100% exactly, not 101%.
        #expect(
            run(PercentCompletionRule(), PercentRulesTests.completionRecord("1", budget: "2", percent: "100")).map(
                \.severity
            ) == [.info]
        )
        #expect(
            run(PercentCompletionRule(), PercentRulesTests.completionRecord("1", budget: "2", percent: "101")).map(
                \.severity
            ) == [.error]
        )
        // Missing budget or rate: silent.
        #expect(
            run(PercentCompletionRule(), PercentRulesTests.completionRecord("1", budget: nil, percent: "50")).isEmpty
        )
        #expect(
            run(PercentCompletionRule(), PercentRulesTests.completionRecord("1", budget: "2", percent: nil)).isEmpty
        )
    }

    @Test func percentCompletionAgainstABudgetOfZero() {
        // socialwork-2024: 完成年初预算的95.89% against a 年初预算 of 0.
        let findings = run(
            PercentCompletionRule(),
            PercentRulesTests.completionRecord("307.82", budget: "0", percent: "95.89")
        )
        #expect(summary(findings) == ["appropriation error"])
        #expect(findings.first?.actual == nil)
        // "0%" of a budget of 0 is debatable: info.
        let zero = run(PercentCompletionRule(), PercentRulesTests.completionRecord("0", budget: "0", percent: "0.00"))
        #expect(zero.map(\.severity) == [.info])
    }
}
