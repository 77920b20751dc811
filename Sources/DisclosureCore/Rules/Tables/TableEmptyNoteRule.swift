/// `table.emptyNote`: a "本表为空表" / "无数据" note next to a table that has figures, or the reverse (needs tables).
///
/// A note beside a table with a non-zero figure is an `error` (one of them is wrong); a table with no non-zero
/// figure and no note is `info` (the rules ask empty tables to say why, 空表说明). The note is looked for in the
/// title, the cells and the text just around the table. Subject `tables[<index>]`. Silent without tables.
public struct TableEmptyNoteRule: Rule {
    public let id = "table.emptyNote"
    public let subjects = ["tables[<index>]"]

    /// Creates the rule.
    public init() {}

    static let notes: [[UInt8]] = ["本表为空", "空表", "无数据", "无相关数据", "本表无"].map { Array($0.utf8) }

    /// How far around the table (bytes) a note still belongs to it.
    static let vicinity = 160

    public func check(_ context: RuleContext) -> [Finding] {
        let bytes = context.text.bytes
        return context.record.tables.enumerated().compactMap { index, table in
            let cells = table.rows.flatMap { $0 }
            let hasFigures = cells.contains { TableCells.amount($0).map { !$0.isZero } ?? false }
            var texts = [Array((table.title ?? "").utf8)] + cells.map { Array($0.utf8) }
            if table.span.end <= bytes.count {
                let lower = max(0, table.span.start - TableEmptyNoteRule.vicinity)
                let upper = min(bytes.count, table.span.end + TableEmptyNoteRule.vicinity)
                texts.append(Array(bytes[lower..<upper]))
            }
            let noted = texts.contains { text in
                TableEmptyNoteRule.notes.contains { TextSearch.contains($0, in: text[...]) }
            }
            let subject = "tables[\(index)]"
            let name = table.title ?? "table \(index)"
            let evidence = [EvidenceReference(path: subject, span: table.span)]
            if noted && hasFigures {
                return Finding(
                    subject: subject,
                    severity: .error,
                    message: "\(name) is noted as empty but has figures.",
                    messageZh: "\(name)注明为空表，但表中有数据。",
                    evidence: evidence
                )
            }
            if !noted && !hasFigures && !table.rows.isEmpty {
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
