/// Every stated value of a record with its path and evidence span, in a fixed order.
///
/// Used to attribute a text observation (template residue) to the record path whose sentence it sits in.
enum RecordFigures {
    /// Paths and spans of all stated values.
    static func all(_ record: DisclosureRecord) -> [EvidenceReference] {
        var out: [EvidenceReference] = []
        func add<Value>(_ path: String, _ stated: Stated<Value>?) {
            if let stated { out.append(EvidenceReference(path, stated)) }
        }
        add("unit.name", record.unit.name)
        add("income.grandTotal", record.income.grandTotal)
        add("expenditure.grandTotal", record.expenditure.grandTotal)
        for named in NamedBlock.all(record) {
            add(named.amountPath, named.block.amount)
            add(named.changePath, named.block.change)
            add(named.fieldPrefix + "changePercent", named.block.changePercent)
            add(named.fieldPrefix + "budget", named.block.budget)
            add(named.fieldPrefix + "completionPercent", named.block.completionPercent)
        }
        for driver in record.income.change.drivers {
            add("income.change.drivers[\(driver.label)].amount", driver.amount)
        }
        for driver in record.expenditure.change.drivers {
            add("expenditure.change.drivers[\(driver.label)].amount", driver.amount)
        }
        let sources = record.income.sources
        add("income.sources.generalPublicBudget", sources.generalPublicBudget)
        add("income.sources.governmentFund", sources.governmentFund)
        add("income.sources.stateCapital", sources.stateCapital)
        add("income.sources.business", sources.business)
        add("income.sources.businessOperating", sources.businessOperating)
        add("income.sources.upperSubsidy", sources.upperSubsidy)
        add("income.sources.subordinateRemittance", sources.subordinateRemittance)
        add("income.sources.priorYearCarryover", sources.priorYearCarryover)
        add("income.sources.other", sources.other)
        add("appropriation.income", record.appropriation.income)
        add("governmentFund.expenditure", record.governmentFund.expenditure)
        add("carryover.opening", record.carryover.opening)
        add("carryover.closing", record.carryover.closing)
        let procurement = record.procurement
        add("procurement.total", procurement.total)
        add("procurement.goods", procurement.goods)
        add("procurement.works", procurement.works)
        add("procurement.services", procurement.services)
        add("performance.projectFunds", record.performance.projectFunds)
        add("assets.vehicles.total", record.assets.vehicles.total)
        return out.filter { $0.span.length > 0 }
    }

    /// The block path a value path reports under: `.amount` dropped (`appropriation.basic.amount` →
    /// `appropriation.basic`, `income.change.amount` → `income.change`).
    static func subject(ofPath path: String) -> String {
        path.hasSuffix(".amount") ? String(path.dropLast(".amount".count)) : path
    }
}
