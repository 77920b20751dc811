/// Lines up a table's rows into columns, so that an empty cell stays empty instead of shifting the amounts after
/// it one column to the left.
///
/// A row is read as segments: a label (codes and words) followed by amounts. The first label is column 0; every
/// amount goes to the column whose cells end at the same display column (amounts are right-aligned), and a label
/// after amounts (the expenditure half of a 收支总表) to the column whose labels start where it starts. A label
/// that wrapped onto lines of its own (`其他政府办公厅（室）及相关机构事` / row / `务支出`) is joined into its row.
enum TableGrid {
    /// One column of the grid.
    private struct Column {
        /// Numbers (matched by right edge) or labels (matched by left edge).
        var isNumber: Bool
        /// The edge cells are matched on.
        var edges: [Int]
        /// Leftmost start of the cells in it, to order the columns.
        var start: Int

        var edge: Int { edges.sorted()[edges.count / 2] }
    }

    /// A label and the amounts after it.
    private struct Segment {
        var label: String
        var labelStart: Int
        var numbers: [LayoutCell]
    }

    /// The aligned rows: each is `[code, label, …]` (`[label, …]` when the table has no codes) with one entry
    /// per column.
    static func align(_ body: [LayoutRow]) -> [[String]] {
        // Where row labels start: the first words of the rows with amounts.
        let labelStarts = body.compactMap { row in row.hasNumber ? row.cells.first { $0.kind == .text }?.start : nil }
        let leftStart = labelStarts.isEmpty ? 0 : labelStarts.sorted()[labelStarts.count / 2]
        // Rows with amounts, rows of several labels (the empty lines of a 收支总表) and a label standing in a
        // right-hand column are rows; a single label at the left, alone on its line, is a wrapped part of a
        // neighbour's label.
        let segmented = body.map { row -> [Segment]? in
            let isRow = row.hasNumber || row.cells.count >= 2 || (row.cells.first?.start ?? 0) > leftStart + 8
            return isRow ? segments(of: row) : nil
        }
        var columns = buildColumns(segmented.compactMap { $0 }, leftStart: leftStart)
        columns.sort { $0.start < $1.start }

        // Codes (`201`, `201 03 01`, `2010301`) get their own first column when the table has any, as printed;
        // the label follows.
        let hasCodes = body.contains { !$0.codes.isEmpty }
        let labelColumn = hasCodes ? 1 : 0
        var rows: [[String]] = []
        var pendingPrefix = ""
        // Whether the last row's own label filled its column (and has not taken its tail yet).
        var lastLabelFilled = false
        // The widest row label, in scalars: a label this wide filled its column.
        let widestLabel =
            segmented.compactMap { $0?.first }.filter { isLeft($0, leftStart: leftStart) }
            .map(\.label.unicodeScalars.count).max() ?? Int.max
        for (index, row) in body.enumerated() {
            guard let segments = segmented[index] else {
                // A wrapped label line ends the row above when that row had no label of its own (its number sat
                // between the label's two lines), else it starts the row below.
                let text = row.text
                let previousHadNoLabel =
                    index > 0 && segmented[index - 1].map { $0.first?.label.isEmpty ?? true } == true
                let nextIsRow = index + 1 < body.count && segmented[index + 1] != nil
                // In a classification table's narrow label column the row above filled the column and wrapped
                // (`机关事业单位基本养老保` / `险缴费支出`): its tail, unless the row below waits for a label of its
                // own. (Free-text tables such as procurement lists wrap too irregularly for this.)
                // A code (`22102`) is never a tail, and a label takes one tail: a line after it starts the next label.
                let nextHasNoLabel = nextIsRow && segmented[index + 1].map { $0.first?.label.isEmpty ?? true } == true
                let isTail =
                    hasCodes && lastLabelFilled && !nextHasNoLabel
                    && text.unicodeScalars.first?.properties.numericType == nil
                if !rows.isEmpty, previousHadNoLabel || !nextIsRow || isTail {
                    lastLabelFilled = false
                    rows[rows.count - 1][labelColumn] += text
                } else {
                    pendingPrefix += text
                }
                continue
            }
            var cells = Array(repeating: "", count: columns.count + 1 + labelColumn)
            var firstLabel = ""
            for (segmentIndex, segment) in segments.enumerated() {
                if !segment.label.isEmpty {
                    if segmentIndex == 0, isLeft(segment, leftStart: leftStart) {
                        firstLabel = segment.label
                    } else if let slot = nearest(columns, edge: segment.labelStart, isNumber: false),
                        segmentIndex > 0 || abs(columns[slot].edge - segment.labelStart) <= 6
                    {
                        append(segment.label, to: &cells[slot + 1 + labelColumn])
                    } else {
                        firstLabel = segment.label
                    }
                }
                for number in segment.numbers {
                    if let slot = nearest(columns, edge: number.end, isNumber: true) {
                        append(number.text, to: &cells[slot + 1 + labelColumn])
                    }
                }
            }
            // The row's own label decides whether it filled its column; the wrapped prefix is added after.
            let pendingLabel = pendingPrefix
            pendingPrefix = ""
            if hasCodes { cells[0] = row.codes.joined(separator: " ") }
            lastLabelFilled = firstLabel.unicodeScalars.count >= widestLabel - 1
            if !pendingLabel.isEmpty { firstLabel = pendingLabel + firstLabel }
            cells[labelColumn] = firstLabel
            rows.append(cells)
        }
        return rows
    }

