/// Fills record values the prose left empty from the standard tables, converting the table's unit to 万元
/// exactly; a filled value's evidence is the table's span, which says where it came from.
///
/// Only values a summary table states on a labelled row are taken (carry-over at the start and end of the year,
/// which final accounts often give only in their 收入支出决算总表); a value the prose states is never replaced,
/// and a table without a stated unit is not read.
enum TableRecordFiller {
    /// Fills what the prose left empty.
    static func fill(_ record: inout DisclosureRecord) {
        for table in record.tables where table.standard == .summary {
            guard let unit = moneyUnit(table.unit) else { continue }
            if record.carryover.opening == nil,
                let value = amount(after: ["年初结转和结余", "上年结转和结余", "上年结转"], in: table, unit: unit)
            {
                record.carryover.opening = value
            }
            if record.carryover.closing == nil,
                let value = amount(after: ["年末结转和结余"], in: table, unit: unit)
            {
                record.carryover.closing = value
            }
        }
    }

    /// The unit a table names.
    static func moneyUnit(_ unit: String?) -> MoneyUnit? {
        switch unit {
        case "元": .yuan
        case "万元": .tenThousandYuan
        case "亿元": .hundredMillionYuan
        default: nil
        }
    }

    /// The amount in the first non-empty cell after a cell labelled with one of `labels`, in 万元.
    static func amount(after labels: [String], in table: DocumentTable, unit: MoneyUnit) -> Figure? {
        for row in table.rows.dropFirst(table.headerRowCount) {
            for (index, cell) in row.enumerated() where labels.contains(LayoutTableDetector.squeezed(cell)) {
                guard let next = row[(index + 1)...].first(where: { !$0.isEmpty }),
                    let written = TableAmount.parse(next),
                    let converted = unit.toTenThousandYuan(written)
                else { return nil }
                return Figure(converted, evidence: table.span)
            }
        }
        return nil
    }
}
