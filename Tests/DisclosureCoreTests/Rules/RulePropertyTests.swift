import DisclosureCore
import DisclosureTestSupport
import Testing

/// Records consistent by construction raise no error or warning; perturbing one amount makes the right rule fire on
/// the right subject. Generated from fixed seeds (SplitMix64), so every run checks the same records.
@Suite struct RulePropertyTests {
    static func money(_ cents: Int64) -> Figure {
        Figure(Amount(units: cents, scale: 2), evidence: TextSpan(start: 0, end: 0))
    }

    /// `100 × change ÷ prior` (both in cents), rounded half away from zero to two decimals.
    static func percent(_ change: Int64, prior: Int64) -> Figure {
        let numerator = Int128(change) * 10_000
        let scaled = (2 * numerator.magnitude + UInt128(prior.magnitude)) / (2 * UInt128(prior.magnitude))
        let negative = (change < 0) != (prior < 0)
        let units = Int64(scaled)
        return Figure(Amount(units: negative ? -units : units, scale: 2), evidence: TextSpan(start: 0, end: 0))
    }

    /// A consistent record.
    static func consistentRecord(seed: UInt64) -> DisclosureRecord {
        var random = SplitMix64(seed: seed)
        let finalAccounts = seed % 2 == 0
        var record = DisclosureRecord(documentId: "generated-\(seed)")
        record.kind = finalAccounts ? .finalAccounts : .budget
        record.fiscalYear = 2024

        // Spending by function; the total is their sum.
        let lines = (0..<Int(2 + random.next() % 4)).map { _ in random.cents(1_00...5000_00) }
        let names = ["一般公共服务支出", "教育支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出"]
        let codes = ["201", "205", "208", "210", "221"]
        record.expenditure.byFunction = lines.enumerated().map { index, cents in
            FunctionLine(code: codes[index], name: names[index], block: AmountBlock(amount: money(cents)))
        }
        let total = lines.reduce(0, +)
        record.expenditure.total = money(total)

        // Income: all appropriation, or appropriation plus 事业收入.
        let business = seed % 3 == 0 ? random.cents(1_00...(total / 4)) : 0
        let appropriation = total - business
        record.income.total = money(total)
        record.income.sources.generalPublicBudget = money(appropriation)
        record.income.sources.business = money(business)
        record.appropriation.income = money(appropriation)
        record.appropriation.expenditure = money(appropriation)
        let basic = random.cents(1_00...max(1_00, appropriation - 1_00))
        record.appropriation.basic = AmountBlock(amount: money(basic))
        record.appropriation.project = AmountBlock(amount: money(appropriation - basic))
        record.operatingFunds = AmountBlock(amount: money(basic / 3))
        record.performance.projectFunds = money(appropriation - basic)

        // Changes: drivers add up; basic + project changes give the appropriation change, which is the income
        // change when all income is appropriation.
        let basicChange = random.cents(-50_00...50_00)
        let projectChange = random.cents(-50_00...50_00)
        let change = basicChange + projectChange
        record.appropriation.basic.change = money(basicChange)
        record.appropriation.project.change = money(projectChange)
        record.appropriation.change = money(change)
        record.income.change = ChangeBlock(
            amount: money(change),
            drivers: [
                ChangeDriver(label: "人员经费", amount: money(basicChange)),
                ChangeDriver(label: "项目经费", amount: money(projectChange)),
            ]
        )
        record.expenditure.change = ChangeBlock(
            amount: money(change),
            drivers: [
                ChangeDriver(label: "基本支出", amount: money(basicChange)),
                ChangeDriver(label: "项目支出", amount: money(projectChange)),
            ]
        )
        if business == 0 && total - change != 0 {
            record.income.changePercent = percent(change, prior: total - change)
        }

        // 三公, procurement, vehicles.
        let items = (0..<4).map { _ in random.cents(0...20_00) }
        let itemChanges = (0..<4).map { _ in random.cents(-5_00...5_00) }
        let blocks = items.indices.map { AmountBlock(amount: money(items[$0]), change: money(itemChanges[$0])) }
        record.threePublic.outboundTravel = blocks[0]
        record.threePublic.reception = blocks[1]
        record.threePublic.vehicleOperation = blocks[2]
        record.threePublic.vehiclePurchase = blocks[3]
        record.threePublic.total = AmountBlock(
            amount: money(items.reduce(0, +)),
            change: money(itemChanges.reduce(0, +))
        )
        let goods = random.cents(0...100_00)
        let works = random.cents(0...100_00)
        let services = random.cents(0...100_00)
        record.procurement.goods = money(goods)
        record.procurement.works = money(works)
        record.procurement.services = money(services)
        record.procurement.total = money(goods + works + services)
        let general = Int(random.next() % 5)
        let enforcement = Int(random.next() % 5)
        record.assets.vehicles.general = Count(general, evidence: TextSpan(start: 0, end: 0))
        record.assets.vehicles.lawEnforcement = Count(enforcement, evidence: TextSpan(start: 0, end: 0))
        record.assets.vehicles.total = Count(general + enforcement, evidence: TextSpan(start: 0, end: 0))

        // Final accounts: carry-over balances, a budget with its completion rate.
        if finalAccounts {
            let opening = random.cents(0...100_00)
            // Income and spending totals are equal here, so the carry-over out equals the carry-over in.
            record.carryover.opening = money(opening)
            record.carryover.closing = money(opening)
            record.income.grandTotal = money(total + opening)
            record.expenditure.grandTotal = money(total + opening)
            let budget = random.cents(appropriation / 2...appropriation * 2)
            record.appropriation.budget = money(budget)
            record.appropriation.completionPercent = percent(appropriation, prior: budget)
        }
        return record
    }

