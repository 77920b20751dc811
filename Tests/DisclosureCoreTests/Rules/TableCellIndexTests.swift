import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// ``TableCellIndex`` (the cells read once per document for the table rules) against ``TableCells`` read cell by
/// cell, as the rules did before: same amounts, same labels, same plainness, on generated cells in ragged tables.
@Suite struct TableCellIndexTests {
    /// Tables of ``TableReadingReferenceTests/cells``, rows of 0 to 6 cells, one table with no rows.
    static let tables: [DocumentTable] = {
        let cells = TableReadingReferenceTests.cells
        var tables: [DocumentTable] = [DocumentTable(title: nil, unit: nil, rows: [], span: TextSpan(start: 0, end: 0))]
        var next = 0
        for tableIndex in 0..<40 {
            var rows: [[String]] = []
            for rowIndex in 0..<(tableIndex % 9 + 1) {
                var row: [String] = []
                for _ in 0..<((rowIndex + tableIndex) % 7) {
                    row.append(cells[next % cells.count])
                    next = next &* 31 &+ 17
                    next %= 1_000_003
                }
                rows.append(row)
            }
            tables.append(DocumentTable(title: nil, unit: nil, rows: rows, span: TextSpan(start: 0, end: 0)))
        }
        // Plainness at its edges: combining tone marks (U+302A–U+302F), half-width sound marks (U+FF9E, U+FF9F),
        // CR, scalars outside the plain ranges, and such scalars inside the cut code or list number.
        let edges = [
            "一\u{302A}", "\u{302F}", "\u{3029}计", "\u{3030}", "ｱ\u{FF9E}", "\u{FF9F}", "\u{FFEF}", "\u{FFF0}", "一\r二",
            "201\r", "\r201", "1、\u{302A}", "一、\u{302A}合计", "二\u{302A}", "（一）合计", "\u{4DBF}\u{4DC0}", "\u{33FF}",
            "\u{1F600}", "é合计", "1.é", "²", "“合计”", "\u{3000}合计\u{A0}",
        ]
        tables.append(
            DocumentTable(title: nil, unit: nil, rows: edges.map { [$0, "1"] }, span: TextSpan(start: 0, end: 0))
        )
        return tables
    }()

    @Test func cellsMatchTableCells() {
        let index = TableCellIndex(Self.tables)
        index.withLabels { labels in
            for (tableIndex, table) in Self.tables.enumerated() {
                #expect(index.rowCount(table: tableIndex) == table.rows.count)
                var all: [TableCellIndex.Cell] = []
                for (rowIndex, row) in table.rows.enumerated() {
                    let range = index.cellRange(table: tableIndex, row: rowIndex)
                    #expect(range.count == row.count)
                    for (column, text) in row.enumerated() {
                        let cell = index.cells[range.lowerBound + column]
                        all.append(cell)
                        #expect(cell.amount == TableCells.amount(text), "\(text)")
                        #expect(cell.amount?.scale == TableCells.amount(text)?.scale, "\(text)")
                        #expect(index.amount(table: tableIndex, row: rowIndex, column: column) == cell.amount)
                        #expect(cell.isEmpty == text.isEmpty)
                        #expect(cell.isText == (!text.isEmpty && TableCells.amount(text) == nil))
                        let expected = cell.isText ? TableCells.label(ofCell: text) : nil
                        let label = TableCellIndex.label(of: cell, in: labels)
                        #expect(label.map { String(decoding: $0, as: UTF8.self) } == expected, "\(text)")
                        if let label { #expect(cell.isPlain == TextSearch.isPlain(label), "\(text)") }
                    }
                    #expect(index.amount(table: tableIndex, row: rowIndex, column: row.count) == nil)
                    let first = index.firstTextCell(table: tableIndex, row: rowIndex)
                    let firstLabel = first.flatMap { TableCellIndex.label(of: $0, in: labels) }
                    #expect(firstLabel.map { String(decoding: $0, as: UTF8.self) } == TableCells.label(row), "\(row)")
                }
                #expect(index.cellRange(table: tableIndex).count == all.count)
            }
        }
    }

    @Test func noTablesMakeAnEmptyIndex() {
        let index = TableCellIndex([])
        #expect(index.cells.isEmpty && index.labels.isEmpty)
    }
}

/// ``TextTableRule/Targets/firstIndex(forUTF8:isPlain:side:)`` against the first label equal as a `String` in the
/// list every document used to build (the bare 总计 read by side), with plain labels (compared as bytes) and with a
/// label that is not plain (compared as a `String`), on records with any subset of the fixed figures.
@Suite struct TextTableTargetsTests {
    static func record(functionNames: [String]) -> DisclosureRecord {
        var record = emptyRecord()
        record.income.total = figure("10")
        record.income.grandTotal = figure("11")
        record.expenditure.total = figure("12")
        record.expenditure.grandTotal = figure("13")
        record.threePublic.reception.amount = figure("1")
        record.threePublic.outboundTravel.amount = figure("2")
        record.expenditure.byFunction = functionNames.enumerated().map { index, name in
            FunctionLine(code: nil, name: name, block: AmountBlock(amount: figure(String(index + 20))))
        }
        return record
    }

