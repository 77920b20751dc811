/// `template.residue`: template text left unfilled in the published document.
///
/// Looks for the template's either-or wording (`增加（减少）`, `下降（增长）`, `增(减)`), placeholders (`XX`, `××`),
/// an empty reason (`主要原因是。`) and fill-in instructions (`…填写）`, `填列`), in the parser's observations and in
/// the normalized text. One event per document, on the first residue in text order; the subject is the record path
/// of the value the residue sits with: a placeholder before a unit suffix is `unit.name`, otherwise the stated value
/// whose sentence holds it (or the nearest before it), `.amount` dropped; `text` when nothing is near.
public struct TemplateResidueRule: Rule {
    public let id = "template.residue"
    public let subjects = ["<path of the value the residue sits with>", "unit.name", "text"]

    /// Creates the rule.
    public init() {}

    /// What kind of residue a pattern is (decides the attribution preference).
    enum Kind {
        case direction
        case placeholder
        case emptyReason
        case instruction
    }

    static let patterns: [(bytes: [UInt8], kind: Kind)] = [
        ("增加(减少)", Kind.direction), ("减少(增加)", .direction), ("增长(下降)", .direction),
        ("下降(增长)", .direction), ("增加(下降)", .direction), ("上升(下降)", .direction), ("增(减)", .direction),
        ("减(增)", .direction), ("增加/减少", .direction), ("增长/下降", .direction), ("XX", .placeholder),
        ("××", .placeholder), ("原因是。", .emptyReason), ("原因是:。", .emptyReason), ("原因为。", .emptyReason),
        ("填写)", .instruction), ("填列", .instruction),
    ].map { (Array($0.0.utf8), $0.1) }

    /// Characters that end a unit's name (`XX局`).
    static let unitSuffixes: [[UInt8]] = ["局", "委", "办", "院", "所", "厅", "部", "处", "站", "队", "中心", "单位", "镇", "街道"]
        .map { Array($0.utf8) }

    public func check(_ context: RuleContext) -> [Finding] {
        let bytes = context.text.bytes
        var hits: [(span: TextSpan, kind: Kind)] = []
        for pattern in TemplateResidueRule.patterns {
            for start in TextSearch.occurrences(of: pattern.bytes, in: bytes) {
                let end = start + pattern.bytes.count
                if pattern.kind == .placeholder, !TemplateResidueRule.isStandalonePlaceholder(bytes, start, end) {
                    continue
                }
                hits.append((TextSpan(start: start, end: end), pattern.kind))
            }
        }
        for residue in context.record.observations.templateResidue where residue.evidence.length > 0 {
            hits.append((residue.evidence, .instruction))
        }
        guard let first = hits.min(by: { $0.span < $1.span }) else { return [] }
        let quote = context.text.text(first.span)
        let subject = TemplateResidueRule.subject(for: first.span, kind: first.kind, context: context)
        let sentence = TextSearch.sentence(around: first.span.start, in: bytes)
        return [
            Finding(
                subject: subject,
                severity: .error,
                message: "Template text was left unfilled: \"\(quote)\".",
                messageZh: "文中残留未填写的模板文字：“\(quote)”。",
                evidence: [EvidenceReference(path: subject, span: sentence)]
            )
        ]
    }

    /// `XX` between non-letters (not part of a Latin word or a roman numeral run like `XXI`).
    static func isStandalonePlaceholder(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        if start > 0, TextSearch.isLetter(bytes[start - 1]) { return false }
        if end < bytes.count, TextSearch.isLetter(bytes[end]) { return false }
        return true
    }

    static func subject(for span: TextSpan, kind: Kind, context: RuleContext) -> String {
        let bytes = context.text.bytes
        if kind == .placeholder {
            let after = bytes[span.end..<min(bytes.count, span.end + 6)]
            if unitSuffixes.contains(where: { after.starts(with: $0) }) { return "unit.name" }
        }
        let figures = RecordFigures.all(context.record)
        let sentence = TextSearch.sentence(around: span.start, in: bytes)
        let preferChange = kind == .direction
        func rank(_ reference: EvidenceReference) -> (Int, Int) {
            let isChange = reference.path.hasSuffix(".change") || reference.path.hasSuffix(".change.amount")
            return (preferChange && isChange ? 0 : 1, reference.span.length)
        }
        // The value whose evidence holds the residue, or shares its sentence.
        let holding = figures.filter {
            ($0.span.start <= span.start && span.end <= $0.span.end)
                || ($0.span.start < sentence.end && sentence.start < $0.span.end)
        }
        if let best = holding.min(by: { rank($0) < rank($1) }) { return RecordFigures.subject(ofPath: best.path) }
        // Else the nearest value stated before it.
        let before = figures.filter { $0.span.end <= span.start }
        if let nearest = before.max(by: { ($0.span.end, -rank($0).0) < ($1.span.end, -rank($1).0) }) {
            return RecordFigures.subject(ofPath: nearest.path)
        }
        return "text"
    }
}
