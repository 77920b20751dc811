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

/// ``TextTableRule/Targets/first(forUTF8:isPlain:side:)`` against the first label equal as a `String` (the bare
/// 总计 read by side), with plain labels (compared as bytes) and with a label that is not plain (compared as a `String`).
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
        "公务接待", "社会保障和就业支出",
    ]

    @Test func lookupsMatchTheStringReference() {
        let names = [
            ["一般公共服务支出", "卫生健康支出", "教育支出", "卫生健康支出"],
            ["一般公共服务支出", "\u{E9}", "社会保障和就业支出"],
        ]
        for functionNames in names {
            let targets = TextTableRule.targets(Self.record(functionNames: functionNames))
            #expect(targets.entries.count == targets.labels.count)
            Self.expectLookupsMatchReference(targets, probes: Self.probes, context: "\(functionNames)")
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
            let targets = TextTableRule.targets(Self.record(functionNames: names))
            let allPlain = targets.entries.allSatisfy(\.isPlain)
            #expect(targets.slots.isEmpty == !allPlain)
            var probes = Self.probes + pool + odd + targets.labels.map(\.label)
            for _ in 0..<20 {
                let label = Array(generator.pick(pool + targets.labels.map(\.label)))
                switch generator.below(4) {
                case 0: probes.append(String(label.dropLast()))
                case 1: probes.append(String(label.dropFirst()))
                case 2: probes.append(String(label) + String(generator.pick(label)))
                default:
                    // The same length, first and last characters: a different middle.
                    var changed = label
                    if changed.count > 2 { changed[changed.count / 2] = generator.pick(Array("的和为公支收")) }
                    probes.append(String(changed))
                }
            }
            Self.expectLookupsMatchReference(targets, probes: probes, context: "round \(round) in \(names)")
        }
    }

    /// ``TextTableRule/targets(_:)`` as it was before its fixed labels were read once (each label's bytes and
    /// plainness worked out per document): the reference for the labels, entries, bytes and paths it lists.
    private static func referenceTargets(_ record: DisclosureRecord) -> TextTableRule.Targets {
        var targets = TextTableRule.Targets()
        func add(_ labels: [String], _ prefix: String, _ name: String? = nil, _ suffix: String = "", _ figure: Figure?)
        {
            guard let figure else { return }
            let index = targets.list.count
            targets.list.append(
                TextTableRule.Target(pathPrefix: prefix, pathName: name, pathSuffix: suffix, figure: figure)
            )
            for label in labels {
                let plain = label.utf8.withContiguousStorageIfAvailable(TextSearch.isPlain) ?? false
                targets.labels.append((label, label.utf8.count, plain, index))
                targets.entries.append((targets.labelBytes.count, label.utf8.count, plain, index))
                targets.labelBytes.append(contentsOf: label.utf8)
            }
        }
        add(["本年收入合计", "收入合计", "本年收入"], "income.total", nil, "", record.income.total)
        add(["本年支出合计", "支出合计", "本年支出"], "expenditure.total", nil, "", record.expenditure.total)
        add(["收入总计"], "income.grandTotal", nil, "", record.income.grandTotal)
        add(["支出总计"], "expenditure.grandTotal", nil, "", record.expenditure.grandTotal)
        for line in record.expenditure.byFunction {
            add([line.name], "expenditure.byFunction[", line.name, "].amount", line.block.amount)
        }
        let three = record.threePublic
        add(["因公出国(境)费", "因公出国(境)费用"], "threePublic.outboundTravel.amount", nil, "", three.outboundTravel.amount)
        add(["公务接待费"], "threePublic.reception.amount", nil, "", three.reception.amount)
        add(["公务用车购置费"], "threePublic.vehiclePurchase.amount", nil, "", three.vehiclePurchase.amount)
        add(["公务用车运行维护费", "公务用车运行费"], "threePublic.vehicleOperation.amount", nil, "", three.vehicleOperation.amount)
        add(
            ["公务用车购置及运行维护费", "公务用车购置及运行费"],
            "threePublic.vehicleCombined.amount",
            nil,
            "",
            three.vehicleCombined.amount
        )
        targets.index()
        return targets
    }

    @Test func targetsMatchTheirReferenceOnGeneratedRecords() {
        // Records with any subset of the fixed figures and 0 to 12 function lines (some without an amount, some
        // named as a fixed label, some not plain): the same targets, labels, entries, bytes and slots.
        let pool = ["一般公共服务支出", "教育支出", "卫生健康支出", "收入合计", "公务接待费", "e\u{301}", "教(育)支出", "𠀀支出"]
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
            let fast = TextTableRule.targets(record)
            let reference = Self.referenceTargets(record)
            let context = "round \(round)"
            #expect(fast.list.map(\.path) == reference.list.map(\.path), "\(context)")
            #expect(fast.list.map(\.figure.value) == reference.list.map(\.figure.value), "\(context)")
            #expect(fast.labels.map(\.label) == reference.labels.map(\.label), "\(context)")
            #expect(fast.labels.map(\.count) == reference.labels.map(\.count), "\(context)")
            #expect(fast.labels.map(\.isPlain) == reference.labels.map(\.isPlain), "\(context)")
            #expect(fast.labels.map(\.target) == reference.labels.map(\.target), "\(context)")
            #expect(fast.entries.map(\.start) == reference.entries.map(\.start), "\(context)")
            #expect(fast.entries.map(\.count) == reference.entries.map(\.count), "\(context)")
            #expect(fast.entries.map(\.isPlain) == reference.entries.map(\.isPlain), "\(context)")
            #expect(fast.entries.map(\.target) == reference.entries.map(\.target), "\(context)")
            #expect(fast.labelBytes == reference.labelBytes, "\(context)")
            #expect(fast.slots == reference.slots, "\(context)")
        }
    }

    /// Every probe, on both sides of a table, finds what the `String` reference finds: the target of the first label
    /// equal to it ("总计" stands for "收入总计" on the income side and "支出总计" on the expenditure side).
    private static func expectLookupsMatchReference(
        _ targets: TextTableRule.Targets,
        probes: [String],
        context: String
    ) {
        for probe in probes {
            for side in 0..<2 {
                var text = probe
                if text == "总计" { text = side == 0 ? "收入总计" : "支出总计" }
                let expected = targets.labels.first { $0.label == text }.map { targets.list[$0.target].path }
                let bytes = Array(probe.utf8)
                let found = bytes.withUnsafeBufferPointer { label in
                    targets.first(forUTF8: label, isPlain: TextSearch.isPlain(label), side: side)?.path
                }
                #expect(found == expected, "\(context): \(probe) side \(side)")
            }
        }
    }
}