    static let probes: [String] = [
        "本年收入合计", "收入合计", "本年收入", "本年支出合计", "支出合计", "总计", "收入总计", "支出总计", "公务接待费", "因公出国(境)费",
        "因公出国(境)费用", "一般公共服务支出", "卫生健康支出", "卫生健康", "教育支出", "e\u{301}", "\u{E9}", "a", "", "合计", "收入合计 ",
        "公务接待", "社会保障和就业支出", "公务用车购置费", "公务用车运行维护费", "公务用车运行费", "公务用车购置及运行维护费",
        "公务用车购置及运行费", "本年支出 ", "支出总",
    ]

    @Test func everyFixedLabelIsPlain() {
        // The fixed labels are compared as bytes (``TextTableRule/FixedLabels``).
        for fixed in TextTableRule.FixedTarget.all {
            for label in fixed.labels {
                #expect(label.isPlain, "\(label.text)")
                #expect(Array(label.text.utf8).withUnsafeBufferPointer(TextSearch.isPlain), "\(label.text)")
            }
        }
        #expect(TextTableRule.FixedTarget.all.count == TextTableRule.Targets.fixedCount)
    }

    @Test func lookupsMatchTheStringReference() {
        let names = [
            ["一般公共服务支出", "卫生健康支出", "教育支出", "卫生健康支出"],
            ["一般公共服务支出", "\u{E9}", "社会保障和就业支出"],
            [],
        ]
        for functionNames in names {
            let record = Self.record(functionNames: functionNames)
            Self.expectLookupsMatchReference(record, probes: Self.probes, context: "\(functionNames)")
        }
    }

    @Test func hashedLookupsMatchTheStringReferenceOnGeneratedLabels() {
        // Function lines named from a pool (repeats, names equal to a fixed label, names that share their first and
        // last characters and their length: the hash's collisions), probed with every label, near misses and a few
        // that are not plain; some rounds hold a line name that is not plain (the lookup then runs in order).
        let pool = [
            "一般公共服务支出", "一般公共安全支出", "教育支出", "科学技术支出", "卫生健康支出", "卫生健康", "收入合计", "公务接待费",
            "社会保障和就业支出", "农林水支出", "住房保障支出", "节能环保支出", "一般公共预算支出", "城乡社区支出", "教(育)支出",
        ]
        let odd = ["e\u{301}", "\u{E9}", "教育\r支出", "𠀀支出"]
        var generator = SplitMix64(seed: 23)
        for round in 0..<300 {
            var names = (0..<generator.below(24)).map { _ in generator.pick(pool) }
            if round % 5 == 0 { names.insert(generator.pick(odd), at: generator.below(names.count + 1)) }
            let record = Self.record(functionNames: names)
            let targets = TextTableRule.targets(record)
            let allPlain = names.allSatisfy { Array($0.utf8).withUnsafeBufferPointer(TextSearch.isPlain) }
            #expect(targets.hasLineNotPlain == !allPlain)
            #expect(targets.lineSlots.isEmpty == (!allPlain || names.isEmpty))
            let labels = Self.reference(record).labels.map(\.label)
            var probes = Self.probes + pool + odd + labels
            for _ in 0..<20 {
                probes.append(Self.nearMiss(generator.pick(pool + labels), &generator))
            }
            Self.expectLookupsMatchReference(record, probes: probes, context: "round \(round) in \(names)")
        }
    }

