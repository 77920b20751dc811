/// A table's cells as the reader wrote them: every cell's UTF-8 one after another in one buffer, rows as runs of
/// cells. A table costs three arrays, not a `String` per cell and an array per row (about a third of what the
/// reader spent per cell went into those, and as much again into releasing them).
public struct HTMLTableCells: Sendable, Equatable {
    /// Every cell's UTF-8, one after another, whitespace-collapsed.
    public internal(set) var utf8: [UInt8] = []
    /// Where each cell ends in ``utf8`` (a cell starts where the one before it ends).
    public internal(set) var cellEnds: [Int] = []
    /// Where each row ends among the cells (a row starts where the one before it ends).
    public internal(set) var rowEnds: [Int] = []

    /// No rows.
    public init() {}

    /// The cells of `rows`.
    public init(rows: [[String]]) {
        for row in rows {
            for cell in row {
                utf8.append(contentsOf: cell.utf8)
                cellEnds.append(utf8.count)
            }
            rowEnds.append(cellEnds.count)
        }
    }

    /// Every row's cells as strings (made on every read).
    public var rows: [[String]] {
        var rows: [[String]] = []
        rows.reserveCapacity(rowEnds.count)
        var cell = 0
        var start = 0
        for rowEnd in rowEnds {
            var row: [String] = []
            row.reserveCapacity(rowEnd - cell)
            while cell < rowEnd {
                row.append(String(decoding: utf8[start..<cellEnds[cell]], as: UTF8.self))
                start = cellEnds[cell]
                cell += 1
            }
            rows.append(row)
        }
        return rows
    }

    /// The cells, each made valid UTF-8 the way `String` repairs it (U+FFFD for each ill-formed sequence), cell by
    /// cell: what the reader's cells were when it made a `String` of each.
    func repaired() -> HTMLTableCells {
        var out = HTMLTableCells()
        out.utf8.reserveCapacity(utf8.count)
        out.cellEnds.reserveCapacity(cellEnds.count)
        out.rowEnds = rowEnds
        var start = 0
        for end in cellEnds {
            out.utf8.append(contentsOf: String(decoding: utf8[start..<end], as: UTF8.self).utf8)
            out.cellEnds.append(out.utf8.count)
            start = end
        }
        return out
    }
}
