/// Every amount block of a record, under its SPEC §4 path, for the rules that treat blocks alike (`percent.*`).
struct NamedBlock {
    /// The block's path (`threePublic.reception`, `appropriation`).
    var path: String
    /// Path of its amount (`threePublic.reception.amount`, `appropriation.expenditure`).
    var amountPath: String
    /// Path of its change (`threePublic.reception.change`, `income.change.amount`).
    var changePath: String
    /// The subject for a change finding (`threePublic.reception.change`, `income.change`).
    var changeSubject: String
    /// The path prefix for `changePercent`, `budget`, `completionPercent` (`threePublic.reception.`, `income.`).
    var fieldPrefix: String
    /// The values.
    var block: AmountBlock

    /// The blocks of `record` in a fixed order.
    static func all(_ record: DisclosureRecord) -> [NamedBlock] {
        var blocks: [NamedBlock] = []
        func total(_ path: String, amountPath: String, changePath: String, changeSubject: String, block: AmountBlock) {
            blocks.append(
                NamedBlock(
                    path: path,
                    amountPath: amountPath,
                    changePath: changePath,
                    changeSubject: changeSubject,
                    fieldPrefix: path + ".",
                    block: block
                )
            )
        }
        func nested(_ path: String, _ block: AmountBlock) {
            blocks.append(
                NamedBlock(
                    path: path,
                    amountPath: path + ".amount",
                    changePath: path + ".change",
                    changeSubject: path + ".change",
                    fieldPrefix: path + ".",
                    block: block
                )
            )
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
            nested("expenditure.byFunction[\(line.name)]", line.block)
        }
        return blocks
    }
}
