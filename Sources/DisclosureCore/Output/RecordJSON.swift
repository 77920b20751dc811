/// Turns a ``DisclosureRecord`` into its published JSON form (SPEC §4), keys in contract order.
///
/// Every path of the contract is present; what the document does not state is `null`. Offsets of `sections[]`
/// are Unicode-scalar offsets into the normalized text.
public enum RecordJSON {
    /// The record as JSON.
    public static func encode(_ record: DisclosureRecord, text: NormalizedText) -> JSONValue {
        let offsets = ScalarOffsets(text)
        return .object([
            ("schema", .string(DisclosureRecord.schema)),
            ("documentId", .string(record.documentId)),
            (
                "source",
                .object([
                    ("url", .text(record.source.url)),
                    ("fetchedAt", .text(record.source.fetchedAt)),
                    ("contentType", .text(record.source.contentType)),
                    ("charset", .text(record.source.charset)),
                ])
            ),
            ("title", .text(record.title)),
            (
                "unit",
                .object([
                    ("name", .text(record.unit.name?.value)),
                    (
                        "region",
                        .object([
                            ("province", .text(record.unit.region.province)),
                            ("city", .text(record.unit.region.city)),
                            ("county", .text(record.unit.region.county)),
                            ("code", .text(record.unit.region.code)),
                        ])
                    ),
                ])
            ),
            ("fiscalYear", record.fiscalYear.map { .int($0) } ?? .null),
            ("kind", .text(record.kind?.rawValue)),
            ("scope", .text(record.scope?.rawValue)),
            ("currencyUnit", .string(MoneyUnit.recordCurrencyUnit)),
            ("income", income(record.income)),
            ("expenditure", expenditure(record.expenditure)),
            ("appropriation", appropriation(record.appropriation)),
            ("governmentFund", .object([("expenditure", .amount(record.governmentFund.expenditure))])),
            (
                "carryover",
                .object([
                    ("opening", .amount(record.carryover.opening)),
                    ("closing", .amount(record.carryover.closing)),
                ])
            ),
            ("threePublic", threePublic(record.threePublic)),
            ("operatingFunds", block(record.operatingFunds)),
            ("procurement", procurement(record.procurement)),
            (
                "performance",
                .object([
                    ("projectFunds", .amount(record.performance.projectFunds)),
                    ("projectCount", .count(record.performance.projectCount)),
                ])
            ),
            (
                "assets",
                .object([
                    ("vehicles", vehicles(record.assets.vehicles)),
                    ("vehiclePurchases", vehicles(record.assets.vehiclePurchases)),
                ])
            ),
            ("staffing", staffing(record.staffing)),
            ("duties", .array(record.duties.map { .string($0.value) })),
            (
                "subUnits",
                .array(
                    record.subUnits.map { .object([("name", .string($0.name)), ("duties", .text($0.duties))]) }
                )
            ),
            ("contact", .object([("name", .text(record.contact.name)), ("phone", .text(record.contact.phone))])),
            (
                "sections",
                .array(
                    record.sections.map {
                        .object([
                            ("heading", .string($0.heading)),
                            ("level", .int($0.level)),
                            ("start", .int(offsets.scalar($0.span.start))),
                            ("end", .int(offsets.scalar($0.span.end))),
                        ])
                    }
                )
            ),
            (
                "tables",
                .array(
                    record.tables.map { table in
                        .object([
                            ("title", .text(table.title)),
                            ("unit", .text(table.unit)),
                            (
                                "rows",
                                .array(
                                    table.rows.map { row in
                                        .object([("cells", .array(row.map { .string($0) }))])
                                    }
                                )
                            ),
                        ])
                    }
                )
            ),
            (
                "valueSources",
                .array(
                    record.valueSources.map { source in
                        .object([
                            ("path", .string(source.path)),
                            ("table", .int(source.table)),
                            ("row", .int(source.row)),
                            ("column", .int(source.column)),
                            ("written", .string(source.written)),
                            ("unit", .string(source.unit)),
                        ])
                    }
                )
            ),
        ])
    }

    // MARK: - Writing bytes directly