    static let seeds: [UInt64] = Array(1...120)

    static func flagged(_ record: DisclosureRecord) -> [String] {
        RuleEngine().evaluate(record, text: NormalizedText(normalized: "")).filter { $0.severity >= .warning }
            .map { "\($0.ruleId) \($0.subject)" }
    }

    @Test(arguments: seeds)
    func consistentRecordsRaiseNoError(seed: UInt64) {
        #expect(RulePropertyTests.flagged(RulePropertyTests.consistentRecord(seed: seed)) == [])
    }

    /// One perturbation and the finding it must cause.
    struct Perturbation: Sendable, CustomStringConvertible {
        var name: String
        var expected: String
        var apply: @Sendable (inout DisclosureRecord) -> Void
        var description: String { name }
    }

    static func bump(_ figure: Figure?, by cents: Int64 = 123_45) -> Figure? {
        figure.map { Figure($0.value + Amount(units: cents, scale: 2), evidence: $0.evidence) }
    }

    static let perturbations: [Perturbation] = [
        Perturbation(name: "function class", expected: "sum.expenditure.byFunction expenditure.total") {
            $0.expenditure.byFunction[0].block.amount = bump($0.expenditure.byFunction[0].block.amount)
        },
        Perturbation(name: "income source", expected: "sum.income.sources income.total") {
            $0.income.sources.business = bump($0.income.sources.business)
        },
        Perturbation(name: "basic expenditure", expected: "sum.appropriation.basicProject appropriation.expenditure") {
            $0.appropriation.basic.amount = bump($0.appropriation.basic.amount)
        },
        Perturbation(name: "project change", expected: "sum.appropriation.basicProject appropriation.change") {
            $0.appropriation.project.change = bump($0.appropriation.project.change)
        },
        Perturbation(name: "reception", expected: "sum.threePublic threePublic.total") {
            $0.threePublic.reception.amount = bump($0.threePublic.reception.amount)
        },
        Perturbation(name: "vehicle change", expected: "sum.threePublic threePublic.total.change") {
            $0.threePublic.vehicleOperation.change = bump($0.threePublic.vehicleOperation.change)
        },
        Perturbation(name: "goods", expected: "sum.procurement procurement.total") {
            $0.procurement.goods = bump($0.procurement.goods)
        },
        Perturbation(name: "vehicles", expected: "sum.vehicles assets.vehicles.total") {
            $0.assets.vehicles.general = $0.assets.vehicles.general.map { Count($0.value + 1, evidence: $0.evidence) }
        },
        Perturbation(name: "expenditure change", expected: "change.drivers expenditure.change") {
            $0.expenditure.change.amount = bump($0.expenditure.change.amount)
        },
        Perturbation(name: "expenditure change vs prior year", expected: "change.priorYear expenditure.change") {
            // The appropriation singles the expenditure out only when all income is appropriation.
            guard $0.income.sources.business?.value.isZero == true else { return }
            $0.expenditure.change.amount = bump($0.expenditure.change.amount)
        },
        Perturbation(name: "appropriation income", expected: "cross.appropriation appropriation.income") {
            $0.appropriation.income = bump($0.appropriation.income)
        },
        Perturbation(name: "operating funds", expected: "range.operatingFunds operatingFunds.amount") {
            $0.operatingFunds.amount = bump($0.appropriation.basic.amount)
        },
        Perturbation(name: "budget balance", expected: "balance.incomeExpenditure expenditure.total") {
            guard $0.kind == .budget else { return }
            $0.expenditure.total = bump($0.expenditure.total)
        },
        Perturbation(name: "closing carry-over", expected: "balance.finalAccounts income.grandTotal") {
            guard $0.kind == .finalAccounts else { return }
            $0.carryover.closing = bump($0.carryover.closing)
        },
        Perturbation(name: "grand total", expected: "balance.grandTotal expenditure.grandTotal") {
            guard $0.kind == .finalAccounts else { return }
            $0.expenditure.grandTotal = bump($0.expenditure.grandTotal)
        },
        Perturbation(name: "completion rate", expected: "percent.completion appropriation") {
            guard $0.kind == .finalAccounts else { return }
            $0.appropriation.completionPercent = bump($0.appropriation.completionPercent, by: 5_00)
        },
    ]

    @Test(arguments: perturbations)
    func perturbingOneAmountFiresTheRightRule(perturbation: Perturbation) {
        var checked = 0
        for seed in RulePropertyTests.seeds {
            var record = RulePropertyTests.consistentRecord(seed: seed)
            let before = record
            perturbation.apply(&record)
            guard record != before else { continue }  // not applicable to this record's kind
            checked += 1
            let flagged = RulePropertyTests.flagged(record)
            #expect(flagged.contains(perturbation.expected), "seed \(seed): \(flagged)")
        }
        #expect(checked > 0)
    }
}

extension SplitMix64 {
    /// Cents in `range`.
    fileprivate mutating func cents(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
