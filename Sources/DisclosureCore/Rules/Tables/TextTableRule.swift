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
        let targets = TextTableRule.targets(record).filter { !filled.contains($0.value.0) }
        var findings: [Finding] = []
        // Economic-classification and single-fund tables list a share of the figure the text states (the
        // basic-expenditure part of 公务接待费, the appropriation part of 本年收入合计).
        for table in record.tables where !TextTableRule.partialTables.contains(table.standard) {
            for row in table.rows {
                // A 收支总表 row holds an income label and a spending label, each followed by its amounts; a bare
                // 总计 is the income side's first and the spending side's second.
                for (side, segment) in TextTableRule.segments(row).enumerated() {
                    guard let label = TableCells.label([segment.label]) else { continue }
                    let key = label == "总计" ? (side == 0 ? "收入总计" : "支出总计") : label
                    guard let (path, figure) = targets[key],
                        let finding = TextTableRule.compare(
                            label: label,
                            numbers: segment.numbers,
                            path: path,
                            figure: figure,
                            table: table,
                            context: context
                        )
                    else { continue }
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    /// One label of a row and the amounts that follow it up to the next label.
    struct Segment {
        var label: String
        var numbers: [Amount]
    }

    /// The row's labels with their amounts; a code cell before the first label (`302 17`) is not an amount.
    static func segments(_ row: [String]) -> [Segment] {
        var segments: [Segment] = []
        for cell in row where !cell.isEmpty {
            if let amount = TableCells.amount(cell) {
                if !segments.isEmpty { segments[segments.count - 1].numbers.append(amount) }
            } else {
                segments.append(Segment(label: cell, numbers: []))
            }
        }
        return segments
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

    /// Row labels and the record values they name.
    static func targets(_ record: DisclosureRecord) -> [String: (String, Figure)] {
        var map: [String: (String, Figure)] = [:]
        func add(_ labels: [String], _ path: String, _ figure: Figure?) {
            guard let figure else { return }
            for label in labels where map[label] == nil { map[label] = (path, figure) }
        }
        add(["本年收入合计", "收入合计", "本年收入"], "income.total", record.income.total)
        add(["本年支出合计", "支出合计", "本年支出"], "expenditure.total", record.expenditure.total)
        add(["收入总计"], "income.grandTotal", record.income.grandTotal)
        add(["支出总计"], "expenditure.grandTotal", record.expenditure.grandTotal)
        for line in record.expenditure.byFunction {
            add([line.name], "expenditure.byFunction[\(line.name)].amount", line.block.amount)
        }
        let three = record.threePublic
        add(["因公出国(境)费", "因公出国(境)费用"], "threePublic.outboundTravel.amount", three.outboundTravel.amount)
        add(["公务接待费"], "threePublic.reception.amount", three.reception.amount)
        add(["公务用车购置费"], "threePublic.vehiclePurchase.amount", three.vehiclePurchase.amount)
        add(["公务用车运行维护费", "公务用车运行费"], "threePublic.vehicleOperation.amount", three.vehicleOperation.amount)
        add(
            ["公务用车购置及运行维护费", "公务用车购置及运行费"],
            "threePublic.vehicleCombined.amount",
            three.vehicleCombined.amount
        )
        return map
    }
}
