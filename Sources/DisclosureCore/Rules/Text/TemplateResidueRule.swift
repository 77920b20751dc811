/// `template.residue`: template text left unfilled in the published document.
///
/// Looks for the template's either-or wording (`增加（减少）`, `下降（增长）`, `增(减)`), placeholders (`XX`, `××`),
/// an empty reason (`主要原因是。`) and fill-in instructions (`…填写）`, `填列`), in the parser's observations and in
/// the normalized text. One event per document, on the strongest residue (either-or wording, then placeholders,
/// instructions, empty reasons), first in text order; the subject is where it occurs (see ``subject(for:kind:bytes:)``).
public struct TemplateResidueRule: Rule {
    public let id = "template.residue"
    public let subjects = ["<path of the value the residue sits with>", "unit.name", "text"]

    /// Creates the rule.
    public init() {}

    /// What kind of residue a pattern is; the order is the reporting priority (one event per document).
    enum Kind: Int, Comparable {
        /// The template's either-or wording for a change (`增加（减少）`).
        case direction
        /// A placeholder (`XX`).
        case placeholder
        /// A fill-in instruction (`（按…填写）`).
        case instruction
        /// A reason left empty (`主要原因是。`).
        case emptyReason
        /// A weaker instruction cue (`填列数应…`).
        case weakInstruction

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    static let patterns: [(bytes: [UInt8], kind: Kind)] = [
        ("增加(减少)", Kind.direction), ("减少(增加)", .direction), ("增长(下降)", .direction),
        ("下降(增长)", .direction), ("增加(下降)", .direction), ("上升(下降)", .direction), ("增(减)", .direction),
        ("减(增)", .direction), ("增加/减少", .direction), ("增长/下降", .direction), ("XX", .placeholder),
        ("××", .placeholder), ("填写)", .instruction), ("原因是。", .emptyReason), ("原因是:。", .emptyReason),
        ("原因为。", .emptyReason), ("填列数", .weakInstruction),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The index ids of ``patterns`` (parallel to it).
    static let patternIds: [Int?] = patterns.map { RuleTextIndex.id(of: $0.bytes) }

    /// Characters that end a unit's name (`XX局`).
    static let unitSuffixes: [[UInt8]] = ["局", "委", "办", "院", "所", "厅", "部", "处", "站", "队", "中心", "单位", "镇", "街道"]
        .map { Array($0.utf8) }

    public func check(_ context: RuleContext) -> [Finding] {
        let bytes = context.text.bytes
        var hits: [(span: TextSpan, kind: Kind)] = []
        for (pattern, id) in zip(TemplateResidueRule.patterns, TemplateResidueRule.patternIds) {
            for start in context.textIndex.occurrences(of: pattern.bytes, id: id) {
                let end = start + pattern.bytes.count
                if pattern.kind == .placeholder, !TemplateResidueRule.isStandalonePlaceholder(bytes, start, end) {
                    continue
                }
                hits.append((TextSpan(start: start, end: end), pattern.kind))
            }
        }
        for residue in context.record.observations.templateResidue
        where residue.evidence.length > 0 && residue.evidence.end <= bytes.count {
            let text = Array(residue.value.utf8)[...]
            let direction = ["增", "减", "降", "长"].contains { TextSearch.contains(Array($0.utf8), in: text) }
            // The scanner's `填列数应…` sentences are the weak cue here too, so a real `（按…填写）` wins.
            let weak = TextSearch.contains(Array("填列数".utf8), in: text)
            hits.append((residue.evidence, direction ? .direction : weak ? .weakInstruction : .instruction))
        }
        guard let first = hits.min(by: { ($0.kind, $0.span) < ($1.kind, $1.span) }) else { return [] }
        let quote = context.text.text(first.span)
        let subject = TemplateResidueRule.subject(for: first.span, kind: first.kind, bytes: bytes)
        let sentence = TextSearch.sentence(around: first.span.start, in: bytes)
        return [
            Finding(
                subject: subject,
                severity: .error,
                message: "Template text was left unfilled: \"\(quote)\".",
                messageZh: "文中残留未填写的模板文字：“\(quote)”。",
                reference: EvidenceReference(path: subject, span: sentence)
            )
        ]
    }

    /// `XX` between non-letters (not part of a Latin word or a roman numeral run like `XXI`).
    static func isStandalonePlaceholder(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        if start > 0, TextSearch.isLetter(bytes[start - 1]) { return false }
        if end < bytes.count, TextSearch.isLetter(bytes[end]) { return false }
        return true
    }

    /// Topic words and the block they name, most specific first.
    static let topics: [(word: [UInt8], block: String)] = [
        ("三公", "threePublic.total"), ("公务用车", "threePublic.total"), ("公务接待", "threePublic.total"),
        ("因公出国", "threePublic.total"), ("运行经费", "operatingFunds"), ("政府采购", "procurement"),
        ("基本支出", "*.basic"), ("项目支出", "*.project"), ("财政拨款", "appropriation"), ("一般公共预算", "appropriation"),
        ("收入", "income"), ("支出", "expenditure"),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The record path a residue reports under: `unit.name` for a placeholder before a unit suffix, else the block
    /// its sentence talks about (the text since the previous `。` to the next, at most 120 bytes past the residue,
    /// line breaks ignored), with
    /// `.change` for a change's either-or wording or empty reason; `text` when no topic word is found.
    static func subject(for span: TextSpan, kind: Kind, bytes: [UInt8]) -> String {
        if kind == .placeholder {
            let after = bytes[span.end..<min(bytes.count, span.end + 6)]
            if unitSuffixes.contains(where: { after.starts(with: $0) }) { return "unit.name" }
        }
        let start = TextSearch.afterPreviousFullStop(span.start, in: bytes, limit: 600)
        let end = TextSearch.afterNextFullStop(span.end, in: bytes, limit: 120)
        let window = bytes[start..<end].filter { $0 != 0x0A }
        guard let topic = topics.first(where: { TextSearch.contains($0.word, in: window[...]) }) else { return "text" }
        var block = topic.block
        if block.hasPrefix("*") {
            let appropriation = TextSearch.contains(Array("财政拨款".utf8), in: window[...])
            block = (appropriation ? "appropriation" : "expenditure") + block.dropFirst()
        }
        return kind == .direction || kind == .emptyReason ? block + ".change" : block
    }
}
