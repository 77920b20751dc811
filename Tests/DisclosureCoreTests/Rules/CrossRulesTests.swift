import DisclosureCore
import Testing

@Suite struct CrossRulesTests {
    @Test func appropriationIncomeEqualsTheGeneralPublicBudgetSource() {
        SumContract(rule: CrossAppropriationRule(), subject: "appropriation.income", partCount: 1) { total, parts in
            var record = emptyRecord()
            record.appropriation.income = total.map { figure($0) }
            record.income.sources.generalPublicBudget = parts[0].map { figure($0) }
            return record
        }.verify()
    }

    @Test func governmentFundStatement() {
        let statement = TextSpan(start: 0, end: 6)
        var record = emptyRecord()
        record.governmentFund.noneStatement = statement
        record.governmentFund.expenditure = figure("0")
        #expect(run(CrossGovernmentFundRule(), record, text: "无政府性基金支出").isEmpty)
        record.governmentFund.expenditure = figure("12.5")
        let findings = run(CrossGovernmentFundRule(), record, text: "无政府性基金支出")
        #expect(summary(findings) == ["governmentFund.expenditure error"])
        #expect(findings.first?.actual == amount("12.5"))
        // An income source stated non-zero contradicts it too.
        record.governmentFund.expenditure = nil
        record.income.sources.governmentFund = figure("3")
        #expect(summary(run(CrossGovernmentFundRule(), record)) == ["governmentFund.expenditure error"])
        // No statement: nothing to contradict (amounts alone are checked by the sums).
        record.governmentFund.noneStatement = nil
        #expect(run(CrossGovernmentFundRule(), record).isEmpty)
    }

    /// `value ≤ bound` rules: holds (below and equal), inside the band, beyond it, at the edge, missing.
    func verifyUpperBound(
        _ rule: some Rule,
        subject: String,
        severityBeyond: Anomaly.Severity,
        build: (String?, String?) -> DisclosureRecord,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        func findings(_ value: String?, _ bound: String?, _ tolerance: TolerancePolicy = TolerancePolicy()) -> [Finding]
        {
            rule.check(
                RuleContext(record: build(value, bound), text: NormalizedText(normalized: ""), tolerance: tolerance)
            )
        }
        #expect(findings("157.21", "987.80").isEmpty, sourceLocation: sourceLocation)
        #expect(findings("664.19", "664.19").isEmpty, sourceLocation: sourceLocation)
        let inside = findings("664.20", "664.19")
        #expect(inside.map(\.severity) == [.info], sourceLocation: sourceLocation)
        #expect(inside.first?.subject == subject, sourceLocation: sourceLocation)
        #expect(inside.first?.tolerance == amount("0.010"), sourceLocation: sourceLocation)
        let beyond = findings("700.00", "664.19")
        #expect(beyond.map(\.severity) == [severityBeyond], sourceLocation: sourceLocation)
        #expect(beyond.first?.expected == amount("664.19"), sourceLocation: sourceLocation)
        #expect(beyond.first?.actual == amount("700.00"), sourceLocation: sourceLocation)
        let edge = TolerancePolicy(multiplier: .zero, minimum: amount("0.02"))
        #expect(findings("664.21", "664.19", edge).map(\.kind) == [.rounding], sourceLocation: sourceLocation)
        #expect(findings("664.22", "664.19", edge).map(\.kind) == [.violation], sourceLocation: sourceLocation)
        #expect(findings(nil, "664.19").isEmpty, sourceLocation: sourceLocation)
        #expect(findings("700.00", nil).isEmpty, sourceLocation: sourceLocation)
    }

    @Test func operatingFundsDoNotExceedBasicExpenditure() {
        verifyUpperBound(RangeOperatingFundsRule(), subject: "operatingFunds.amount", severityBeyond: .error) {
            value,
            bound in
            var record = emptyRecord()
            record.operatingFunds.amount = value.map { figure($0) }
            record.appropriation.basic.amount = bound.map { figure($0) }
            return record
        }
    }

    @Test func performanceFundsDoNotExceedProjectExpenditure() {
        verifyUpperBound(CrossPerformanceRule(), subject: "performance.projectFunds", severityBeyond: .info) {
            value,
            bound in
            var record = emptyRecord()
            record.performance.projectFunds = value.map { figure($0) }
            record.expenditure.project.amount = bound.map { figure($0) }
            return record
        }
    }

    @Test func theLargerBoundIsUsed() {
        var record = emptyRecord()
        record.operatingFunds.amount = figure("500")
        record.appropriation.basic.amount = figure("400")
        record.expenditure.basic.amount = figure("600")
        #expect(run(RangeOperatingFundsRule(), record).isEmpty)
    }
}