    /// Whether a row's first label stands in the row-label column (rather than a right-hand label column).
    private static func isLeft(_ segment: Segment, leftStart: Int) -> Bool {
        segment.labelStart <= leftStart + 8
    }

    private static func append(_ text: String, to cell: inout String) {
        cell = cell.isEmpty ? text : cell + " " + text
    }

    /// Splits a row into segments; the codes at its start are not part of the first label.
    private static func segments(of row: LayoutRow) -> [Segment] {
        var segments: [Segment] = []
        var current = Segment(label: "", labelStart: 0, numbers: [])
        var started = false
        for cell in row.cells {
            switch cell.kind {
            case .code:
                continue
            case .text:
                // Each label after the first starts a segment, with or without amounts of its own.
                if !current.numbers.isEmpty || !current.label.isEmpty {
                    segments.append(current)
                    current = Segment(label: "", labelStart: cell.start, numbers: [])
                }
                if current.label.isEmpty {
                    current.labelStart = cell.start
                    current.label = cell.text
                } else {
                    current.label += " " + cell.text
                }
            case .number:
                current.numbers.append(cell)
            }
            started = true
        }
        if started { segments.append(current) }
        return segments
    }

    /// Clusters the amounts' right edges and the later labels' left edges into columns.
    private static func buildColumns(_ rows: [[Segment]], leftStart: Int) -> [Column] {
        var numberCells: [LayoutCell] = []
        var labelStarts: [Int] = []
        for segments in rows {
            for (index, segment) in segments.enumerated() {
                numberCells.append(contentsOf: segment.numbers)
                if !segment.label.isEmpty, index > 0 { labelStarts.append(segment.labelStart) }
            }
        }
        var columns: [Column] = []
        for cell in numberCells.sorted(by: { $0.end < $1.end }) {
            if let last = columns.last, last.isNumber, cell.end - last.edges.last! <= 2 {
                columns[columns.count - 1].edges.append(cell.end)
                columns[columns.count - 1].start = min(last.start, cell.start)
            } else {
                columns.append(Column(isNumber: true, edges: [cell.end], start: cell.start))
            }
        }
        var labelColumns: [Column] = []
        for start in labelStarts.sorted() {
            if let last = labelColumns.last, start - last.edges.last! <= 4 {
                labelColumns[labelColumns.count - 1].edges.append(start)
            } else {
                labelColumns.append(Column(isNumber: false, edges: [start], start: start))
            }
        }
        return columns + labelColumns
    }

    /// The column of the given kind whose edge is closest to `edge`.
    private static func nearest(_ columns: [Column], edge: Int, isNumber: Bool) -> Int? {
        var best: (index: Int, distance: Int)? = nil
        for (index, column) in columns.enumerated() where column.isNumber == isNumber {
            let distance = abs(column.edge - edge)
            if best == nil || distance < best!.distance { best = (index, distance) }
        }
        return best?.index
    }
}
