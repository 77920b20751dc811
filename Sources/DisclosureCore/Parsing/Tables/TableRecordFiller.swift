/// Fills record values the prose left empty from the standard tables, converting the table's unit to 万元
/// exactly, and notes each filled value's cell in ``DisclosureRecord/valueSources``; its evidence is the table's
/// span.
///
/// What each table gives (a value the prose states is never replaced; a table without a stated unit is not read):
/// - 收支总表: this year's totals (本年收入合计 / 本年支出合计), the 总计s and the carry-over at the start and end of
///   the year (final accounts often give it only there);
/// - 支出总表: `expenditure.total`, `expenditure.basic` and `expenditure.project` from its 合计 row, and one
///   `expenditure.byFunction` line per class row (a three-digit code) the prose does not name;
/// - 一般公共预算支出表: `appropriation.expenditure` and `appropriation.basic` / `project` from its 合计 row;
/// - 财政拨款收支总表: `appropriation.income` from its income half's 一般公共预算 row;
/// - "三公"经费表: the total and the four items (and a budget table's 机关运行经费), a final account's budgets too,
///   only when the row's amounts satisfy 合计 = 出国 + 用车小计 + 接待 and 小计 = 购置 + 运行 exactly in one of the
///   templates' column orders (layout text loses empty cells, so position alone cannot be trusted).
///
/// The basic and project columns are taken only when the header names them and the total row's first amount is
/// exactly the sum of the others, so a misaligned row fills nothing.
enum TableRecordFiller {
    /// Fills what the prose left empty.
    static func fill(_ record: inout DisclosureRecord) {
        for (index, table) in record.tables.enumerated() {
            guard let unit = moneyUnit(table.unit) else { continue }
            let reader = Reader(table: table, index: index, unit: unit)
            switch table.standard {
            case .summary: fillSummary(reader, &record)
            case .expenditure: fillExpenditure(reader, &record)
            case .generalBudgetExpenditure: fillAppropriation(reader, &record)
            case .threePublic: fillThreePublic(reader, &record)
            case .appropriationSummary: fillAppropriationIncome(reader, &record)
            default: continue
            }
        }
    }

    // MARK: - Tables

    static func fillSummary(_ reader: Reader, _ record: inout DisclosureRecord) {
        reader.fill(\.carryover.opening, "carryover.opening", after: ["年初结转和结余", "上年结转和结余", "上年结转"], in: &record)
        reader.fill(\.carryover.closing, "carryover.closing", after: ["年末结转和结余"], in: &record)
        reader.fill(\.income.total, "income.total", after: ["本年收入合计"], in: &record)
        reader.fill(\.expenditure.total, "expenditure.total", after: ["本年支出合计"], in: &record)
        reader.fill(\.income.grandTotal, "income.grandTotal", after: ["收入总计"], in: &record)
        reader.fill(\.expenditure.grandTotal, "expenditure.grandTotal", after: ["支出总计"], in: &record)
        // Final accounts write a bare 总计 on both halves of one row: income first, spending second.
        let sides = reader.amounts(afterEach: "总计")
        if sides.count == 2 {
            reader.fill(\.income.grandTotal, "income.grandTotal", cell: sides[0], in: &record)
            reader.fill(\.expenditure.grandTotal, "expenditure.grandTotal", cell: sides[1], in: &record)
        }
    }

    static func fillExpenditure(_ reader: Reader, _ record: inout DisclosureRecord) {
        guard let total = reader.totalRow() else { return }
        reader.fill(\.expenditure.total, "expenditure.total", cell: total.amounts.first, in: &record)
        if let (basic, project) = reader.basicAndProject(total) {
            reader.fill(\.expenditure.basic.amount, "expenditure.basic.amount", cell: basic, in: &record)
            reader.fill(\.expenditure.project.amount, "expenditure.project.amount", cell: project, in: &record)
        }
        // Class rows the prose does not name, in table order after the prose's lines.
        var named = Set(record.expenditure.byFunction.compactMap { line in line.code ?? classCode(ofName: line.name) })
        for row in reader.classRows() {
            guard !named.contains(row.code), let first = row.amounts.first, let figure = reader.figure(first) else {
                continue
            }
            named.insert(row.code)
            record.expenditure.byFunction.append(
                FunctionLine(code: row.code, name: row.label, block: AmountBlock(amount: figure))
            )
            reader.note("expenditure.byFunction[\(row.code)].amount", first, in: &record)
        }
    }

    /// How the income half of a 财政拨款收支总表 names the general-public-budget appropriation (list number removed).
    static let generalBudgetIncomeLabels: Set<String> = [
        "一般公共预算", "一般公共预算资金", "一般公共预算拨款", "一般公共预算财政拨款", "一般公共预算拨款收入",
        "一般公共预算财政拨款收入",
    ]