    @Test func lookupsMatchTheStringReferenceOnGeneratedRecords() {
        // Records with any subset of the fixed figures and 0 to 12 function lines (some without an amount, some
        // named as a fixed label, some not plain): every label, and near misses, name the same path and figure.
        let pool = [
            "一般公共服务支出", "教育支出", "卫生健康支出", "收入合计", "公务接待费", "e\u{301}", "教(育)支出", "𠀀支出", "支出总计",
            "收入总计", "公务用车运行费", "本年支出",
        ]
        var generator = SplitMix64(seed: 71)
        for round in 0..<500 {
            var record = emptyRecord()
            func maybe(_ text: String) -> Figure? { generator.below(3) == 0 ? nil : figure(text) }
            record.income.total = maybe("10")
            record.income.grandTotal = maybe("11")
            record.expenditure.total = maybe("12")
            record.expenditure.grandTotal = maybe("13")
            record.threePublic.outboundTravel.amount = maybe("1")
            record.threePublic.reception.amount = maybe("2")
            record.threePublic.vehiclePurchase.amount = maybe("3")
            record.threePublic.vehicleOperation.amount = maybe("4")
            record.threePublic.vehicleCombined.amount = maybe("5")
            record.expenditure.byFunction = (0..<generator.below(13)).map { index in
                FunctionLine(code: nil, name: generator.pick(pool), block: AmountBlock(amount: maybe("\(index + 20)")))
            }
            let labels = Self.fixedLabels + pool
            var probes = Self.probes + labels
            for _ in 0..<10 { probes.append(Self.nearMiss(generator.pick(labels), &generator)) }
            Self.expectLookupsMatchReference(record, probes: probes, context: "round \(round)")
        }
    }

    /// Every fixed label.
    static let fixedLabels = TextTableRule.FixedTarget.all.flatMap { $0.labels.map(\.text) }

    /// A label changed a little: a character less at either end, one more, or a different middle (the same length,
    /// first and last characters: the hash's collisions).
    static func nearMiss(_ text: String, _ generator: inout SplitMix64) -> String {
        let label = Array(text)
        guard !label.isEmpty else { return "x" }
        switch generator.below(4) {
        case 0: return String(label.dropLast())
        case 1: return String(label.dropFirst())
        case 2: return String(label) + String(generator.pick(label))
        default:
            var changed = label
            if changed.count > 2 { changed[changed.count / 2] = generator.pick(Array("的和为公支收")) }
            return String(changed)
        }
    }

    /// The targets as every document listed them before the fixed labels were hashed once: each target with a
    /// figure in order (the four totals, the function lines, the 三公 items), its path and figure, and every
    /// label with its target. The reference for the lookups: a label names the target of the first label equal
    /// to it as a `String`.
    private static func reference(
        _ record: DisclosureRecord
    ) -> (list: [(path: String, figure: Figure)], labels: [(label: String, target: Int)]) {
        var list: [(path: String, figure: Figure)] = []
        var labels: [(label: String, target: Int)] = []
        func add(_ names: [String], _ path: String, _ figure: Figure?) {
            guard let figure else { return }
            list.append((path, figure))
            for name in names { labels.append((name, list.count - 1)) }
        }
        add(["本年收入合计", "收入合计", "本年收入"], "income.total", record.income.total)
        add(["本年支出合计", "支出合计", "本年支出"], "expenditure.total", record.expenditure.total)
        add(["收入总计"], "income.grandTotal", record.income.grandTotal)
        add(["支出总计"], "expenditure.grandTotal", record.expenditure.grandTotal)
        for line in record.expenditure.byFunction {
            add([line.name], "expenditure.byFunction[" + line.name + "].amount", line.block.amount)
        }
        let three = record.threePublic
        add(["因公出国(境)费", "因公出国(境)费用"], "threePublic.outboundTravel.amount", three.outboundTravel.amount)
        add(["公务接待费"], "threePublic.reception.amount", three.reception.amount)
        add(["公务用车购置费"], "threePublic.vehiclePurchase.amount", three.vehiclePurchase.amount)
        add(["公务用车运行维护费", "公务用车运行费"], "threePublic.vehicleOperation.amount", three.vehicleOperation.amount)
        add(["公务用车购置及运行维护费", "公务用车购置及运行费"], "threePublic.vehicleCombined.amount", three.vehicleCombined.amount)
        return (list, labels)
    }

    /// Every probe, on both sides of a table, finds what the `String` reference finds: the target of the first label
    /// equal to it ("总计" stands for "收入总计" on the income side and "支出总计" on the expenditure side), the same
    /// path and figure.
    private static func expectLookupsMatchReference(_ record: DisclosureRecord, probes: [String], context: String) {
        let targets = TextTableRule.targets(record)
        let reference = Self.reference(record)
        for probe in probes {
            for side in 0..<2 {
                var text = probe
                if text == "总计" { text = side == 0 ? "收入总计" : "支出总计" }
                let expected = reference.labels.first { $0.label == text }.map { reference.list[$0.target] }
                let bytes = Array(probe.utf8)
                let found = bytes.withUnsafeBufferPointer { label in
                    targets.firstIndex(forUTF8: label, isPlain: TextSearch.isPlain(label), side: side).map {
                        targets.target($0, in: record)
                    }
                }
                #expect(found?.path == expected?.path, "\(context): \(probe) side \(side)")
                #expect(found?.figure == expected?.figure, "\(context): \(probe) side \(side)")
            }
        }
    }
}
