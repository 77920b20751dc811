/// Where a record value that the prose does not state was read: one cell of one of the record's tables.
///
/// Published as `valueSources[]` (an additive v1 key): a path listed there came from the table cell named, converted
/// from the table's unit to 万元 exactly; a path not listed came from the prose.
public struct ValueSource: Sendable, Equatable {
    /// The record path filled (`expenditure.basic.amount`, `expenditure.byFunction[201].amount`).
    public var path: String
    /// The table, an index into ``DisclosureRecord/tables``.
    public var table: Int
    /// The row, an index into that table's rows.
    public var row: Int
    /// The cell, an index into that row.
    public var column: Int
    /// The cell as written (`91,016,775.35`).
    public var written: String
    /// The table's unit (`元`, `万元`).
    public var unit: String

    /// Creates a source.
    public init(path: String, table: Int, row: Int, column: Int, written: String, unit: String) {
        self.path = path
        self.table = table
        self.row = row
        self.column = column
        self.written = written
        self.unit = unit
    }
}
