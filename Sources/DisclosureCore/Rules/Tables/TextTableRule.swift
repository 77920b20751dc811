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
                                    targets.list[open],
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
                                targets.list[open],
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

    /// A record value a table row may name: its path and the text's figure.
    struct Target {
        /// The value's path, built when a row names it (most targets are never named).
        var path: String { pathPrefix + (pathName ?? "") + pathSuffix }
        /// The path up to the name in it, or the whole path.
        var pathPrefix: String
        /// The function class name in the path (`expenditure.byFunction[<name>].amount`).
        var pathName: String?
        /// The path after the name.
        var pathSuffix: String
        /// The text's figure.
        var figure: Figure
    }

    /// The targets in the order they were listed; a label names the first target listing it.
    struct Targets {
        /// The targets.
        var list: [Target] = []
        /// Each label of each target, in order, with its UTF-8 count and whether it is plain
        /// (``TextSearch/isPlain(_:)``).
        var labels: [(label: String, count: Int, isPlain: Bool, target: Int)] = []
        /// Every label's UTF-8, one after another.
        var labelBytes: [UInt8] = []
        /// Each of ``labels`` as plain values: where its bytes are in ``labelBytes``, whether it is plain, its
        /// target. The lookup runs over these (a loop over ``labels`` retains and releases each label's string).
        var entries: [(start: Int, count: Int, isPlain: Bool, target: Int)] = []
        /// Where the lookup of a plain label starts when every label is plain: an open-addressed table of entry
        /// positions + 1 (0: empty) by ``slotHash(_:)``, each distinct label once, at its first entry. Empty when
        /// some label is not plain: the lookup then runs over ``entries`` in order.
        var slots: [Int32] = []

        /// Builds ``slots`` once every target is added (``TextTableRule/targets(_:)``).
        mutating func index() {
            guard entries.allSatisfy(\.isPlain) else { return }
            var size = 64
            while size < 2 * entries.count { size *= 2 }
            var slots = [Int32](repeating: 0, count: size)
            labelBytes.withUnsafeBufferPointer { storage in
                for (position, entry) in entries.enumerated() {
                    let label = UnsafeBufferPointer(rebasing: storage[entry.start..<(entry.start + entry.count)])
                    var slot = Targets.slotHash(label) & (size - 1)
                    // A label listed again names the target of its first entry: it is not indexed.
                    var listed = false
                    while slots[slot] != 0 {
                        let other = entries[Int(slots[slot]) - 1]
                        let bytes = UnsafeBufferPointer(rebasing: storage[other.start..<(other.start + other.count)])
                        if TableCells.bytesEqual(label, bytes) {
                            listed = true
                            break
                        }
                        slot = (slot + 1) & (size - 1)
                    }
                    if !listed { slots[slot] = Int32(position + 1) }
                }
            }
            self.slots = slots
        }

        /// The hash of a label for ``slots``: its length and its first and last three bytes (the first and last
        /// characters of a CJK label), multiplied out.
        @inline(__always)
        static func slotHash(_ label: UnsafeBufferPointer<UInt8>) -> Int {
            let count = label.count
            var key = UInt64(truncatingIfNeeded: count)
            if count > 0 {
                key = key << 8 | UInt64(label[0])
                key = key << 8 | UInt64(label[count - 1])
            }
            if count > 2 {
                key = key << 8 | UInt64(label[1])
                key = key << 8 | UInt64(label[2])
                key = key << 8 | UInt64(label[count - 2])
                key = key << 8 | UInt64(label[count - 3])
            }
            return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40)
        }

        /// The target a label (its UTF-8) names: the first one listing it, compared as `String`s are (as bytes
        /// when both are plain, which is the same). A bare 总计 is 收入总计 on a row's first side, 支出总计 on the
        /// others.
        ///
        /// - Parameter isPlain: ``TextSearch/isPlain(_:)`` of `label` (known from ``TableCellIndex``).
        func first(forUTF8 label: UnsafeBufferPointer<UInt8>, isPlain: Bool, side: Int) -> Target? {
            firstIndex(forUTF8: label, isPlain: isPlain, side: side).map { list[$0] }
        }

        /// The index in ``list`` of ``first(forUTF8:isPlain:side:)``'s target.
        func firstIndex(forUTF8 label: UnsafeBufferPointer<UInt8>, isPlain: Bool, side: Int) -> Int? {
            guard isPlain else {
                // Not plain: `String`s compared as `String`s (canonical equivalence), as a dictionary would.
                var text = String(decoding: label, as: UTF8.self)
                if text == "总计" { text = side == 0 ? "收入总计" : "支出总计" }
                return labels.first { $0.label == text }.map(\.target)
            }
            if TextTableRule.equal(label, "总计") {
                let text = side == 0 ? "收入总计" : "支出总计"
                return labels.first { $0.label == text }.map(\.target)
            }
            return labelBytes.withUnsafeBufferPointer { storage -> Int? in
                if !slots.isEmpty {
                    // Every label is plain, and so is this one: equal as bytes, found by hash.
                    let mask = slots.count - 1
                    var slot = Targets.slotHash(label) & mask
                    while true {
                        let position = Int(slots[slot])
                        if position == 0 { return nil }
                        let entry = entries[position - 1]
                        if entry.count == label.count
                            && TableCells.bytesEqual(
                                label,
                                UnsafeBufferPointer(rebasing: storage[entry.start..<(entry.start + entry.count)])
                            )
                        {
                            return entry.target
                        }
                        slot = (slot + 1) & mask
                    }
                }
                for (position, entry) in entries.enumerated() where entry.count == label.count || !entry.isPlain {
                    let equal =
                        entry.isPlain
                        ? TableCells.bytesEqual(
                            label,
                            UnsafeBufferPointer(rebasing: storage[entry.start..<(entry.start + entry.count)])
                        ) : String(decoding: label, as: UTF8.self) == labels[position].label
                    if equal { return entry.target }
                }
                return nil
            }
        }
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

    /// Row labels and the record values they name, in the order a label is looked for.
    static func targets(_ record: DisclosureRecord) -> Targets {
        var targets = Targets()
        let lines = record.expenditure.byFunction
        // Room for every target and label: the fixed ones and one per function line.
        targets.list.reserveCapacity(FixedTarget.all.count + lines.count)
        targets.labels.reserveCapacity(FixedTarget.labelCount + lines.count)
        targets.entries.reserveCapacity(FixedTarget.labelCount + lines.count)
        targets.labelBytes.reserveCapacity(FixedTarget.labelBytes + lines.count * 24)
        func addLabel(_ text: String, _ bytes: String.UTF8View, isPlain: Bool, target: Int) {
            targets.labels.append((text, bytes.count, isPlain, target))
            targets.entries.append((targets.labelBytes.count, bytes.count, isPlain, target))
            targets.labelBytes.append(contentsOf: bytes)
        }
        func add(_ fixed: FixedTarget, _ figure: Figure?) {
            guard let figure else { return }
            targets.list.append(Target(pathPrefix: fixed.path, pathName: nil, pathSuffix: "", figure: figure))
            for label in fixed.labels {
                addLabel(label.text, label.text.utf8, isPlain: label.isPlain, target: targets.list.count - 1)
            }
        }
        add(.incomeTotal, record.income.total)
        add(.expenditureTotal, record.expenditure.total)
        add(.incomeGrandTotal, record.income.grandTotal)
        add(.expenditureGrandTotal, record.expenditure.grandTotal)
        for line in lines {
            guard let figure = line.block.amount else { continue }
            let name = line.name
            targets.list.append(
                Target(pathPrefix: "expenditure.byFunction[", pathName: name, pathSuffix: "].amount", figure: figure)
            )
            let plain = name.utf8.withContiguousStorageIfAvailable(TextSearch.isPlain) ?? false
            addLabel(name, name.utf8, isPlain: plain, target: targets.list.count - 1)
        }
        let three = record.threePublic
        add(.outboundTravel, three.outboundTravel.amount)
        add(.reception, three.reception.amount)
        add(.vehiclePurchase, three.vehiclePurchase.amount)
        add(.vehicleOperation, three.vehicleOperation.amount)
        add(.vehicleCombined, three.vehicleCombined.amount)
        targets.index()
        return targets
    }

    /// A target that is not a function line: its record path and the labels it is listed under, each checked for
    /// plainness (``TextSearch/isPlain(_:)``) once, not for every document.
    struct FixedTarget: Sendable {
        let path: String
        let labels: [(text: String, isPlain: Bool)]

        init(_ path: String, _ labels: [String]) {
            self.path = path
            self.labels = labels.map { label in
                (label, Array(label.utf8).withUnsafeBufferPointer(TextSearch.isPlain))
            }
        }

        static let incomeTotal = FixedTarget("income.total", ["本年收入合计", "收入合计", "本年收入"])
        static let expenditureTotal = FixedTarget("expenditure.total", ["本年支出合计", "支出合计", "本年支出"])
        static let incomeGrandTotal = FixedTarget("income.grandTotal", ["收入总计"])
        static let expenditureGrandTotal = FixedTarget("expenditure.grandTotal", ["支出总计"])
        static let outboundTravel = FixedTarget(
            "threePublic.outboundTravel.amount",
            ["因公出国(境)费", "因公出国(境)费用"]
        )
        static let reception = FixedTarget("threePublic.reception.amount", ["公务接待费"])
        static let vehiclePurchase = FixedTarget("threePublic.vehiclePurchase.amount", ["公务用车购置费"])
        static let vehicleOperation = FixedTarget(
            "threePublic.vehicleOperation.amount",
            ["公务用车运行维护费", "公务用车运行费"]
        )
        static let vehicleCombined = FixedTarget(
            "threePublic.vehicleCombined.amount",
            ["公务用车购置及运行维护费", "公务用车购置及运行费"]
        )
        /// Every fixed target.
        static let all: [FixedTarget] = [
            incomeTotal, expenditureTotal, incomeGrandTotal, expenditureGrandTotal, outboundTravel, reception,
            vehiclePurchase, vehicleOperation, vehicleCombined,
        ]
        /// How many labels they have.
        static let labelCount = all.reduce(0) { $0 + $1.labels.count }
        /// How many bytes their labels' UTF-8 takes.
        static let labelBytes = all.reduce(0) { $0 + $1.labels.reduce(0) { $0 + $1.text.utf8.count } }
    }
}
