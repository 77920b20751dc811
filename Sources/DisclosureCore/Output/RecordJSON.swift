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

/// Converts UTF-8 byte offsets of a normalized text to Unicode-scalar offsets in O(1) after one O(n) pass.
public struct ScalarOffsets: Sendable {
    private let prefix: [Int32]

    /// Builds the table for `text`.
    public init(_ text: NormalizedText) {
        var prefix = [Int32](repeating: 0, count: text.bytes.count + 1)
        var count: Int32 = 0
        for (index, byte) in text.bytes.enumerated() {
            prefix[index] = count
            if byte & 0xC0 != 0x80 { count += 1 }
        }
        prefix[text.bytes.count] = count
        self.prefix = prefix
    }

    /// The scalar offset of a byte offset.
    public func scalar(_ byteOffset: Int) -> Int { Int(prefix[max(0, min(byteOffset, prefix.count - 1))]) }
}
