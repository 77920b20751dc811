/// Turns a ``DisclosureRecord`` into its published JSON form (SPEC §4), keys in contract order.
///
/// Every path of the contract is present; what the document does not state is `null`. Offsets of `sections[]`
/// are Unicode-scalar offsets into the normalized text. Written with ``JSONWriter`` straight into bytes: the only
/// encoder of the record (tests read it back with ``JSONValue/init(parsing:)``).
public enum RecordJSON {
    /// The record's JSON bytes.
    public static func bytes(_ record: DisclosureRecord, text: NormalizedText) -> [UInt8] {
        bytes(record, text: text, offsets: nil)
    }

    /// The record's JSON bytes; `offsets`, when given, are `text`'s scalar offsets.
    static func bytes(_ record: DisclosureRecord, text: NormalizedText, offsets: ScalarOffsets?) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity(text))
        write(record, text: text, offsets: offsets, to: &writer)
        return writer.bytes
    }

    /// Room for the JSON of a record of `text`: about 3.5 KB of keys and nulls, plus what the document says
    /// (tables, duties, sections). Sized so that the buffer rarely grows.
    static func capacity(_ text: NormalizedText) -> Int {
        4096 + min(text.bytes.count, 65536)
    }

    /// Appends the record's JSON to `writer`. The key lists follow schemas/disclosure.record.v1.schema.json's
    /// `required` lists, in order: `JSONOutputTests` checks that on every corpus document.
    /// `offsets`, when given, are `text`'s scalar offsets (else the sections' offsets are counted).
    static func write(
        _ record: DisclosureRecord,
        text: NormalizedText,
        offsets scalarOffsets: ScalarOffsets? = nil,
        to w: inout JSONWriter
    ) {
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
        if let table = scalarOffsets {
            // Looked up in the rules' table when there is one: no array of offsets made and zipped.
            for section in record.sections {
                write(section, start: table.scalar(section.span.start), end: table.scalar(section.span.end), to: &w)
            }
        } else if !record.sections.isEmpty {
            // Else only the sections' offsets are needed: counted in about one pass, no table per byte.
            let offsets = text.bytes.withUnsafeBufferPointer {
                ScalarCursor.scalars(of: record.sections.map(\.span), in: $0)
            }
            for (section, offset) in zip(record.sections, offsets) {
                write(section, start: offset.start, end: offset.end, to: &w)
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
            // Each cell written from the table's buffer, as its `String` would be.
            table.cells.withUTF8 { bytes in
                for row in 0..<table.cells.count {
                    w.openObject()
                    w.key("cells")
                    w.openArray()
                    for cell in table.cells.cells(inRow: row) { w.string(utf8: table.cells.cell(cell, in: bytes)) }
                    w.closeArray()
                    w.closeObject()
                }
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

    /// One of `sections[]`, at scalar offsets `start` and `end`.
    private static func write(_ section: Section, start: Int, end: Int, to w: inout JSONWriter) {
        w.openObject()
        w.key("heading")
        section.withHeadingUTF8 { w.string(utf8: $0) }
        w.key("level")
        w.int(section.level)
        w.key("start")
        w.int(start)
        w.key("end")
        w.int(end)
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
}
