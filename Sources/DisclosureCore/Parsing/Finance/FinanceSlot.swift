/// A record place a stated money figure can fill; ``FinanceField`` says which part of it.
enum FinanceSlot: Sendable, Equatable {
    case incomeTotal, incomeGrandTotal, expenditureTotal, expenditureGrandTotal
    /// Both totals at once (`收入和支出均为…`).
    case totalPair
    /// Appropriation income and spending at once (`一般公共预算财政拨款收入和支出均为…`).
    case appropriationPair
    /// Both 总计 at once (`收支总计`); resolved per value by the extractor.
    case pairGrandTotal
    case source(IncomeSourceKind)
    /// A budget's 上年结转: the carry-over, and an income source when listed among income items.
    case priorYearCarryover
    case expenditureBasic, expenditureProject
    case function(FunctionClassName)
    case appropriationIncome, appropriationExpenditure, appropriationBasic, appropriationProject
    case governmentFund
    /// 财政拨款收入 of all funds together (`appropriation.allFundsIncome`).
    case allFundsIncome
    case openingCarryover, closingCarryover
    case threePublic(ThreePublicItem)
    case operatingFunds
    case procurement(ProcurementItem, generalBudget: Bool)
    case smeContracts
    case performance

    /// Income sources (SPEC §4 `income.sources.*`).
    enum IncomeSourceKind: Sendable, Equatable {
        case generalPublicBudget, governmentFund, stateCapital, specialAccount, business, businessOperating
        case upperSubsidy, subordinateRemittance, reserveUse, other
    }

    /// 三公 items.
    enum ThreePublicItem: Sendable, Equatable {
        case total, outboundTravel, reception, vehicleOperation, vehiclePurchase, vehicleCombined
    }

    /// Procurement items.
    enum ProcurementItem: Sendable, Equatable {
        case total, goods, works, services
    }

    /// Whether the slot is a total whose change may name drivers (`change.drivers`).
    var takesDrivers: Bool { self == .incomeTotal || self == .expenditureTotal }

    /// Whether the slot may take the subject of a sentence that names none (`比上年减少…`).
    var isTotal: Bool { self == .incomeTotal || self == .expenditureTotal || self == .appropriationExpenditure }
}

/// Which part of a slot a value fills.
enum FinanceField: Sendable, Equatable {
    case amount, change, changePercent, budget, completionPercent
    /// A stated share (`占政府采购支出总额的57.96%`); only the SME share has a path.
    case share
}

