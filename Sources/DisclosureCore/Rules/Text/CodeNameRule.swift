/// `code.name`: a function class code agrees with its name, current or former, for the document's year.
///
/// Checks every `name(ddd类)` the text writes (`医疗卫生与计划生育支出（210类）`), every class row of the
/// document's tables (`210 | 医疗卫生与计划生育支出`) and the record's function lines that carry a code. A name that belongs to another class is an error; so is a former name written with its code
/// more than a year after it was replaced (`医疗卫生与计划生育支出` became `卫生健康支出` in 2019). A record line's code
/// may only be implied by its name, so record lines are checked for the first kind of mismatch only (a former name
/// without a written code is still that class's name). Unknown names are left alone. One event per document, on the first mismatch in text order, subject `expenditure.byFunction[<code>]`.
public struct CodeNameRule: Rule {
    public let id = "code.name"
    public let subjects = ["expenditure.byFunction[<code>]"]

    /// Creates the rule.
    public init() {}

    /// A code written next to a name.
    struct Pairing {
        var code: String
        var name: String
        var span: TextSpan
        var known: (code: String, name: FunctionClassCatalog.Name)
    }

    public func check(_ context: RuleContext) -> [Finding] {
        let year = context.record.fiscalYear
        var pairings: [Pairing] = CodeNameRule.textPairings(
            context.text.bytes,
            markers: context.textIndex.occurrences(of: CodeNameRule.marker, id: CodeNameRule.markerId)
        )
        pairings += CodeNameRule.tablePairings(context.record.tables)
        for line in context.record.expenditure.byFunction {
            guard let code = line.code, let known = FunctionClassCatalog.code(ofName: line.name) else { continue }
            let span = line.block.amount?.evidence ?? TextSpan(start: 0, end: 0)
            // Only a code that contradicts the name: an implied code makes the former-name check circular.
            guard known.code != code else { continue }
            pairings.append(Pairing(code: code, name: line.name, span: span, known: known))
        }
        pairings.sort { $0.span < $1.span }
        for pairing in pairings {
            if let finding = CodeNameRule.judge(pairing, year: year) { return [finding] }
        }
        return []
    }

    static func judge(_ pairing: Pairing, year: Int?) -> Finding? {
        let subject = "expenditure.byFunction[\(pairing.code)]"
        let evidence = [EvidenceReference(path: subject, span: pairing.span)]
        if pairing.known.code != pairing.code {
            return Finding(
                subject: subject,
                severity: .error,
                message: "Function class \(pairing.code) is written with the name \(pairing.name), which is the name "
                    + "of class \(pairing.known.code).",
                messageZh: "功能分类科目\(pairing.code)类的名称写作“\(pairing.name)”，该名称属于\(pairing.known.code)类。",
                evidence: evidence
            )
        }
        if let lastYear = pairing.known.name.lastYear, let year, year > lastYear + 1 {
            let current = FunctionClassCatalog.names[pairing.code]?.first?.text ?? ""
            return Finding(
                subject: subject,
                severity: .error,
                message: "Function class \(pairing.code) is named \(pairing.name), a name last used in \(lastYear); "
                    + "in \(year) it is \(current).",
                messageZh: "功能分类科目\(pairing.code)类写作“\(pairing.name)”，该名称仅用至\(lastYear)年，"
                    + "\(year)年应为“\(current)”。",
                evidence: evidence
            )
        }
        return nil
    }

    /// Every class row of the tables (a first cell of three digits that is a function class code, `2xx`) whose
    /// label is a known class name (or ends with one, where a narrow column glued a wrapped tail onto it).
    /// Economic-classification codes (`3xx`, `399 其他支出`) are not function classes and are skipped.
    static func tablePairings(_ tables: [DocumentTable]) -> [Pairing] {
        var pairings: [Pairing] = []
        for table in tables {
            for row in (0..<table.cells.count).dropFirst(table.headerRowCount) {
                // The code first, read in place: only a class row's cells are made strings.
                guard let code = TableCells.classCode(table.cells, row: row),
                    code.hasPrefix("2") || FunctionClassCatalog.names[code] != nil,
                    let label = TableCells.label(table.cells.row(row))
                else { continue }
                guard let known = FunctionClassCatalog.code(ofName: label) ?? FunctionClassCatalog.suffixName(of: label)
                else { continue }
                pairings.append(Pairing(code: code, name: known.name.text, span: table.span, known: known))
            }
        }
        return pairings
    }

    /// What closes a code written with its name: `(210类)`.
    static let marker: [UInt8] = Array("类)".utf8)
    /// The index id of ``marker``.
    static let markerId = RuleTextIndex.id(of: marker)

    /// Every `name(ddd类)` in the text whose name ends with a known class name; `markers` are the offsets of
    /// ``marker`` in `bytes`.
    static func textPairings(_ bytes: [UInt8], markers: ArraySlice<Int>) -> [Pairing] {
        let marker = CodeNameRule.marker
        var pairings: [Pairing] = []
        for index in markers {
            // "(" d d d 类 ")"
            let open = index - 4
            guard open >= 0, bytes[open] == UInt8(ascii: "("),
                TextSearch.isDigit(bytes[open + 1]), TextSearch.isDigit(bytes[open + 2]),
                TextSearch.isDigit(bytes[open + 3])
            else { continue }
            let code = String(decoding: bytes[open + 1..<open + 4], as: UTF8.self)
            // The name: the run of three-byte (CJK) scalars before "(".
            var start = open
            while start >= 3, bytes[start - 3] >= 0xE4, bytes[start - 3] <= 0xE9,
                bytes[start - 2] & 0xC0 == 0x80, bytes[start - 1] & 0xC0 == 0x80
            {
                start -= 3
            }
            let run = String(decoding: bytes[start..<open], as: UTF8.self)
            guard let known = FunctionClassCatalog.suffixName(of: run) else { continue }
            let nameStart = open - known.name.text.utf8.count
            pairings.append(
                Pairing(
                    code: code,
                    name: known.name.text,
                    span: TextSpan(start: nameStart, end: index + marker.count),
                    known: known
                )
            )
        }
        return pairings
    }
}
