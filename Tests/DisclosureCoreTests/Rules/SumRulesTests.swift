import DisclosureCore
import Testing

@Suite struct SumRulesTests {
    @Test func incomeSources() {
        SumContract(rule: SumIncomeSourcesRule(), subject: "income.total", partCount: 3) { total, parts in
            var record = emptyRecord()
            record.income.total = total.map { figure($0) }
            record.income.sources.generalPublicBudget = parts[0].map { figure($0) }
            record.income.sources.business = parts[1].map { figure($0) }
            record.income.sources.other = parts[2].map { figure($0) }
            return record
        }.verify()
    }

    @Test func incomeSourcesShortOfTheTotalWithoutTheMainSourceArePartial() {
        var record = emptyRecord()
        record.income.total = figure("27664.71")
        record.income.sources.business = figure("5738.74")
        record.income.sources.other = figure("12037.17")
        #expect(run(SumIncomeSourcesRule(), record).isEmpty)
        record.income.sources.other = figure("22037.17")  // now more than the total
        #expect(summary(run(SumIncomeSourcesRule(), record)) == ["income.total error"])
    }

    @Test func expenditureByFunction() {
        SumContract(rule: SumExpenditureByFunctionRule(), subject: "expenditure.total", partCount: 4) { total, parts in
            var record = emptyRecord()
            record.expenditure.total = total.map { figure($0) }
            record.expenditure.byFunction = parts.enumerated().compactMap { index, part in
                part.map { FunctionLine(code: nil, name: "class \(index)", block: AmountBlock(amount: figure($0))) }
            }
            return record
        }.verify()
    }

    @Test func aSingleFunctionClassShortOfTheTotalIsPartial() {
        var record = emptyRecord()
        record.expenditure.total = figure("1137.66")
        record.expenditure.byFunction = [
            FunctionLine(code: "201", name: "一般公共服务支出", block: AmountBlock(amount: figure("361.94")))
        ]
        #expect(run(SumExpenditureByFunctionRule(), record).isEmpty)
    }

    @Test func appropriationBasicProjectAmounts() {
        SumContract(rule: SumAppropriationBasicProjectRule(), subject: "appropriation.expenditure", partCount: 2) {
            total,
            parts in
            var record = emptyRecord()
            record.appropriation.expenditure = total.map { figure($0) }
            record.appropriation.basic.amount = parts[0].map { figure($0) }
            record.appropriation.project.amount = parts[1].map { figure($0) }
            return record
        }.verify()
    }

    @Test func appropriationBasicProjectChanges() {
        SumContract(rule: SumAppropriationBasicProjectRule(), subject: "appropriation.change", partCount: 2) {
            total,
            parts in
            var record = emptyRecord()
            record.appropriation.change = total.map { figure($0) }
            record.appropriation.basic.change = parts[0].map { figure($0) }
            record.appropriation.project.change = parts[1].map { figure($0) }
            return record
        }.verify()
    }

    @Test func threePublicAmounts() {
        SumContract(rule: SumThreePublicRule(), subject: "threePublic.total", partCount: 4) { total, parts in
            var record = emptyRecord()
            record.threePublic.total.amount = total.map { figure($0) }
            record.threePublic.outboundTravel.amount = parts[0].map { figure($0) }
            record.threePublic.reception.amount = parts[1].map { figure($0) }
            record.threePublic.vehicleOperation.amount = parts[2].map { figure($0) }
            record.threePublic.vehiclePurchase.amount = parts[3].map { figure($0) }
            return record
        }.verify()
    }

    @Test func threePublicChangesWithTheCombinedVehicleItem() {
        SumContract(rule: SumThreePublicRule(), subject: "threePublic.total.change", partCount: 3) { total, parts in
            var record = emptyRecord()
            record.threePublic.total.change = total.map { figure($0) }
            record.threePublic.outboundTravel.change = parts[0].map { figure($0) }
            record.threePublic.reception.change = parts[1].map { figure($0) }
            record.threePublic.vehicleCombined.change = parts[2].map { figure($0) }
            return record
        }.verify()
    }