    static func fillAppropriationIncome(_ reader: Reader, _ record: inout DisclosureRecord) {
        let table = reader.table
        for rowIndex in reader.rows.indices.dropFirst(table.headerRowCount) {
            let row = reader.rows[rowIndex]
            // The income half comes first: its label is the row's first cell (a row whose first cell is empty
            // has only spending).
            guard let labelColumn = row.indices.first, !row[labelColumn].isEmpty,
                let label = TableCells.label([row[labelColumn]]), generalBudgetIncomeLabels.contains(label),
                let next = row.indices.dropFirst(labelColumn + 1).first(where: { !row[$0].isEmpty }),
                let amount = TableAmount.parse(row[next])
            else { continue }
            let cell = Cell(row: rowIndex, column: next, written: row[next], amount: amount)
            reader.fill(\.appropriation.income, "appropriation.income", cell: cell, in: &record)
            return
        }
    }

    static func fillAppropriation(_ reader: Reader, _ record: inout DisclosureRecord) {
        guard let total = reader.totalRow() else { return }
        reader.fill(\.appropriation.expenditure, "appropriation.expenditure", cell: total.amounts.first, in: &record)
        if let (basic, project) = reader.basicAndProject(total) {
            reader.fill(\.appropriation.basic.amount, "appropriation.basic.amount", cell: basic, in: &record)
            reader.fill(\.appropriation.project.amount, "appropriation.project.amount", cell: project, in: &record)
        }
    }

    /// One column of a "三公" table.
    enum ThreePublicColumn: String, CaseIterable {
        case total, outboundTravel, reception, vehicleCombined, vehiclePurchase, vehicleOperation

        /// The record path of its block (`threePublic.reception`).
        var path: String { "threePublic." + rawValue }

        /// Where its amount or budget lives in the record.
        func slot(budget: Bool) -> WritableKeyPath<DisclosureRecord, Figure?> {
            let block: WritableKeyPath<DisclosureRecord, AmountBlock> =
                switch self {
                case .total: \.threePublic.total
                case .outboundTravel: \.threePublic.outboundTravel
                case .reception: \.threePublic.reception
                case .vehicleCombined: \.threePublic.vehicleCombined
                case .vehiclePurchase: \.threePublic.vehiclePurchase
                case .vehicleOperation: \.threePublic.vehicleOperation
                }
            let field: WritableKeyPath<AmountBlock, Figure?> = budget ? \.budget : \.amount
            return block.appending(path: field)
        }
    }

    /// The 三公 columns in the orders the templates print them: Shanghai's budget table (合计, 出国, 接待, 用车小计,
    /// 购置, 运行) and the national final-accounts table (合计, 出国, 用车小计, 购置, 运行, 接待).
    static let threePublicOrders: [[ThreePublicColumn]] = [
        [.total, .outboundTravel, .reception, .vehicleCombined, .vehiclePurchase, .vehicleOperation],
        [.total, .outboundTravel, .vehicleCombined, .vehiclePurchase, .vehicleOperation, .reception],
    ]

    /// Whether six amounts read in `order` add up: 合计 = 出国 + 用车小计 + 接待, 小计 = 购置 + 运行.
    static func addsUp(_ values: [Amount], in order: [ThreePublicColumn]) -> Bool {
        var byColumn: [ThreePublicColumn: Amount] = [:]
        for (column, value) in zip(order, values) { byColumn[column] = value }
        guard let total = byColumn[.total], let outbound = byColumn[.outboundTravel],
            let reception = byColumn[.reception], let combined = byColumn[.vehicleCombined],
            let purchase = byColumn[.vehiclePurchase], let operation = byColumn[.vehicleOperation]
        else { return false }
        return total == outbound + combined + reception && combined == purchase + operation
    }