/// Writes figures into a record. The first statement of a value wins: documents restate figures, and the first
/// statement is the one in the section that owns it.
enum FinanceRecordWriter {
    /// Writes `figure` into `slot`'s `field`.
    ///
    /// - Returns: whether the record now holds this value there (written now, or already equal).
    @discardableResult
    static func write(
        _ figure: Figure,
        to slot: FinanceSlot,
        field: FinanceField,
        isFinal: Bool,
        record: inout DisclosureRecord
    ) -> Bool {
        switch slot {
        case .incomeTotal:
            return writeTotal(
                figure,
                field: field,
                total: &record.income.total,
                change: &record.income.change.amount,
                changePercent: &record.income.changePercent,
                budget: &record.income.budget,
                completion: &record.income.completionPercent
            )
        case .expenditureTotal:
            return writeTotal(
                figure,
                field: field,
                total: &record.expenditure.total,
                change: &record.expenditure.change.amount,
                changePercent: &record.expenditure.changePercent,
                budget: &record.expenditure.budget,
                completion: &record.expenditure.completionPercent
            )
        case .appropriationExpenditure:
            return writeTotal(
                figure,
                field: field,
                total: &record.appropriation.expenditure,
                change: &record.appropriation.change,
                changePercent: &record.appropriation.changePercent,
                budget: &record.appropriation.budget,
                completion: &record.appropriation.completionPercent
            )
        case .totalPair:
            let income = write(figure, to: .incomeTotal, field: field, isFinal: isFinal, record: &record)
            let expenditure = write(figure, to: .expenditureTotal, field: field, isFinal: isFinal, record: &record)
            return income || expenditure
        case .appropriationPair:
            if field == .amount { _ = fill(&record.appropriation.income, figure) }
            return write(figure, to: .appropriationExpenditure, field: field, isFinal: isFinal, record: &record)
        case .incomeGrandTotal:
            return field == .amount && fill(&record.income.grandTotal, figure)
        case .expenditureGrandTotal:
            return field == .amount && fill(&record.expenditure.grandTotal, figure)
        case .pairGrandTotal:
            guard field == .amount else { return false }
            let income = fill(&record.income.grandTotal, figure)
            let expenditure = fill(&record.expenditure.grandTotal, figure)
            return income || expenditure
        case .source(let kind):
            guard field == .amount else { return false }
            return writeSource(figure, kind: kind, sources: &record.income.sources)
        case .priorYearCarryover:
            guard field == .amount else { return false }
            let opening = fill(&record.carryover.opening, figure)
            if !isFinal { _ = fill(&record.income.sources.priorYearCarryover, figure) }
            return opening
        case .expenditureBasic:
            return writeBlock(figure, field: field, block: &record.expenditure.basic)
        case .expenditureProject:
            return writeBlock(figure, field: field, block: &record.expenditure.project)
        case .function(let functionClass):
            let name = functionClass.name
            if let index = record.expenditure.byFunction.firstIndex(where: { $0.name == name }) {
                return writeBlock(figure, field: field, block: &record.expenditure.byFunction[index].block)
            }
            guard field == .amount else { return false }
            record.expenditure.byFunction.append(
                FunctionLine(code: functionClass.code, name: name, block: AmountBlock(amount: figure))
            )
            return true
        case .appropriationIncome:
            return field == .amount && fill(&record.appropriation.income, figure)
        case .appropriationBasic:
            return writeBlock(figure, field: field, block: &record.appropriation.basic)
        case .appropriationProject:
            return writeBlock(figure, field: field, block: &record.appropriation.project)
        case .governmentFund:
            return field == .amount && fill(&record.governmentFund.expenditure, figure)
        case .allFundsIncome:
            return writeBlock(figure, field: field, block: &record.appropriation.allFundsIncome)
        case .openingCarryover:
            return field == .amount && fill(&record.carryover.opening, figure)
        case .closingCarryover:
            return field == .amount && fill(&record.carryover.closing, figure)
        case .threePublic(let item):
            switch item {
            case .total: return writeBlock(figure, field: field, block: &record.threePublic.total)
            case .outboundTravel: return writeBlock(figure, field: field, block: &record.threePublic.outboundTravel)
            case .reception: return writeBlock(figure, field: field, block: &record.threePublic.reception)
            case .vehicleOperation:
                return writeBlock(figure, field: field, block: &record.threePublic.vehicleOperation)
            case .vehiclePurchase:
                return writeBlock(figure, field: field, block: &record.threePublic.vehiclePurchase)
            case .vehicleCombined:
                return writeBlock(figure, field: field, block: &record.threePublic.vehicleCombined)
            }
        case .operatingFunds:
            return writeBlock(figure, field: field, block: &record.operatingFunds)
        case .procurement(let item, let generalBudget):
            guard field == .amount else { return false }
            if generalBudget {
                switch item {
                case .total: return fill(&record.procurement.generalPublicBudget.total, figure)
                case .goods: return fill(&record.procurement.generalPublicBudget.goods, figure)
                case .works: return fill(&record.procurement.generalPublicBudget.works, figure)
                case .services: return fill(&record.procurement.generalPublicBudget.services, figure)
                }
            }
            switch item {
            case .total: return fill(&record.procurement.total, figure)
            case .goods: return fill(&record.procurement.goods, figure)
            case .works: return fill(&record.procurement.works, figure)
            case .services: return fill(&record.procurement.services, figure)
            }
        case .smeContracts:
            if field == .amount { return fill(&record.procurement.smeContracts, figure) }
            if field == .share { return fill(&record.procurement.smeSharePercent, figure) }
            return false
        case .performance:
            return field == .amount && fill(&record.performance.projectFunds, figure)
        }
    }

    /// Fills an empty place; reports whether it holds `figure`'s value afterwards.
    static func fill(_ place: inout Figure?, _ figure: Figure) -> Bool {
        if let existing = place { return existing.value == figure.value }
        place = figure
        return true
    }

    private static func writeTotal(
        _ figure: Figure,
        field: FinanceField,
        total: inout Figure?,
        change: inout Figure?,
        changePercent: inout Figure?,
        budget: inout Figure?,
        completion: inout Figure?
    ) -> Bool {
        switch field {
        case .amount: fill(&total, figure)
        case .change: fill(&change, figure)
        case .changePercent: fill(&changePercent, figure)
        case .budget: fill(&budget, figure)
        case .completionPercent: fill(&completion, figure)
        case .share: false
        }
    }

    private static func writeBlock(_ figure: Figure, field: FinanceField, block: inout AmountBlock) -> Bool {
        switch field {
        case .amount: fill(&block.amount, figure)
        case .change: fill(&block.change, figure)
        case .changePercent: fill(&block.changePercent, figure)
        case .budget: fill(&block.budget, figure)
        case .completionPercent: fill(&block.completionPercent, figure)
        case .share: false
        }
    }

    private static func writeSource(
        _ figure: Figure,
        kind: FinanceSlot.IncomeSourceKind,
        sources: inout IncomeSources
    ) -> Bool {
        switch kind {
        case .generalPublicBudget: fill(&sources.generalPublicBudget, figure)
        case .governmentFund: fill(&sources.governmentFund, figure)
        case .stateCapital: fill(&sources.stateCapital, figure)
        case .specialAccount: fill(&sources.specialAccount, figure)
        case .business: fill(&sources.business, figure)
        case .businessOperating: fill(&sources.businessOperating, figure)
        case .upperSubsidy: fill(&sources.upperSubsidy, figure)
        case .subordinateRemittance: fill(&sources.subordinateRemittance, figure)
        case .reserveUse: fill(&sources.reserveUse, figure)
        case .other: fill(&sources.other, figure)
        }
    }
}