    @Test func threePublicNeedsEveryItem() {
        var record = emptyRecord()
        record.threePublic.total.amount = figure("14.9")
        record.threePublic.outboundTravel.amount = figure("0")
        record.threePublic.reception.amount = figure("10")
        record.threePublic.vehicleOperation.amount = figure("4.9")
        // 购置费 not stated: the relation cannot be checked.
        #expect(run(SumThreePublicRule(), record).isEmpty)
        record.threePublic.vehiclePurchase.amount = figure("3")
        #expect(summary(run(SumThreePublicRule(), record)) == ["threePublic.total error"])
    }

    @Test func procurementTotal() {
        SumContract(rule: SumProcurementRule(), subject: "procurement.total", partCount: 3) { total, parts in
            var record = emptyRecord()
            record.procurement.total = total.map { figure($0) }
            record.procurement.goods = parts[0].map { figure($0) }
            record.procurement.works = parts[1].map { figure($0) }
            record.procurement.services = parts[2].map { figure($0) }
            return record
        }.verify()
    }

    @Test func procurementGeneralPublicBudgetTotal() {
        SumContract(rule: SumProcurementRule(), subject: "procurement.generalPublicBudget.total", partCount: 3) {
            total,
            parts in
            var record = emptyRecord()
            record.procurement.generalPublicBudget.total = total.map { figure($0) }
            record.procurement.generalPublicBudget.goods = parts[0].map { figure($0) }
            record.procurement.generalPublicBudget.works = parts[1].map { figure($0) }
            record.procurement.generalPublicBudget.services = parts[2].map { figure($0) }
            return record
        }.verify()
    }

    @Test func procurementTheCorpusRoundingNote() {
        // shanghai-putuo-planning-2024-dept-final: 122.43 + 1387.72 + 809.07 = 2319.22 against 2319.21.
        var record = emptyRecord(kind: .finalAccounts)
        record.procurement.total = figure("2319.21")
        record.procurement.goods = figure("122.43")
        record.procurement.works = figure("1387.72")
        record.procurement.services = figure("809.07")
        let findings = run(SumProcurementRule(), record)
        #expect(summary(findings) == ["procurement.total info"])
        #expect(findings.first?.tolerance == amount("0.020"))
    }

    @Test func vehicles() {
        func record(total: Int?, kinds: [Int?]) -> DisclosureRecord {
            var record = emptyRecord()
            record.assets.vehicles.total = total.map(count)
            record.assets.vehicles.general = kinds[0].map(count)
            record.assets.vehicles.lawEnforcement = kinds[1].map(count)
            return record
        }
        #expect(run(SumVehiclesRule(), record(total: 5, kinds: [2, 3])).isEmpty)
        let failure = run(SumVehiclesRule(), record(total: 5, kinds: [2, 2]))
        #expect(summary(failure) == ["assets.vehicles.total error"])
        #expect(failure.first?.difference == Amount(-1))
        // Counts are exact: there is no rounding band, so no inside-the-band case; one off is already an error.
        #expect(summary(run(SumVehiclesRule(), record(total: 4, kinds: [2, 3]))) == ["assets.vehicles.total error"])
        // One kind only may be a partial listing (silent) unless it exceeds the total.
        #expect(run(SumVehiclesRule(), record(total: 5, kinds: [2, nil])).isEmpty)
        #expect(summary(run(SumVehiclesRule(), record(total: 1, kinds: [2, nil]))) == ["assets.vehicles.total error"])
        #expect(run(SumVehiclesRule(), record(total: nil, kinds: [2, 3])).isEmpty)
        #expect(run(SumVehiclesRule(), record(total: 5, kinds: [nil, nil])).isEmpty)
    }
}
