/// Checks a table's total row against its items, column by column: the class-level rows (3-digit codes, 类 or
/// 经济分类 类) must add up to the `合计` / `总计` row.
///
/// Amounts are exact; the band is the sum of the half-units of every amount as written (SPEC §6 interval
/// reasoning), so a table written to the cent in 元 must agree to ±(n + 1) × 0.005 元.
public enum TableSumCheck {
    /// The outcome for one column of one table.
    public struct Finding: Sendable, Equatable {
        /// The column, counted from 0 (the code or label column).
        public var column: Int
        /// The total row's label as written.
        public var totalLabel: String
        /// The total the table states.
        public var stated: Amount
        /// What the items add up to.
        public var sum: Amount
        /// How many item rows were added.
        public var itemCount: Int
        /// The rounding band the two may differ by.
        public var tolerance: Amount

        /// `sum - stated`.
        public var difference: Amount { sum - stated }
        /// Whether the sum equals the total exactly.
        public var isExact: Bool { difference.isZero }
        /// Whether the difference is within the rounding band.
        public var isWithinTolerance: Bool { difference.magnitude <= tolerance }
    }

    /// Checks every amount column of a table that lists classification codes; empty for other tables.
    public static func check(_ table: DocumentTable) -> [Finding] {
        let body = table.rows.dropFirst(table.headerRowCount)
        guard let totalRow = body.first(where: isTotalRow) else { return [] }
        let items = body.filter { isClassRow($0) }
        guard !items.isEmpty else { return [] }
        var findings: [Finding] = []
        for column in totalRow.indices {
            guard let stated = TableAmount.parse(totalRow[column]) else { continue }
            var sum = Amount.zero
            var tolerance = stated.halfUnit
            for item in items where column < item.count {
                guard let amount = TableAmount.parse(item[column]) else { continue }
                sum = sum + amount
                tolerance = tolerance + amount.halfUnit
            }
            findings.append(
                Finding(
                    column: column,
                    totalLabel: label(of: totalRow) ?? "",
                    stated: stated,
                    sum: sum,
                    itemCount: items.count,
                    tolerance: tolerance
                )
            )
        }
        return findings
    }

    /// A `合计` / `总计` row with no code.
    static func isTotalRow(_ row: [String]) -> Bool {
        guard let label = label(of: row), code(of: row) == nil else { return false }
        let squeezed = LayoutTableDetector.squeezed(label)
        return squeezed.hasSuffix("合计") || squeezed.hasSuffix("总计")
    }

    /// A row with a 3-digit class code and no sub-level code.
    static func isClassRow(_ row: [String]) -> Bool {
        code(of: row)?.count == 3
    }

    /// The row's code (its digits run together: `201`, `2010301`), from a code cell or the label's start.
    static func code(of row: [String]) -> String? {
        guard let first = row.first else { return nil }
        return leadingCode(first)
    }

    /// The row's label: its first cell with words.
    static func label(of row: [String]) -> String? {
        row.first { cell in
            !cell.isEmpty && TableAmount.parse(cell) == nil
                && cell.unicodeScalars.contains { !($0.value >= 0x30 && $0.value <= 0x39) && $0 != " " }
        }
    }

    /// The code at the start of a label (`201`, `2010301`); a following `03 01` makes it a lower level, which is
    /// reported as the joined digits.
    static func leadingCode(_ label: String) -> String? {
        var code = String.UnicodeScalarView()
        var index = label.unicodeScalars.startIndex
        let scalars = label.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                code.append(scalar)
            } else if scalar != " " {
                break
            }
            index = scalars.index(after: index)
        }
        return code.isEmpty ? nil : String(code)
    }
}