    static func fillThreePublic(_ reader: Reader, _ record: inout DisclosureRecord) {
        let table = reader.table
        let body = reader.rows.indices.dropFirst(table.headerRowCount)
        guard let rowIndex = body.first(where: { reader.amounts(inRow: $0).count >= 6 }) else { return }
        let cells = reader.amounts(inRow: rowIndex)
        // A final account prints 预算数 and 决算数 side by side for each of the six columns.
        let isFinal = cells.count == 12
        guard cells.count == 6 || cells.count == 7 || isFinal else { return }
        let amounts = isFinal ? stride(from: 1, to: 12, by: 2).map { cells[$0] } : Array(cells.prefix(6))
        let budgets = isFinal ? stride(from: 0, to: 12, by: 2).map { cells[$0] } : nil
        let fitting = threePublicOrders.filter { order in
            addsUp(amounts.map(\.amount), in: order) && (budgets.map { addsUp($0.map(\.amount), in: order) } ?? true)
        }
        guard let order = fitting.first else { return }
        // Two orders that both add up but read a column differently are ambiguous (all zeros read alike).
        for other in fitting.dropFirst() {
            for column in ThreePublicColumn.allCases {
                guard let mine = order.firstIndex(of: column), let theirs = other.firstIndex(of: column) else { return }
                if amounts[mine].amount != amounts[theirs].amount { return }
            }
        }
        for (position, column) in order.enumerated() {
            reader.fill(column.slot(budget: false), column.path + ".amount", cell: amounts[position], in: &record)
            if let budgets {
                reader.fill(column.slot(budget: true), column.path + ".budget", cell: budgets[position], in: &record)
            }
        }
        // The budget table's seventh column is 机关运行经费, where its header names it.
        let header = reader.rows.prefix(table.headerRowCount).joined()
        if cells.count == 7, header.contains(where: { $0.contains("机关运行") }) {
            reader.fill(\.operatingFunds.amount, "operatingFunds.amount", cell: cells[6], in: &record)
        }
    }

