import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// `table.emptyNote`'s cell scan (one scan of the table's bytes for 空 and 无, each matched against the notes
/// anchored on it within its cell) against the scan it replaced (every text cell read for the notes once the table's
/// bytes hold either), and the note characters' positions against a byte loop, on generated tables: cells of every
/// length across the sixteen-byte blocks, notes in text cells and in number cells, notes cut at a cell's edge,
/// look-alike characters, labels holding 空 (国土空间规划), empty cells.
@Suite struct TableNoteScanTests {
    static let pieces = [
        "空", "无", "穷", "旡", "日", "a", "1", " ", "é", "合计", "本表为空", "无数据", "此表为空", "空表", "无相关数据", "本表无", "\u{1F600}",
        "\u{797A}", "\u{65E0}", "万元", "公务接待费", "本表为", "此表", "表", "无相关", "数据", "为空", "国土空间规划",
    ]

    /// The positions of 空 and 无, scalar by scalar.
    static func referencePositions(_ bytes: [UInt8]) -> [Int] {
        var positions: [Int] = []
        var index = 0
        while index + 2 < bytes.count {
            let lead = bytes[index]
            if (lead == 0xE7 && bytes[index + 1] == 0xA9 && bytes[index + 2] == 0xBA)
                || (lead == 0xE6 && bytes[index + 1] == 0x97 && bytes[index + 2] == 0xA0)
            {
                positions.append(index)
            }
            index += lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        }
        return positions
    }

    @Test(arguments: 0..<4)
    func noteCharactersAreFoundWhereTheByteLoopFindsThem(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 3_141_593 &+ 1)
        for round in 0..<2_000 {
            var text = ""
            for _ in 0..<generator.below(40) { text += generator.pick(Self.pieces) }
            let bytes = Array(text.utf8)
            var found: [Int] = []
            let stopped = bytes.withUnsafeBufferPointer { buffer in
                TableEmptyNoteRule.forEachNoteCharacter(buffer) { at in
                    found.append(at)
                    return true
                }
            }
            #expect(!stopped)
            #expect(found == Self.referencePositions(bytes), "round \(round): \(text)")
            // Stopped at the first: true exactly when there is one.
            let any = bytes.withUnsafeBufferPointer { TableEmptyNoteRule.mayHaveNote($0) }
            #expect(any == !found.isEmpty, "round \(round)")
        }
    }

    @Test(arguments: 0..<4)
    func tablesAreNotedAsEveryTextCellReadSays(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 2_718_281 &+ 5)
        var noted = 0
        for round in 0..<500 {
            let rows = (0..<generator.below(6)).map { _ in
                (0..<generator.below(6)).map { _ -> String in
                    switch generator.below(5) {
                    case 0: return ""
                    case 1: return generator.pick(["12.5", "0", "1,234", "-3"])
                    default:
                        var cell = ""
                        for _ in 0..<generator.below(12) { cell += generator.pick(Self.pieces) }
                        return cell
                    }
                }
            }
            let table = DocumentTable(title: nil, unit: nil, rows: rows, span: TextSpan(start: 0, end: 0))
            // Every other round, after another table: the index's cells of this one start further on.
            let before: [DocumentTable] = round % 2 == 0 ? [] : [TableRulesTests.table([["无", "空表"], ["1", "2"]])]
            let index = TableCellIndex(before + [table])
            // The reference: every text cell, read for the notes as a `String`.
            var expected = false
            var position = index.cellRange(table: before.count).lowerBound
            for row in rows {
                for text in row {
                    if index.cells[position].isText, TableEmptyNoteRule.hasNote(text) { expected = true }
                    position += 1
                }
            }
            let found = TableEmptyNoteRule.cellsHaveNote(table, index: before.count, cells: index)
            #expect(found == expected, "round \(round): \(rows)")
            if found { noted += 1 }
        }
        print("TableNoteScanTests seed \(seed): \(noted) of 500 tables noted")
        #expect(noted > 50)
    }
}
