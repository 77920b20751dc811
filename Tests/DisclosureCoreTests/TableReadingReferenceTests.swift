import Testing

@testable import DisclosureCore

/// The byte-level table cell readers (amounts, labels, class codes, units, empty-table notes, the title pre-check)
/// against the `String`-level code they replaced, kept here as the reference: same answers on generated cells.
@Suite struct TableReadingReferenceTests {
    /// Cells built from the pieces table cells are made of, deterministic (a linear congruential generator).
    static let cells: [String] = {
        let pieces = [
            "0", "1", "2", "3", "9", "00", "201", "20101", "1,097,073.43", ",", ".", " ", "  ", "-", "+", "(", ")",
            "（", "）", "−", "－", "１", "２", "０", "．", "，", "%", "合计", "总计", "一", "二", "、", "一般公共服务支出",
            "卫生健康支出", "\u{3000}", "\u{A0}", "\"", "“", "”", "单位", "：", ":", "元", "万元", "亿元", "千元", "本表为空",
            "无数据", "空", "无", "表", "续表", "（续）", "。", "e\u{301}", "\u{F900}", "Ⅳ", "²", "½", "〇", "零", "廿",
            "\r\n", "\t", "a", "项目", "\u{1F600}", "é",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var cells = pieces + ["", "1,234", "12.", "-3", "- 3", "3-", "1,23", "1,234,5", "1.234,567", "(3.50)", "()"]
        for _ in 0..<20_000 {
            var cell = ""
            for _ in 0..<(1 + next(5)) { cell += pieces[next(pieces.count)] }
            cells.append(cell)
        }
        return cells
    }()

    @Test func amountsMatchTheReference() {
        for cell in Self.cells {
            #expect(TableCells.amount(cell) == Reference.cellAmount(cell), "\(cell)")
            #expect(TableCells.amount(cell)?.scale == Reference.cellAmount(cell)?.scale, "\(cell)")
            #expect(TableAmount.parse(cell) == Reference.tableAmount(cell), "\(cell)")
            #expect(TableAmount.parse(cell)?.scale == Reference.tableAmount(cell)?.scale, "\(cell)")
        }
    }

    @Test func labelsMatchTheReference() {
        for (index, cell) in Self.cells.enumerated() {
            let row = [cell, Self.cells[(index * 7 + 3) % Self.cells.count]]
            #expect(TableCells.label(row) == Reference.label(row), "\(row)")
            #expect(TableCells.classCode(row) == Reference.classCode(row), "\(row)")
        }
    }

    /// ``TableCellIndex``, which normalizes labels straight into one buffer the size of the cells' bytes, against the
    /// `String` reference: same amounts and labels, cell by cell, on the generated cells in tables of ragged rows.
    @Test func cellIndexMatchesTheReference() {
        var tables: [DocumentTable] = []
        var next = 0
        while next < Self.cells.count {
            var rows: [[String]] = []
            for rowIndex in 0..<(tables.count % 11 + 1) {
                let width = (rowIndex + tables.count) % 6
                rows.append(Array(Self.cells[min(next, Self.cells.count)..<min(next + width, Self.cells.count)]))
                next += width
            }
            next += 1
            tables.append(DocumentTable(title: nil, unit: nil, rows: rows, span: TextSpan(start: 0, end: 0)))
        }
        let index = TableCellIndex(tables)
        index.withLabels { labels in
            for (tableIndex, table) in tables.enumerated() {
                for (rowIndex, row) in table.rows.enumerated() {
                    let range = index.cellRange(table: tableIndex, row: rowIndex)
                    #expect(range.count == row.count)
                    for (column, text) in row.enumerated() {
                        let cell = index.cells[range.lowerBound + column]
                        let amount = Reference.cellAmount(text)
                        #expect(cell.amount == amount && cell.amount?.scale == amount?.scale, "\(text)")
                        let label = TableCellIndex.label(of: cell, in: labels).map {
                            String(decoding: $0, as: UTF8.self)
                        }
                        let expected = !text.isEmpty && amount == nil ? Reference.label([text]) : nil
                        #expect(label == expected, "\(text)")
                    }
                }
            }
        }
    }

    /// ``TableEmptyNoteRule/mayHaveNote(_:)`` (sixteen bytes a step) against its scalar-by-scalar reference, on
    /// valid UTF-8 of 0 to 80 bytes with 空 and 无, their look-alikes (same lead, other second or third byte) and
    /// scalars of one to four bytes at every offset, across the block edges; and ``TableEmptyNoteRule/hasNote(_:)``
    /// against the `String` reference on the same texts.
    @Test func noteBlockScanMatchesTheScalarScan() {
        let pieces = [
            "空", "无", "穷", "旡", "日", "収", "a", "1", " ", "é", "合计", "本表为空", "无数据", "\u{1F600}", "\u{E7}", "\u{E6}",
            "\u{797A}", "\u{65E0}", "\u{7A7F}", "\u{65DF}",
        ]
        var state: UInt64 = 0xD1B5_4A32_D192_ED03
        for _ in 0..<20_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bits = state
            for _ in 0..<Int(bits % 24) {
                bits = bits &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((bits >> 33) % UInt64(pieces.count))]
            }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                #expect(
                    TableEmptyNoteRule.mayHaveNote(buffer) == TableEmptyNoteRule.mayHaveNoteByScalars(buffer),
                    "\(text)"
                )
            }
            #expect(TableEmptyNoteRule.hasNote(text) == Reference.hasNote(text), "\(text)")
        }
    }

    /// Labels of scalars on either side of the UTF-8 lead bytes E5–E9 (U+5000–U+9FFF, copied without the
    /// per-scalar checks), mixed with the marks and numerals the label reader treats apart.
    @Test func ideographLabelsMatchTheReference() {
        let scalars: [UInt32] = [
            0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x4E07, 0x4FFF, 0x5000, 0x5341, 0x5FFF, 0x6000, 0x7FFF, 0x8000, 0x96F6,
            0x9FFF, 0xA000, 0xA0FF, 0x3001, 0x3000, 0xFF08, 0xFF09, 0x201C, 0x31, 0x2E, 0x20,
        ]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<5_000 {
            var cell = String.UnicodeScalarView()
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bits = state
            for _ in 0..<(1 + Int(bits % 6)) {
                bits /= 6
                cell.append(Unicode.Scalar(scalars[Int(bits % UInt64(scalars.count))])!)
                bits /= UInt64(scalars.count)
            }
            let text = String(cell)
            #expect(TableCells.label([text]) == Reference.label([text]), "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// ``TableCells/amount(utf8:)`` (unchecked while a cell has at most 18 digits) against
    /// ``TableCells/checkedAmount(utf8:)`` (``DecimalReader``'s overflow checks) on cells of 0 to 24 digits, with
    /// signs, points, separators and stray bytes.
    @Test func amountsMatchTheCheckedReader() {
        let pieces: [[UInt8]] = [
            Array("9".utf8), Array("0".utf8), Array("7".utf8), Array("999999999".utf8), Array(".".utf8),
            Array(",".utf8), Array(" ".utf8), Array("-".utf8), Array("+".utf8), Array("x".utf8),
            Array("922337203685477580".utf8), Array("1".utf8),
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bits = state >> 8
            var cell: [UInt8] = []
            for _ in 0..<(Int(bits % 5) + 1) {
                bits /= 5
                cell += pieces[Int(bits % UInt64(pieces.count))]
                bits /= UInt64(pieces.count)
            }
            cell.withUnsafeBufferPointer { bytes in
                let fast = TableCells.amount(utf8: bytes)
                let checked = TableCells.checkedAmount(utf8: bytes)
                #expect(fast == checked, "\(String(decoding: cell, as: UTF8.self))")
                #expect(fast?.scale == checked?.scale, "\(String(decoding: cell, as: UTF8.self))")
            }
        }
    }

    /// The table of numeric ideographs is the standard library's `numericType` over the ranges it covers.
    @Test func numericIdeographsMatchTheUnicodeProperty() {
        for range in TableCells.numericTableRanges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(TableCells.isNumeric(scalar) == (scalar.properties.numericType != nil), "\(value)")
            }
        }
        #expect(TableCells.isNumeric("7") && TableCells.isNumeric("Ⅳ") && !TableCells.isNumeric("a"))
    }

    @Test func unitsAndNotesMatchTheReference() {
        for cell in Self.cells {
            #expect(LayoutTableDetector.unit(in: cell) == Reference.unit(in: cell), "\(cell)")
            #expect(TableEmptyNoteRule.hasNote(cell) == Reference.hasNote(cell), "\(cell)")
        }
    }

    /// The pre-check never turns down a line the title reader takes.
    @Test func titlePrecheckKeepsEveryTitle() {
        let extra = [
            "2025年预算单位支出预算总表", "一般公共预算财政拨款支出决算表（单位：万元）", "  续表：收支总表  ", "收支总表  单位：元",
            "201一般公共预算支出表", "收支预算总表（续）", "部门收支总表 说明：无", "代表委员的意见。", "表",
        ]
        for cell in Self.cells + extra {
            let bytes = Array(cell.utf8)
            let row = LayoutRow(line: Substring(cell), range: 0..<bytes.count, page: 0)
            guard LayoutTableDetector.titleText(row) != nil else { continue }
            let kept = bytes.withUnsafeBufferPointer { LayoutLines.mayHoldTitle($0, from: 0, to: $0.count) }
            #expect(kept, "\(cell)")
        }
    }

    @Test func documentsWithoutTitleLinesHaveNoTables() {
        #expect(LayoutTableDetector.tables(in: "代表了本表的意见，见附表。\n第二行\n").isEmpty)
        #expect(!LayoutLines.anyMayHoldTitle(Array("说明：见附表。\n无\n".utf8)))
        #expect(LayoutLines.anyMayHoldTitle(Array("说明\n  收支预算总表\n".utf8)))
    }
}