    /// The class code a name belongs to (current or former name).
    static func classCode(ofName name: String) -> String? {
        FunctionClassCatalog.code(ofName: LayoutTableDetector.squeezed(name))?.code
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

    // MARK: - Reading one table

    /// One cell with an amount: where it is and what it says.
    struct Cell {
        var row: Int
        var column: Int
        var written: String
        var amount: Amount
    }

    /// A body row: its code, label and amounts in column order.
    struct Row {
        var index: Int
        var code: String
        var label: String
        var amounts: [Cell]
    }

    /// Reads the cells of one table in its unit.
    struct Reader {
        let table: DocumentTable
        let index: Int
        let unit: MoneyUnit
        /// The table's rows as strings, made once (``DocumentTable/rows`` makes them on every read).
        let rows: [[String]]

        init(table: DocumentTable, index: Int, unit: MoneyUnit) {
            self.table = table
            self.index = index
            self.unit = unit
            rows = table.rows
        }

        /// The cell as a figure in 万元, with the table's span as evidence.
        func figure(_ cell: Cell) -> Figure? {
            unit.toTenThousandYuan(cell.amount).map { Figure($0, evidence: table.span) }
        }

        /// Sets the value at `slot` from `cell` when the prose left it empty, and notes the source.
        func fill(
            _ slot: WritableKeyPath<DisclosureRecord, Figure?>,
            _ path: String,
            cell: Cell?,
            in record: inout DisclosureRecord
        ) {
            guard record[keyPath: slot] == nil, let cell, let figure = figure(cell) else { return }
            record[keyPath: slot] = figure
            note(path, cell, in: &record)
        }

        /// Sets the value at `slot` from the amount after a cell labelled with one of `labels`.
        func fill(
            _ slot: WritableKeyPath<DisclosureRecord, Figure?>,
            _ path: String,
            after labels: [String],
            in record: inout DisclosureRecord
        ) {
            guard record[keyPath: slot] == nil else { return }
            fill(slot, path, cell: amount(after: labels), in: &record)
        }

        /// Notes that `path` came from `cell`.
        func note(_ path: String, _ cell: Cell, in record: inout DisclosureRecord) {
            record.valueSources.append(
                ValueSource(
                    path: path,
                    table: index,
                    row: cell.row,
                    column: cell.column,
                    written: cell.written,
                    unit: table.unit ?? ""
                )
            )
        }

        /// The first amount after a cell labelled with one of `labels` (the first such cell in the body). A label
        /// that layout merged with the row above (`四、其他收入收入总计`) still ends with it.
        func amount(after labels: [String]) -> Cell? {
            for (rowIndex, row) in rows.enumerated().dropFirst(table.headerRowCount) {
                for (column, text) in row.enumerated()
                where labels.contains(where: LayoutTableDetector.squeezed(text).hasSuffix) {
                    guard let next = row.indices.dropFirst(column + 1).first(where: { !row[$0].isEmpty }),
                        let amount = TableAmount.parse(row[next])
                    else { return nil }
                    return Cell(row: rowIndex, column: next, written: row[next], amount: amount)
                }
            }
            return nil
        }

        /// The amount after each cell labelled exactly `label` in the first body row that has one.
        func amounts(afterEach label: String) -> [Cell] {
            for (rowIndex, row) in rows.enumerated().dropFirst(table.headerRowCount) {
                let columns = row.indices.filter { LayoutTableDetector.squeezed(row[$0]) == label }
                guard !columns.isEmpty else { continue }
                return columns.compactMap { column in
                    guard let next = row.indices.dropFirst(column + 1).first(where: { !row[$0].isEmpty }),
                        let amount = TableAmount.parse(row[next])
                    else { return nil }
                    return Cell(row: rowIndex, column: next, written: row[next], amount: amount)
                }
            }
            return []
        }

        /// The body's `合计` / `总计` row without a code, with its amounts.
        func totalRow() -> Row? {
            for (rowIndex, row) in rows.enumerated().dropFirst(table.headerRowCount)
            where TableSumCheck.isTotalRow(row) {
                return Row(
                    index: rowIndex,
                    code: "",
                    label: TableSumCheck.label(of: row) ?? "",
                    amounts: amounts(rowIndex)
                )
            }
            return nil
        }

        /// The body's class rows (a three-digit code), with their labels and amounts.
        func classRows() -> [Row] {
            rows.indices.dropFirst(table.headerRowCount).compactMap { rowIndex in
                let row = rows[rowIndex]
                guard TableSumCheck.isClassRow(row), let code = TableSumCheck.code(of: row),
                    let label = TableSumCheck.label(of: row)
                else { return nil }
                // A narrow label column can glue the tail of the row above onto a class name (`出卫生健康支出`); a
                // known class name of the row's code at the end of the label is the name.
                var name = LayoutTableDetector.squeezed(label)
                if FunctionClassCatalog.code(ofName: name) == nil,
                    let known = FunctionClassCatalog.suffixName(of: name),
                    known.code == code
                {
                    name = known.name.text
                } else if FunctionClassCatalog.code(ofName: name) == nil, name.unicodeScalars.count >= 2,
                    let current = FunctionClassCatalog.names[code]?.first?.text, current.hasSuffix(name)
                {
                    // The label's first line went to the header (`社会保障和就` / `208 业支出`): the code names it.
                    name = current
                }
                return Row(index: rowIndex, code: code, label: name, amounts: amounts(rowIndex))
            }
        }

        /// Every amount cell of a row, left to right (for rows without a label).
        func amounts(inRow rowIndex: Int) -> [Cell] {
            rows[rowIndex].enumerated().compactMap { column, text in
                TableAmount.parse(text).map { Cell(row: rowIndex, column: column, written: text, amount: $0) }
            }
        }

        /// The amount cells of a row after its label, left to right (a code cell before the label is no amount).
        func amounts(_ rowIndex: Int) -> [Cell] {
            let row = rows[rowIndex]
            let labelIndex = row.firstIndex { cell in
                !cell.isEmpty && TableAmount.parse(cell) == nil
                    && cell.unicodeScalars.contains { !($0.value >= 0x30 && $0.value <= 0x39) && $0 != " " }
            }
            guard let labelIndex else { return [] }
            return row.indices.dropFirst(labelIndex + 1).compactMap { column in
                TableAmount.parse(row[column]).map {
                    Cell(row: rowIndex, column: column, written: row[column], amount: $0)
                }
            }
        }

        /// The basic and project cells of a total row: the header names both, and the row's amounts are exactly
        /// total, basic and project (the first the sum of the other two).
        ///
        /// The national template puts 基本支出 before 项目支出; the order is reversed only where one header line
        /// names them the other way round.
        func basicAndProject(_ total: Row) -> (basic: Cell, project: Cell)? {
            let header = rows.prefix(table.headerRowCount)
            let squeezed = header.map { row in row.map(LayoutTableDetector.squeezed).joined(separator: "|") }
            let text = squeezed.joined(separator: "|")
            // `项目|支出预算` squeezes to 项目支出预算 in a two-line header; that names the table, not a column.
            let names = { (word: String) in text.components(word) }
            guard names("基本支出") > 0, names("项目支出") > names("项目支出预算") else { return nil }
            // Exactly total, basic, project: other spending columns (上缴上级, 经营, 对附属单位补助) would need their
            // headers placed, which layout text does not give reliably.
            guard total.amounts.count == 3 else { return nil }
            let (first, second, third) = (total.amounts[0], total.amounts[1], total.amounts[2])
            guard first.amount == second.amount + third.amount else { return nil }
            let reversed = header.contains { row in
                let cells = row.map(LayoutTableDetector.squeezed)
                guard let basic = cells.firstIndex(of: "基本支出"), let project = cells.firstIndex(of: "项目支出") else {
                    return false
                }
                return project < basic
            }
            return reversed ? (third, second) : (second, third)
        }
    }
}

extension String {
    /// How many times `word` occurs (non-overlapping).
    fileprivate func components(_ word: String) -> Int {
        var count = 0
        var rest = Substring(self)
        while let range = rest.firstRange(of: word) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}
