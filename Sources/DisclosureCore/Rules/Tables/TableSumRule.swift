/// `table.sum`: a table's total row agrees with its item rows, column by column (needs tables).
///
/// Item rows are the class-level rows (a three-digit code, or a known class name); the total row is the first
/// labelled 合计 or 总计. A column is checked when the total and every item row state a number in it; the band is
/// the sum of the cells' half-units. One event per table, subject `tables[<index>]`, on its first broken column.
/// Silent without tables or without at least two item rows.
///
/// - Important: tables come from HTML or from a PDF's text layer, whose plain rendering can split, merge or misalign
///   cells; the corpus labels table-only findings as debatable. Violations are therefore `info` by default;
///   `config/rules.yaml` raises them (`severity: error`) where tables are known to be clean.
public struct TableSumRule: Rule {
    public let id = "table.sum"
    public let subjects = ["tables[<index>]"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        context.record.tables.enumerated().compactMap { index, table in
            TableSumRule.check(table, index: index, cells: context.tableCells, tolerance: context.tolerance)
        }
    }

    private static let heji = Array("合计".utf8)
    private static let zongji = Array("总计".utf8)
    /// ``FunctionClassCatalog/allNameBytes``, looked up by length.
    private static let classNames = ByteLabelIndex(FunctionClassCatalog.allNameBytes)

    /// Whether plain label bytes hold 合计 (E5 90 88 E8 AE A1) or 总计 (E6 80 BB E8 AE A1). In valid UTF-8 a lead
    /// byte (E5, E6, E8) is never a continuation byte, so a byte match is always on scalar boundaries, as
    /// ``TextSearch/contains(_:in:)``'s is: 计's middle byte AE is looked for sixteen bytes at a time (one compare
    /// per block; it is rare in CJK text: 1 continuation byte in 64), and only its lanes are checked further.
    static func namesTotal(_ label: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = label.count
        guard count >= 6, let base = label.baseAddress else { return false }
        guard count >= 16 else {
            // 计's AE is at least four bytes in and one before the end.
            var index = 4
            while index < count &- 1 {
                if base[index] == 0xAE, endsTotal(base, count: count, at: index) { return true }
                index &+= 1
            }
            return false
        }
        let raw = UnsafeRawPointer(base)
        var blockStart = 0
        while true {
            // The last block is the label's last sixteen bytes (overlapping the one before it: lanes seen twice
            // are only checked twice).
            let start = min(blockStart, count &- 16)
            let block = raw.loadUnaligned(fromByteOffset: start, as: SIMD16<UInt8>.self)
            let lanes = unsafeBitCast(block .== SIMD16<UInt8>(repeating: 0xAE), to: SIMD2<UInt64>.self)
            for half in 0..<2 {
                var bits = lanes[half]
                while bits != 0 {
                    let lane = bits.trailingZeroBitCount &>> 3
                    if endsTotal(base, count: count, at: start &+ half &* 8 &+ lane) { return true }
                    bits &= ~(0xFF &<< UInt64(lane &* 8))
                }
            }
            if start == count &- 16 { return false }
            blockStart &+= 16
        }
    }

    /// Whether the AE at `index` is 计's (E8 before it, A1 after) and 合 or 总 comes before that.
    @inline(__always)
    private static func endsTotal(_ base: UnsafePointer<UInt8>, count: Int, at index: Int) -> Bool {
        guard index >= 4, index &+ 1 < count, base[index &- 1] == 0xE8, base[index &+ 1] == 0xA1 else { return false }
        let first = base[index &- 4]
        let second = base[index &- 3]
        let third = base[index &- 2]
        return first == 0xE5 && second == 0x90 && third == 0x88 || first == 0xE6 && second == 0x80 && third == 0xBB
    }

    /// Whether a row's label (``TableCells/label(_:)``, read by `cells`) has 合计 or 总计 in it as a word, and
    /// whether it is a function class name (``FunctionClassCatalog/code(ofName:)``); compared as bytes when the
    /// label is plain, which is the same.
    static func labelKind(
        table: Int,
        row: Int,
        cells: TableCellIndex,
        labels: UnsafeBufferPointer<UInt8>
    ) -> (isTotal: Bool, isClassName: Bool) {
        guard let cell = cells.firstTextCell(table: table, row: row),
            let label = TableCellIndex.label(of: cell, in: labels)
        else { return (false, false) }
        guard cell.isPlain else {
            let text = String(decoding: label, as: UTF8.self)
            let isTotal =
                TextSearch.containsWord("合计", bytes: heji, in: text)
                || TextSearch.containsWord("总计", bytes: zongji, in: text)
            return (isTotal, FunctionClassCatalog.code(ofName: text) != nil)
        }
        return (TableSumRule.namesTotal(label), classNames.firstIndex(of: label) != nil)
    }

    /// The finding on table `index` (``TableCellIndex``'s table `index`), if its total row disagrees.
    static func check(
        _ table: DocumentTable,
        index: Int,
        cells: TableCellIndex,
        tolerance: TolerancePolicy
    ) -> Finding? {
        // A 收支总表 puts income and spending side by side: its class rows and its totals are in different halves.
        if table.standard == .summary || table.standard == .appropriationSummary { return nil }
        // Each row's label, read once (by the index) as bytes: whether it names the total and whether it is a
        // class name.
        let kinds = cells.withLabels { labels in
            (0..<table.cells.count).map { row in
                TableSumRule.labelKind(table: index, row: row, cells: cells, labels: labels)
            }
        }
        guard let totalIndex = kinds.firstIndex(where: \.isTotal) else { return nil }
        let totalWidth = table.cells.cells(inRow: totalIndex).count
        let items = (0..<table.cells.count).filter { row in
            TableCells.classCode(table.cells, row: row) != nil || kinds[row].isClassName
        }
        guard items.count >= 2 else { return nil }
        let subject = "tables[\(index)]"
        var parts: [Amount] = []
        parts.reserveCapacity(items.count + 1)
        columns: for column in 0..<totalWidth {
            guard let total = cells.amount(table: index, row: totalIndex, column: column) else { continue }
            parts.removeAll(keepingCapacity: true)
            for row in items {
                guard let part = cells.amount(table: index, row: row, column: column) else { continue columns }
                parts.append(part)
            }
            let comparison = BandComparison(
                expected: total,
                actual: Amount.sum(parts),
                tolerance: tolerance.band(for: parts + [total])
            )
            let relation = Relation(
                stated: ("The total row of table \(index) (column \(column + 1))", "表\(index)合计行第\(column + 1)列"),
                parts: ("its class rows", "各类级科目之和"),
                unitZh: ""
            )
            if let finding = relation.finding(
                comparison,
                subject: subject,
                evidence: [EvidenceReference(path: subject, span: table.span)]
            ) {
                var finding = finding
                finding.severity = .info
                return finding
            }
        }
        return nil
    }
}
