/// `table.emptyNote`: a "本表为空表" / "无数据" note next to a table that has figures, or the reverse (needs tables).
///
/// A note on a table with a non-zero figure is a violation (one of them is wrong); a table with no non-zero figure
/// and no note is a note too (the rules ask empty tables to say why, 空表说明). The note is looked for in the
/// title and the cells. Subject `tables[<index>]`. Silent without tables.
///
/// - Important: tables come from HTML or from a PDF's text layer, whose plain rendering can split, merge or misalign
///   cells; the corpus labels table-only findings as debatable. Violations are therefore `info` by default;
///   `config/rules.yaml` raises them (`severity: error`) where tables are known to be clean.
public struct TableEmptyNoteRule: Rule {
    public let id = "table.emptyNote"
    public let subjects = ["tables[<index>]", "threePublic", "governmentFund", "stateCapital"]

    /// Creates the rule.
    public init() {}

    /// Record blocks that standard tables stand for.
    static let blockPaths: [StandardTable?: String] = [
        .threePublic: "threePublic", .governmentFund: "governmentFund", .stateCapital: "stateCapital",
    ]

    static let notes: [[UInt8]] = ["本表为空", "此表为空", "空表", "无数据", "无相关数据", "本表无"].map { Array($0.utf8) }

    /// Whether the UTF-8 `bytes` (valid) hold one of ``notes``.
    static func hasNote(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Every note has 空 (E7 A9 BA) or 无 (E6 97 A0): one pass turns down a cell without either.
        guard mayHaveNote(bytes) else { return false }
        return notes.contains { TextSearch.contains($0, in: bytes) }
    }

