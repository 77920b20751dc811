/// Reads 三公 tables that web pages render one cell per line, each cell closed by `|`:
///
/// ```
/// 项目 |        预算数 |   决算数 |
/// 合计 |        246 |      167.37 |
/// 公务接待费 |  1 |        2.14 |
/// ```
///
/// The header is the run of text cells before the first row label; each row is a label and one value per header
/// column. A column's header says what its values are: 决算数 / 支出 the amount, 预算数 the budget (final accounts;
/// the amount in a budget), 增减 / 减少情况 the change, 增减率 / 减少率 the change percentage. Tables run after the
/// prose, so what the text states wins.
enum ThreePublicTableReader {
    private static let threePublicWord = Array("三公".utf8)
    private static let unitYuan = Array("单位:元".utf8)
    private static let yuanHeader = Array("(元)".utf8)

    /// One cell and where it is.
    private struct Cell {
        var text: [UInt8]
        var span: TextSpan
        var isValue: Bool
    }

    /// Reads every 三公 table of `bytes` into `record`.
    static func read(_ bytes: [UInt8], isFinal: Bool, into record: inout DisclosureRecord) {
        // Only a line that ends with `|` is a cell: a text without one (most) has no such table, and one memchr
        // says so where the line walk below would look at every line.
        guard ByteScan.firstIndex(of: UInt8(ascii: "|"), in: bytes, range: 0..<bytes.count) != nil else { return }
        var run: [Cell] = []
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = ByteScan.firstIndex(of: 0x0A, in: bytes, range: lineStart..<bytes.count) ?? bytes.count
            var upper = lineEnd
            while upper > lineStart && ByteScan.isSpace(bytes[upper - 1]) { upper -= 1 }
            if upper > lineStart && bytes[upper - 1] == UInt8(ascii: "|") {
                var lower = lineStart
                var cellEnd = upper - 1
                while lower < cellEnd && ByteScan.isSpace(bytes[lower]) { lower += 1 }
                while cellEnd > lower && ByteScan.isSpace(bytes[cellEnd - 1]) { cellEnd -= 1 }
                if cellEnd > lower {
                    let text = Array(bytes[lower..<cellEnd])
                    run.append(Cell(text: text, span: TextSpan(start: lower, end: cellEnd), isValue: isValue(text)))
                }
            } else if upper > lineStart || lineEnd >= bytes.count {
                if run.count >= 4 { readTable(run, bytes: bytes, isFinal: isFinal, into: &record) }
                run = []
            }
            lineStart = lineEnd + 1
        }
        if run.count >= 4 { readTable(run, bytes: bytes, isFinal: isFinal, into: &record) }
    }

    private static func readTable(_ cells: [Cell], bytes: [UInt8], isFinal: Bool, into record: inout DisclosureRecord) {
        guard let firstValue = cells.firstIndex(where: \.isValue), firstValue >= 3 else { return }
        let columns = firstValue - 1
        let headers = cells[0..<columns].map(\.text)
        let tableSpan = TextSpan(start: cells[0].span.start, end: cells[cells.count - 1].span.end)
        let contextStart = max(0, tableSpan.start - 400)
        let context = contextStart..<tableSpan.start
        let inYuan =
            ByteScan.contains(unitYuan, in: bytes, range: context)
            || headers.contains { ByteScan.contains(yuanHeader, in: $0, range: 0..<$0.count) }
        var index = columns
        var rows: [(FinanceSlot.ThreePublicItem, ArraySlice<Cell>)] = []
        while index + columns <= cells.count {
            let label = cells[index]
            let values = cells[(index + 1)..<(index + columns)]
            guard !label.isValue, values.allSatisfy(\.isValue) else { break }
            if let item = item(label.text) { rows.append((item, values)) }
            index += columns
        }
        // A 三公 table names 三公 in its title or lists at least two of its items.
        let named = ByteScan.contains(threePublicWord, in: bytes, range: context)
        guard rows.count >= 2 || (named && !rows.isEmpty) else { return }
        for (item, values) in rows {
            for (column, cell) in zip(1..<columns, values) {
                guard let field = field(headers[column], isFinal: isFinal) else { continue }
                guard let (value, isPercent) = number(cell.text) else { continue }
                let figure: Amount
                switch field.field {
                case .changePercent:
                    guard isPercent else { continue }
                    figure = field.negative ? value.negated : value
                default:
                    guard !isPercent else { continue }
                    let converted = inYuan ? value.shifted(by: -4) : value
                    guard let converted else { continue }
                    figure = field.negative ? converted.negated : converted
                }
                FinanceRecordWriter.write(
                    Figure(figure, evidence: tableSpan),
                    to: .threePublic(item),
                    field: field.field,
                    isFinal: isFinal,
                    record: &record
                )
            }
        }
    }

    /// The 三公 item a row label names (`合计` is the total).
    private static func item(_ label: [UInt8]) -> FinanceSlot.ThreePublicItem? {
        // The terms as the sentence scan cuts them: the merged lexicon's longest term at each position.
        let lexicon = FinanceMarks.shared.lexicon
        var offset = 0
        while offset < label.count {
            if let mark = lexicon.longestMatch(in: label, at: offset)?.value, case .label(let kind) = mark.term {
                switch kind {
                case .threePublicTotal: return .total
                case .outboundTravel: return .outboundTravel
                case .reception: return .reception
                case .vehicleCombined: return .vehicleCombined
                case .vehicleOperation: return .vehicleOperation
                case .vehiclePurchase: return .vehiclePurchase
                default: break
                }
                offset += Int(mark.termLength)
                continue
            }
            offset += ByteScan.scalarLength(label, at: offset)
        }
        let text = String(decoding: label, as: UTF8.self)
        return text == "合计" || text == "总计" ? .total : nil
    }

    /// What a column holds, from its header.
    private static func field(_ header: [UInt8], isFinal: Bool) -> (field: FinanceField, negative: Bool)? {
        let text = String(decoding: header, as: UTF8.self)
        let negative = text.contains("减少") || text.contains("下降")
        if text.contains("率") || text.contains("%") || text.contains("幅") {
            return (.changePercent, negative)
        }
        if text.contains("增减") || text.contains("增加") || text.contains("减少") || text.contains("变动")
            || text.contains("比上年")
        {
            return (.change, negative)
        }
        if text.contains("预算") && !text.contains("决算") { return (isFinal ? .budget : .amount, false) }
        if text.contains("决算") || text.contains("支出") || text.contains("金额") { return (.amount, false) }
        return nil
    }

    /// Whether a cell is a value: a number, a percentage, or a placeholder (`-`, `—`, `无`).
    private static func isValue(_ text: [UInt8]) -> Bool {
        if number(text) != nil { return true }
        let string = String(decoding: text, as: UTF8.self)
        return string == "-" || string == "—" || string == "--" || string == "无" || string == "/"
    }

    /// A cell's number and whether it is a percentage.
    private static func number(_ text: [UInt8]) -> (Amount, Bool)? {
        var digits = text[...]
        let isPercent = digits.last == UInt8(ascii: "%")
        if isPercent { digits = digits.dropLast() }
        guard let value = Amount(utf8: digits) else { return nil }
        return (value, isPercent)
    }
}
