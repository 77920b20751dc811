/// Every amount block of a record, under its SPEC §4 path, for the rules that treat blocks alike (`percent.*`).
struct NamedBlock {
    /// The paths of a top-level block whose fields are named differently (`income.total`, `income.change.amount`).
    struct TotalPaths {
        var amount: String
        var change: String
        var changeSubject: String
    }

    /// The block's path when fixed (`threePublic.reception`); unused for a function line.
    private var fixedPath: String
    /// The class name of a function line (`expenditure.byFunction[<name>]`), else nil.
    private var functionName: String?
    /// A top-level block's field paths; nil for a nested block (`<path>.amount`, `<path>.change`).
    private var totalPaths: TotalPaths?
    /// The values.
    var block: AmountBlock

    // The paths are built when a finding asks for them: most blocks hold, and their paths are never read.

    /// The block's path (`threePublic.reception`, `appropriation`).
    var path: String { functionName.map { "expenditure.byFunction[\($0)]" } ?? fixedPath }
    /// Path of its amount (`threePublic.reception.amount`, `appropriation.expenditure`).
    var amountPath: String { totalPaths?.amount ?? path + ".amount" }
    /// Path of its change (`threePublic.reception.change`, `income.change.amount`).
    var changePath: String { totalPaths?.change ?? path + ".change" }
    /// The subject for a change finding (`threePublic.reception.change`, `income.change`).
    var changeSubject: String { totalPaths?.changeSubject ?? path + ".change" }
    /// The path prefix for `changePercent`, `budget`, `completionPercent` (`threePublic.reception.`, `income.`).
    var fieldPrefix: String { path + "." }

    /// The blocks of `record` in a fixed order.
    static func all(_ record: DisclosureRecord) -> [NamedBlock] {
        var blocks: [NamedBlock] = []
        blocks.reserveCapacity(13 + record.expenditure.byFunction.count)
        forEach(record) { blocks.append($0) }
        return blocks
    }

    /// Calls `body` with each block of `record`, in the order of ``all(_:)``, without collecting them.
    static func forEach(_ record: DisclosureRecord, _ body: (NamedBlock) -> Void) {
        func total(_ path: String, amountPath: String, changePath: String, changeSubject: String, block: AmountBlock) {
            body(
                NamedBlock(
                    fixedPath: path,
                    functionName: nil,
                    totalPaths: TotalPaths(amount: amountPath, change: changePath, changeSubject: changeSubject),
                    block: block
                )
            )
        }
        func nested(_ path: String, _ block: AmountBlock) {
            body(NamedBlock(fixedPath: path, functionName: nil, totalPaths: nil, block: block))
        }
        let income = record.income
        total(
            "income",
            amountPath: "income.total",
            changePath: "income.change.amount",
            changeSubject: "income.change",
            block: AmountBlock(
                amount: income.total,
                change: income.change.amount,
                changePercent: income.changePercent,
                budget: income.budget,
                completionPercent: income.completionPercent
            )
        )
        let expenditure = record.expenditure
        total(
            "expenditure",
            amountPath: "expenditure.total",
            changePath: "expenditure.change.amount",
            changeSubject: "expenditure.change",
            block: AmountBlock(
                amount: expenditure.total,
                change: expenditure.change.amount,
                changePercent: expenditure.changePercent,
                budget: expenditure.budget,
                completionPercent: expenditure.completionPercent
            )
        )
        let appropriation = record.appropriation
        total(
            "appropriation",
            amountPath: "appropriation.expenditure",
            changePath: "appropriation.change",
            changeSubject: "appropriation.change",
            block: AmountBlock(
                amount: appropriation.expenditure,
                change: appropriation.change,
                changePercent: appropriation.changePercent,
                budget: appropriation.budget,
                completionPercent: appropriation.completionPercent
            )
        )
        nested("expenditure.basic", expenditure.basic)
        nested("expenditure.project", expenditure.project)
        nested("appropriation.basic", appropriation.basic)
        nested("appropriation.project", appropriation.project)
        let three = record.threePublic
        nested("threePublic.total", three.total)
        nested("threePublic.outboundTravel", three.outboundTravel)
        nested("threePublic.reception", three.reception)
        nested("threePublic.vehicleOperation", three.vehicleOperation)
        nested("threePublic.vehiclePurchase", three.vehiclePurchase)
        nested("threePublic.vehicleCombined", three.vehicleCombined)
        nested("operatingFunds", record.operatingFunds)
        for line in expenditure.byFunction {
            body(NamedBlock(fixedPath: "", functionName: line.name, totalPaths: nil, block: line.block))
        }
    }
}
