/// `text.table`: an amount stated in the text agrees with the same amount in the document's tables (needs tables).
///
/// A table row is matched to a record value by its label (收入合计 → `income.total`, a class name → its function
/// line, 公务接待费 → `threePublic.reception.amount`, …). The row agrees when any of its numbers, converted to 万元
/// by the table's unit (or taken in 元 when the table names none and 万元 does not fit), equals the text figure within
/// the band of both half-units; otherwise an `error` on the text value's path, `expected` the text figure and
/// `actual` the row's first number. Silent without tables or without matched rows.
///
/// - Important: tables come from HTML or from a PDF's text layer, whose plain rendering can split, merge or misalign
///   cells; the corpus labels table-only findings as debatable. Violations are therefore `info` by default;
///   `config/rules.yaml` raises them (`severity: error`) where tables are known to be clean.
public struct TextTableRule: Rule {
    public let id = "text.table"
    public let subjects = ["<path of the text value>"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard !record.tables.isEmpty else { return [] }
        // A value the record took from a table is not the text's: it has nothing to agree with.
        let filled = Set(record.valueSources.map(\.path))
        let targets = TextTableRule.targets(record)
        var findings: [Finding] = []
        // Economic-classification and single-fund tables list a share of the figure the text states (the
        // basic-expenditure part of 公务接待费, the appropriation part of 本年收入合计).
        let cells = context.tableCells
        // The amounts of the open segment; one array for every row.
        var numbers: [Amount] = []
        cells.withLabels { labels in
            cells.cells.withUnsafeBufferPointer { all in
                for (tableIndex, table) in record.tables.enumerated()
                where !TextTableRule.partialTables.contains(table.standard) {
                    for row in 0..<cells.rowCount(table: tableIndex) {
                        // A 收支总表 row holds an income label and a spending label, each followed by its amounts;
                        // a bare 总计 is the income side's first and the spending side's second. A row is read as
                        // segments (a label and the amounts up to the next label); only a segment whose label
                        // names a target collects its amounts. The open segment is its target's index and its
                        // label's place in `labels` (plain values: a `Target` and its strings copied per cell
                        // cost more than the lookup).
                        var side = -1
                        var open = -1
                        var openLabel = (start: 0, end: 0)
                        for index in cells.cellRange(table: tableIndex, row: row) {
                            let cell = all[index]
                            if cell.isEmpty { continue }
                            if let amount = cell.amount {
                                if open >= 0 { numbers.append(amount) }
                                continue
                            }
                            if open >= 0 {
                                TextTableRule.close(
                                    targets.target(open, in: record),
                                    label: openLabel,
                                    in: labels,
                                    numbers: numbers,
                                    filled: filled,
                                    table: table,
                                    context: context,
                                    into: &findings
                                )
                                open = -1
                            }
                            side += 1
                            // The label is looked up as bytes; only a label that names a target becomes a `String`.
                            guard let label = TableCellIndex.label(of: cell, in: labels),
                                let target = targets.firstIndex(forUTF8: label, isPlain: cell.isPlain, side: side)
                            else { continue }
                            open = target
                            openLabel = (Int(cell.labelStart), Int(cell.labelEnd))
                            numbers.removeAll(keepingCapacity: true)
                        }
                        if open >= 0 {
                            TextTableRule.close(
                                targets.target(open, in: record),
                                label: openLabel,
                                in: labels,
                                numbers: numbers,
                                filled: filled,
                                table: table,
                                context: context,
                                into: &findings
                            )
                        }
                    }
                }
            }
        }
        return findings
    }

    /// A segment ends: its target's finding, if none of its `numbers` agrees with the text's figure and the value is
    /// not one the record took from a table (`filled`).
    private static func close(
        _ target: Target,
        label: (start: Int, end: Int),
        in labels: UnsafeBufferPointer<UInt8>,
        numbers: [Amount],
        filled: Set<String>,
        table: DocumentTable,
        context: RuleContext,
        into findings: inout [Finding]
    ) {
        let path = target.path
        guard !filled.contains(path),
            let finding = TextTableRule.compare(
                label: String(decoding: UnsafeBufferPointer(rebasing: labels[label.start..<label.end]), as: UTF8.self),
                numbers: numbers,
                path: path,
                figure: target.figure,
                table: table,
                context: context
            )
        else { return }
        findings.append(finding)
    }

    /// Whether `bytes` are the UTF-8 of `text`.
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        guard bytes.count == text.utf8.count else { return false }
        if let equal = text.utf8.withContiguousStorageIfAvailable({ TableCells.bytesEqual($0, bytes) }) { return equal }
        return text.utf8.elementsEqual(bytes)
    }

    /// A finding when none of `numbers` agrees with the text's `figure`.
    static func compare(
        label: String,
        numbers: [Amount],
        path: String,
        figure: Figure,
        table: DocumentTable,
        context: RuleContext
    ) -> Finding? {
        guard let first = numbers.first else { return nil }
        let agrees = numbers.contains { cell in
            TextTableRule.readings(cell, unit: table.unit).contains { reading in
                BandComparison(
                    expected: figure.value,
                    actual: reading,
                    tolerance: context.tolerance.band(for: [figure.value, reading])
                ).status != .outsideBand
            }
        }
        guard !agrees else { return nil }
        let actual = TableCells.tenThousandYuan(first, unit: table.unit) ?? first
        let subject = RecordFigures.subject(ofPath: path)
        return Finding(
            subject: subject,
            severity: .info,
            expected: figure.value,
            actual: actual,
            difference: actual - figure.value,
            tolerance: context.tolerance.band(for: [figure.value, actual]),
            message: "The text states \(figure.value.text) for \(label) but the table row "
                + "gives \(actual.text).",
            messageZh: "正文所列\(label)为\(figure.value.text)万元，表中为\(actual.text)万元，二者不符。",
            evidence: [EvidenceReference(path, figure), EvidenceReference(path: path, span: table.span)]
        )
    }

    /// The 万元 values a cell may stand for: by the table's unit, or both 万元 and 元 when it names none.
    /// Tables whose rows are parts of a figure the text states whole: by economic class, or one fund only (the
    /// text's totals and classes are all funds; the 收支总表, 支出总表 and 三公 table carry those). The 收入总表's
    /// class rows are income by function class, not the spending the text's class figures are.
    static let partialTables: Set<StandardTable?> = [
        .generalBudgetBasic, .appropriationBasic, .operatingFunds, .appropriationSummary, .appropriationExpenditure,
        .generalBudgetExpenditure, .governmentFund, .stateCapital, .income,
    ]

    static func readings(_ cell: Amount, unit: String?) -> [Amount] {
        if unit != nil { return [TableCells.tenThousandYuan(cell, unit: unit) ?? cell] }
        return [cell, MoneyUnit.yuan.toTenThousandYuan(cell)].compactMap { $0 }
    }
}