    /// Appends the record's JSON to `writer`: the same bytes as `encode(record, text:).serialized()`, without the
    /// tree. Keep the two in step: `JSONWriterTests` compares them on every corpus document.
    static func write(_ record: DisclosureRecord, text: NormalizedText, to w: inout JSONWriter) {
        w.openObject()
        w.key("schema")
        w.string(DisclosureRecord.schema)
        w.key("documentId")
        w.string(record.documentId)
        w.key("source")
        w.openObject()
        w.key("url")
        w.string(record.source.url)
        w.key("fetchedAt")
        w.string(record.source.fetchedAt)
        w.key("contentType")
        w.string(record.source.contentType)
        w.key("charset")
        w.string(record.source.charset)
        w.closeObject()
        w.key("title")
        w.string(record.title)
        w.key("unit")
        w.openObject()
        w.key("name")
        w.string(record.unit.name?.value)
        w.key("region")
        w.openObject()
        w.key("province")
        w.string(record.unit.region.province)
        w.key("city")
        w.string(record.unit.region.city)
        w.key("county")
        w.string(record.unit.region.county)
        w.key("code")
        w.string(record.unit.region.code)
        w.closeObject()
        w.closeObject()
        w.key("fiscalYear")
        w.int(record.fiscalYear)
        w.key("kind")
        w.string(record.kind?.rawValue)
        w.key("scope")
        w.string(record.scope?.rawValue)
        w.key("currencyUnit")
        w.string(MoneyUnit.recordCurrencyUnit)
        w.key("income")
        write(record.income, to: &w)
        w.key("expenditure")
        write(record.expenditure, to: &w)
        w.key("appropriation")
        write(record.appropriation, to: &w)
        w.key("governmentFund")
        w.openObject()
        w.key("expenditure")
        w.amount(record.governmentFund.expenditure)
        w.closeObject()
        w.key("carryover")
        w.openObject()
        w.key("opening")
        w.amount(record.carryover.opening)
        w.key("closing")
        w.amount(record.carryover.closing)
        w.closeObject()
        w.key("threePublic")
        w.openObject()
        w.key("total")
        write(record.threePublic.total, to: &w)
        w.key("outboundTravel")
        write(record.threePublic.outboundTravel, to: &w)
        w.key("reception")
        write(record.threePublic.reception, to: &w)
        w.key("vehicleOperation")
        write(record.threePublic.vehicleOperation, to: &w)
        w.key("vehiclePurchase")
        write(record.threePublic.vehiclePurchase, to: &w)
        w.key("vehicleCombined")
        write(record.threePublic.vehicleCombined, to: &w)
        w.closeObject()
        w.key("operatingFunds")
        write(record.operatingFunds, to: &w)
        w.key("procurement")
        write(record.procurement, to: &w)
        w.key("performance")
        w.openObject()
        w.key("projectFunds")
        w.amount(record.performance.projectFunds)
        w.key("projectCount")
        w.count(record.performance.projectCount)
        w.closeObject()
        w.key("assets")
        w.openObject()
        w.key("vehicles")
        write(record.assets.vehicles, to: &w)
        w.key("vehiclePurchases")
        write(record.assets.vehiclePurchases, to: &w)
        w.closeObject()
        w.key("staffing")
        w.openObject()
        w.key("administrative")
        w.count(record.staffing.administrative)
        w.key("publicInstitution")
        w.count(record.staffing.publicInstitution)
        w.key("leaders")
        w.openArray()
        for leader in record.staffing.leaders {
            w.openObject()
            w.key("title")
            w.string(leader.title)
            w.key("count")
            w.int(leader.count.value)
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
        w.key("duties")
        w.openArray()
        for duty in record.duties { w.string(duty.value) }
        w.closeArray()
        w.key("subUnits")
        w.openArray()
        for subUnit in record.subUnits {
            w.openObject()
            w.key("name")
            w.string(subUnit.name)
            w.key("duties")
            w.string(subUnit.duties)
            w.closeObject()
        }
        w.closeArray()
        w.key("contact")
        w.openObject()
        w.key("name")
        w.string(record.contact.name)
        w.key("phone")
        w.string(record.contact.phone)
        w.closeObject()
        w.key("sections")
        w.openArray()
        if !record.sections.isEmpty {
            // Only the sections' offsets are needed: count them in one pass rather than build a table per byte.
            let offsets = ScalarOffsets.scalars(
                of: record.sections.flatMap { [$0.span.start, $0.span.end] },
                in: text.bytes
            )
            for (index, section) in record.sections.enumerated() {
                w.openObject()
                w.key("heading")
                w.string(section.heading)
                w.key("level")
                w.int(section.level)
                w.key("start")
                w.int(offsets[2 * index])
                w.key("end")
                w.int(offsets[2 * index + 1])
                w.closeObject()
            }
        }
        w.closeArray()
        w.key("tables")
        w.openArray()
        for table in record.tables {
            w.openObject()
            w.key("title")
            w.string(table.title)
            w.key("unit")
            w.string(table.unit)
            w.key("rows")
            w.openArray()
            for row in table.rows {
                w.openObject()
                w.key("cells")
                w.openArray()
                for cell in row { w.string(cell) }
                w.closeArray()
                w.closeObject()
            }
            w.closeArray()
            w.closeObject()
        }
        w.closeArray()
        w.key("valueSources")
        w.openArray()
        for source in record.valueSources {
            w.openObject()
            w.key("path")
            w.string(source.path)
            w.key("table")
            w.int(source.table)
            w.key("row")
            w.int(source.row)
            w.key("column")
            w.int(source.column)
            w.key("written")
            w.string(source.written)
            w.key("unit")
            w.string(source.unit)
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
    }

    private static func write(_ block: AmountBlock, to w: inout JSONWriter) {
        w.openObject()
        w.key("amount")
        w.amount(block.amount)
        w.key("change")
        w.amount(block.change)
        w.key("changePercent")
        w.amount(block.changePercent)
        w.key("budget")
        w.amount(block.budget)
        w.key("completionPercent")
        w.amount(block.completionPercent)
        w.closeObject()
    }

    private static func write(_ change: ChangeBlock, to w: inout JSONWriter) {
        w.openObject()
        w.key("amount")
        w.amount(change.amount)
        w.key("drivers")
        w.openArray()
        for driver in change.drivers {
            w.openObject()
            w.key("label")
            w.string(driver.label)
            w.key("amount")
            w.number(driver.amount.value)
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
    }

    private static func write(_ income: IncomeBlock, to w: inout JSONWriter) {
        let sources = income.sources
        w.openObject()
        w.key("total")
        w.amount(income.total)
        w.key("grandTotal")
        w.amount(income.grandTotal)
        w.key("sources")
        w.openObject()
        w.key("generalPublicBudget")
        w.amount(sources.generalPublicBudget)
        w.key("governmentFund")
        w.amount(sources.governmentFund)
        w.key("stateCapital")
        w.amount(sources.stateCapital)
        w.key("specialAccount")
        w.amount(sources.specialAccount)
        w.key("business")
        w.amount(sources.business)
        w.key("businessOperating")
        w.amount(sources.businessOperating)
        w.key("upperSubsidy")
        w.amount(sources.upperSubsidy)
        w.key("subordinateRemittance")
        w.amount(sources.subordinateRemittance)
        w.key("reserveUse")
        w.amount(sources.reserveUse)
        w.key("priorYearCarryover")
        w.amount(sources.priorYearCarryover)
        w.key("other")
        w.amount(sources.other)
        w.closeObject()
        w.key("change")
        write(income.change, to: &w)
        w.key("changePercent")
        w.amount(income.changePercent)
        w.key("budget")
        w.amount(income.budget)
        w.key("completionPercent")
        w.amount(income.completionPercent)
        w.closeObject()
    }

    private static func write(_ expenditure: ExpenditureBlock, to w: inout JSONWriter) {
        w.openObject()
        w.key("total")
        w.amount(expenditure.total)
        w.key("grandTotal")
        w.amount(expenditure.grandTotal)
        w.key("byFunction")
        w.openArray()
        for line in expenditure.byFunction {
            w.openObject()
            w.key("code")
            w.string(line.code)
            w.key("name")
            w.string(line.name)
            w.key("amount")
            w.amount(line.block.amount)
            w.key("change")
            w.amount(line.block.change)
            w.key("changePercent")
            w.amount(line.block.changePercent)
            w.key("budget")
            w.amount(line.block.budget)
            w.key("completionPercent")
            w.amount(line.block.completionPercent)
            w.closeObject()
        }
        w.closeArray()
        w.key("basic")
        write(expenditure.basic, to: &w)
        w.key("project")
        write(expenditure.project, to: &w)
        w.key("change")
        write(expenditure.change, to: &w)
        w.key("changePercent")
        w.amount(expenditure.changePercent)
        w.key("budget")
        w.amount(expenditure.budget)
        w.key("completionPercent")
        w.amount(expenditure.completionPercent)
        w.closeObject()
    }

    private static func write(_ appropriation: AppropriationBlock, to w: inout JSONWriter) {
        w.openObject()
        w.key("income")
        w.amount(appropriation.income)
        w.key("expenditure")
        w.amount(appropriation.expenditure)
        w.key("change")
        w.amount(appropriation.change)
        w.key("changePercent")
        w.amount(appropriation.changePercent)
        w.key("budget")
        w.amount(appropriation.budget)
        w.key("completionPercent")
        w.amount(appropriation.completionPercent)
        w.key("basic")
        write(appropriation.basic, to: &w)
        w.key("project")
        write(appropriation.project, to: &w)
        w.key("allFundsIncome")
        write(appropriation.allFundsIncome, to: &w)
        w.closeObject()
    }

    private static func write(_ procurement: ProcurementBlock, to w: inout JSONWriter) {
        w.openObject()
        w.key("total")
        w.amount(procurement.total)
        w.key("goods")
        w.amount(procurement.goods)
        w.key("works")
        w.amount(procurement.works)
        w.key("services")
        w.amount(procurement.services)
        w.key("generalPublicBudget")
        w.openObject()
        w.key("total")
        w.amount(procurement.generalPublicBudget.total)
        w.key("goods")
        w.amount(procurement.generalPublicBudget.goods)
        w.key("works")
        w.amount(procurement.generalPublicBudget.works)
        w.key("services")
        w.amount(procurement.generalPublicBudget.services)
        w.closeObject()
        w.key("smeContracts")
        w.amount(procurement.smeContracts)
        w.key("smeSharePercent")
        w.amount(procurement.smeSharePercent)
        w.closeObject()
    }

    private static func write(_ counts: VehicleCounts, to w: inout JSONWriter) {
        w.openObject()
        w.key("total")
        w.count(counts.total)
        w.key("general")
        w.count(counts.general)
        w.key("lawEnforcement")
        w.count(counts.lawEnforcement)
        w.key("specialPurpose")
        w.count(counts.specialPurpose)
        w.key("other")
        w.count(counts.other)
        w.closeObject()
    }

    // MARK: - Blocks

    static func block(_ block: AmountBlock) -> JSONValue {
        .object([
            ("amount", .amount(block.amount)),
            ("change", .amount(block.change)),
            ("changePercent", .amount(block.changePercent)),
            ("budget", .amount(block.budget)),
            ("completionPercent", .amount(block.completionPercent)),
        ])
    }

    static func change(_ change: ChangeBlock) -> JSONValue {
        .object([
            ("amount", .amount(change.amount)),
            (
                "drivers",
                .array(
                    change.drivers.map {
                        .object([("label", .string($0.label)), ("amount", .number($0.amount.value))])
                    }
                )
            ),
        ])
    }

    static func income(_ income: IncomeBlock) -> JSONValue {
        let sources = income.sources
        return .object([
            ("total", .amount(income.total)),
            ("grandTotal", .amount(income.grandTotal)),
            (
                "sources",
                .object([
                    ("generalPublicBudget", .amount(sources.generalPublicBudget)),
                    ("governmentFund", .amount(sources.governmentFund)),
                    ("stateCapital", .amount(sources.stateCapital)),
                    ("specialAccount", .amount(sources.specialAccount)),
                    ("business", .amount(sources.business)),
                    ("businessOperating", .amount(sources.businessOperating)),
                    ("upperSubsidy", .amount(sources.upperSubsidy)),
                    ("subordinateRemittance", .amount(sources.subordinateRemittance)),
                    ("reserveUse", .amount(sources.reserveUse)),
                    ("priorYearCarryover", .amount(sources.priorYearCarryover)),
                    ("other", .amount(sources.other)),
                ])
            ),
            ("change", change(income.change)),
            ("changePercent", .amount(income.changePercent)),
            ("budget", .amount(income.budget)),
            ("completionPercent", .amount(income.completionPercent)),
        ])
    }

    static func expenditure(_ expenditure: ExpenditureBlock) -> JSONValue {
        .object([
            ("total", .amount(expenditure.total)),
            ("grandTotal", .amount(expenditure.grandTotal)),
            (
                "byFunction",
                .array(
                    expenditure.byFunction.map { line in
                        .object([
                            ("code", .text(line.code)),
                            ("name", .string(line.name)),
                            ("amount", .amount(line.block.amount)),
                            ("change", .amount(line.block.change)),
                            ("changePercent", .amount(line.block.changePercent)),
                            ("budget", .amount(line.block.budget)),
                            ("completionPercent", .amount(line.block.completionPercent)),
                        ])
                    }
                )
            ),
            ("basic", block(expenditure.basic)),
            ("project", block(expenditure.project)),
            ("change", change(expenditure.change)),
            ("changePercent", .amount(expenditure.changePercent)),
            ("budget", .amount(expenditure.budget)),
            ("completionPercent", .amount(expenditure.completionPercent)),
        ])
    }

    static func appropriation(_ appropriation: AppropriationBlock) -> JSONValue {
        .object([
            ("income", .amount(appropriation.income)),
            ("expenditure", .amount(appropriation.expenditure)),
            ("change", .amount(appropriation.change)),
            ("changePercent", .amount(appropriation.changePercent)),
            ("budget", .amount(appropriation.budget)),
            ("completionPercent", .amount(appropriation.completionPercent)),
            ("basic", block(appropriation.basic)),
            ("project", block(appropriation.project)),
            ("allFundsIncome", block(appropriation.allFundsIncome)),
        ])
    }

    static func threePublic(_ threePublic: ThreePublicBlock) -> JSONValue {
        .object([
            ("total", block(threePublic.total)),
            ("outboundTravel", block(threePublic.outboundTravel)),
            ("reception", block(threePublic.reception)),
            ("vehicleOperation", block(threePublic.vehicleOperation)),
            ("vehiclePurchase", block(threePublic.vehiclePurchase)),
            ("vehicleCombined", block(threePublic.vehicleCombined)),
        ])
    }

    static func procurement(_ procurement: ProcurementBlock) -> JSONValue {
        .object([
            ("total", .amount(procurement.total)),
            ("goods", .amount(procurement.goods)),
            ("works", .amount(procurement.works)),
            ("services", .amount(procurement.services)),
            (
                "generalPublicBudget",
                .object([
                    ("total", .amount(procurement.generalPublicBudget.total)),
                    ("goods", .amount(procurement.generalPublicBudget.goods)),
                    ("works", .amount(procurement.generalPublicBudget.works)),
                    ("services", .amount(procurement.generalPublicBudget.services)),
                ])
            ),
            ("smeContracts", .amount(procurement.smeContracts)),
            ("smeSharePercent", .amount(procurement.smeSharePercent)),
        ])
    }

    static func vehicles(_ counts: VehicleCounts) -> JSONValue {
        .object([
            ("total", .count(counts.total)),
            ("general", .count(counts.general)),
            ("lawEnforcement", .count(counts.lawEnforcement)),
            ("specialPurpose", .count(counts.specialPurpose)),
            ("other", .count(counts.other)),
        ])
    }

    static func staffing(_ staffing: StaffingBlock) -> JSONValue {
        .object([
            ("administrative", .count(staffing.administrative)),
            ("publicInstitution", .count(staffing.publicInstitution)),
            (
                "leaders",
                .array(
                    staffing.leaders.map { .object([("title", .string($0.title)), ("count", .int($0.count.value))]) }
                )
            ),
        ])
    }
}