/// The code the byte-level readers replaced.
private enum Reference {
    static func cellAmount(_ cell: String) -> Amount? {
        let literalBytes = cell.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ")
        }
        guard literalBytes else { return nil }
        var bytes: [UInt8] = []
        for byte in cell.utf8 where byte != UInt8(ascii: ",") && byte != UInt8(ascii: " ") { bytes.append(byte) }
        return Amount(utf8: bytes[...])
    }

    static func tableAmount(_ text: String) -> Amount? {
        var bytes: [UInt8] = []
        var negative = false
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "(" || scalars.first == "（", scalars.last == ")" || scalars.last == "）" {
            negative = true
            scalars = scalars.dropFirst().dropLast()
        }
        for scalar in scalars {
            var value = scalar.value
            if value >= 0xFF10 && value <= 0xFF19 { value -= 0xFEE0 }
            if value == 0xFF0E { value = 0x2E }
            if value == 0xFF0C { value = 0x2C }
            switch value {
            case 0x30...0x39, 0x2E: bytes.append(UInt8(value))
            case 0x2C:
                guard !bytes.isEmpty else { return nil }
                bytes.append(UInt8(value))
            case 0x2D, 0x2212, 0xFF0D:
                guard bytes.isEmpty, !negative else { return nil }
                negative = true
            default: return nil
            }
        }
        guard let first = bytes.first, first != 0x2C else { return nil }
        var digitsSinceComma = -1
        var sawPoint = false
        var plain: [UInt8] = []
        for byte in bytes {
            if byte == 0x2C {
                if sawPoint || (digitsSinceComma != -1 && digitsSinceComma != 3) { return nil }
                digitsSinceComma = 0
                continue
            }
            if byte == 0x2E {
                if digitsSinceComma != -1 && digitsSinceComma != 3 { return nil }
                sawPoint = true
                digitsSinceComma = -1
            } else if digitsSinceComma >= 0 {
                digitsSinceComma += 1
            }
            plain.append(byte)
        }
        if digitsSinceComma != -1 && digitsSinceComma != 3 { return nil }
        guard let amount = Amount(utf8: plain[...]) else { return nil }
        return negative ? amount.negated : amount
    }

    static func label(_ row: [String]) -> String? {
        guard let cell = row.first(where: { cellAmount($0) == nil && !$0.isEmpty }) else { return nil }
        var scalars = String.UnicodeScalarView()
        for scalar in cell.unicodeScalars {
            switch scalar {
            case "（": scalars.append("(")
            case "）": scalars.append(")")
            case " ", "\u{3000}", "\u{A0}", "\"", "“", "”": continue
            default: scalars.append(scalar)
            }
        }
        var text = String(scalars)
        let numeral = text.unicodeScalars.prefix { $0.properties.numericType != nil }
        let rest = text.unicodeScalars.dropFirst(numeral.count)
        let isASCIICode = !numeral.isEmpty && numeral.allSatisfy { $0.isASCII }
        if isASCIICode || rest.first == "、" || rest.first == "." {
            text = String(String.UnicodeScalarView(rest.drop { $0 == "." || $0 == "、" }))
        }
        return text.isEmpty ? nil : text
    }

    static func classCode(_ row: [String]) -> String? {
        guard let cell = row.first else { return nil }
        var view = Substring(cell)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        let first = String(view)
        guard first.utf8.count == 3, first.utf8.allSatisfy(TextSearch.isDigit) else { return nil }
        return first
    }

    static func unit(in text: String) -> String? {
        var rest = Substring(text)
        while let range = rest.firstRange(of: "单位") {
            var after = rest[range.upperBound...].drop { $0 == " " }
            if after.first == "：" || after.first == ":" {
                after = after.dropFirst().drop { $0 == " " }
                for unit in ["万元", "亿元", "千元", "元"] where after.hasPrefix(unit) { return unit }
            }
            rest = rest[range.upperBound...]
        }
        return nil
    }

    static func hasNote(_ text: String) -> Bool {
        TableEmptyNoteRule.notes.contains { TextSearch.contains($0, inUTF8: text) }
    }
}