    /// Whether `text` holds one of ``notes``.
    static func hasNote(_ text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            // Every note has 空 (E7 A9 BA) or 无 (E6 97 A0): one pass turns down a cell without either.
            guard mayHaveNote(bytes) else { return false }
            return notes.contains { TextSearch.contains($0, in: bytes) }
        }
        if let found { return found }
        return notes.contains { TextSearch.contains($0, inUTF8: text) }
    }

    /// Whether `bytes` hold 空 or 无, which every one of ``notes`` has (``forEachNoteCharacter(_:_:)``).
    static func mayHaveNote(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        forEachNoteCharacter(bytes) { _ in false }
    }

    /// Calls `body` with the offset of every 空 and 无 in `bytes` (valid UTF-8), in order, until it returns false;
    /// returns whether it did (false when every one was visited).
    ///
    /// Sixteen bytes a step: 空 is the only scalar whose UTF-8 starts E7 A9 BA, 无 E6 97 A0, and in valid UTF-8 an
    /// E7 or E6 is always a lead byte, so a pair of lead and second byte in one SSE2 compare of the bytes and the
    /// bytes one further finds every candidate; the third byte is checked for each. The last bytes go one by one
    /// (as ``mayHaveNoteByScalars(_:from:)``, the reference the test compares with, does).
    @inline(__always)
    static func forEachNoteCharacter(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        let raw = UnsafeRawPointer(base)
        var index = 0
        // Each step reads bytes index…index+16 (the pair at index+15 needs the byte after it).
        while index &+ 17 <= count {
            let first = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            let second = raw.loadUnaligned(fromByteOffset: index &+ 1, as: SIMD16<UInt8>.self)
            let pairs =
                (first .== SIMD16<UInt8>(repeating: 0xE7)) .& (second .== SIMD16<UInt8>(repeating: 0xA9))
                .| (first .== SIMD16<UInt8>(repeating: 0xE6)) .& (second .== SIMD16<UInt8>(repeating: 0x97))
            let lanes = unsafeBitCast(pairs, to: SIMD2<UInt64>.self)
            if lanes[0] | lanes[1] != 0 {
                for half in 0..<2 {
                    // Eight bits a lane: the lowest set lane first, then cleared.
                    var bits = lanes[half]
                    while bits != 0 {
                        let lane = bits.trailingZeroBitCount &>> 3
                        bits &= ~(0xFF &<< UInt64(lane &<< 3))
                        let at = index &+ half &* 8 &+ lane
                        guard at &+ 2 < count else { continue }
                        let third = bytes[at &+ 2]
                        if bytes[at] == 0xE7 ? third == 0xBA : third == 0xA0, !body(at) { return true }
                    }
                }
            }
            index &+= 16
        }
        // Where the blocks stopped may be inside a scalar: its continuation bytes are below 0xC0, stepped over one
        // by one, never taken for a lead.
        while index < count, bytes[index] & 0xC0 == 0x80 { index &+= 1 }
        // Scalar by scalar (a lead byte starts each step), as ``mayHaveNoteByScalars(_:from:)`` steps.
        while index &+ 2 < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index &+= 1
                continue
            }
            if lead == 0xE7, bytes[index &+ 1] == 0xA9, bytes[index &+ 2] == 0xBA, !body(index) { return true }
            if lead == 0xE6, bytes[index &+ 1] == 0x97, bytes[index &+ 2] == 0xA0, !body(index) { return true }
            index &+= lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        }
        return false
    }

    /// ``mayHaveNote(_:)`` scalar by scalar from `start` (a scalar boundary).
    static func mayHaveNoteByScalars(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Bool {
        // Stepped scalar by scalar (a cell is valid UTF-8, where 空 and 无 can only start at a lead byte).
        var index = start
        while index + 2 < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            if lead == 0xE7, bytes[index + 1] == 0xA9, bytes[index + 2] == 0xBA { return true }
            if lead == 0xE6, bytes[index + 1] == 0x97, bytes[index + 2] == 0xA0 { return true }
            index += lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        }
        return false
    }

    /// Whether a cell of table `index` holds one of ``notes``; only text cells are read (a number, digits and
    /// separators, holds none).
    static func cellsHaveNote(_ table: DocumentTable, index: Int, cells: TableCellIndex) -> Bool {
        // The index's cells of the table are the table's cells, in the same order.
        let first = cells.cellRange(table: index).lowerBound
        return table.cells.withCells { bytes, cellEnds, _ in
            // Most tables hold no 空 and no 无 at all: one scan of all their cells' bytes turns them down.
            guard mayHaveNote(bytes) else { return false }
            // Every note holds one 空 or 无 (its anchor): each one found in the table's bytes (valid UTF-8, one cell
            // after another, so neither character spans two cells) is matched against the notes anchored on it,
            // within its cell if that is a text cell. A label such as 国土空间规划 costs a few compares, not a search
            // of its cell for six notes.
            var cell = 0
            return forEachNoteCharacter(bytes) { at in
                while cellEnds[cell] <= at { cell &+= 1 }
                guard cells.cells[first &+ cell].isText else { return true }
                let start = cell == 0 ? 0 : cellEnds[cell &- 1]
                return !noteAnchored(at: at, in: bytes, from: start, to: cellEnds[cell])
            }
        }
    }

    /// ``notes`` with the offset of the 空 or 无 in each (each holds one of them), and its lead byte (E7: 空, E6: 无).
    static let anchoredNotes: [(note: [UInt8], anchor: Int, lead: UInt8)] = notes.map { note in
        let anchor =
            (0..<max(0, note.count - 2)).first { at in
                (note[at] == 0xE7 && note[at + 1] == 0xA9 && note[at + 2] == 0xBA)
                    || (note[at] == 0xE6 && note[at + 1] == 0x97 && note[at + 2] == 0xA0)
            } ?? 0
        return (note, anchor, note[anchor])
    }

    /// Whether one of ``notes`` holds the 空 or 无 at `at` in `bytes[from..<to]` as its anchor.
    static func noteAnchored(at: Int, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        let lead = bytes[at]
        for entry in anchoredNotes where entry.lead == lead {
            let start = at &- entry.anchor
            let end = start &+ entry.note.count
            guard start >= from, end <= to else { continue }
            let written = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if entry.note.withUnsafeBufferPointer({ TableCells.bytesEqual(written, $0) }) { return true }
        }
        return false
    }

    public func check(_ context: RuleContext) -> [Finding] {
        context.record.tables.enumerated().compactMap { index, table in
            let cells = context.tableCells
            let hasFigures = cells.cells[cells.cellRange(table: index)].contains {
                $0.amount.map { !$0.isZero } ?? false
            }
            // The notes the table detector kept under the table (`注：本表为空`) are the table's own.
            let noted =
                TableEmptyNoteRule.hasNote(table.title ?? "")
                || TableEmptyNoteRule.cellsHaveNote(table, index: index, cells: cells)
                || table.notes.contains(where: TableEmptyNoteRule.hasNote)
            // The record block a standard table stands for names it best (`threePublic`); else its index.
            let subject = TableEmptyNoteRule.blockPaths[table.standard] ?? "tables[\(index)]"
            let name = table.title ?? "table \(index)"
            let evidence = [EvidenceReference(path: subject, span: table.span)]
            if noted && hasFigures {
                return Finding(
                    subject: subject,
                    severity: .info,
                    message: "\(name) is noted as empty but has figures.",
                    messageZh: "\(name)注明为空表，但表中有数据。",
                    evidence: evidence
                )
            }
            if !noted && !hasFigures && !table.cells.isEmpty {
                return Finding(
                    subject: subject,
                    severity: .info,
                    message: "\(name) has no figures and no note saying why.",
                    messageZh: "\(name)无数据，且未作空表说明。",
                    evidence: evidence
                )
            }
            return nil
        }
    }
}
