/// `completeness.sections`: the items the disclosure rules require are present (DISCLOSURE-RULES §2.1).
///
/// An item is present when the record holds a value for it or one of its cues appears as a heading (a short line)
/// or in a sentence that states an amount after it or says there is none (`无`, `不涉及`, `未安排`); a cue inside a
/// glossary definition (`…：指…`) does not count. Missing `required` items are warnings, `expected` items info,
/// `regional` items never reported; the lists differ for budgets and final accounts. An item whose parent is
/// missing is not reported on its own (one missing section, one finding). Silent without text.
public struct CompletenessSectionsRule: Rule {
    public let id = "completeness.sections"
    public var subjects: [String] { CompletenessChecklist.items.map(\.subject) }

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let bytes = context.text.bytes
        guard !bytes.isEmpty else { return [] }
        let record = context.record
        let items = CompletenessChecklist.items
        let applicable = items.indices.filter { position in
            let item = items[position]
            return switch record.kind {
            case .budget: item.budget
            case .finalAccounts: item.finalAccounts
            case nil: item.budget && item.finalAccounts
            }
        }
        // Whether each applicable item is present, by its position in the checklist (nil: not applicable).
        var present = [Bool?](repeating: nil, count: items.count)
        for position in applicable where items[position].level != .regional {
            let item = items[position]
            present[position] =
                item.satisfiedBy(record)
                || CompletenessSectionsRule.cuesPresent(
                    item,
                    ids: CompletenessSectionsRule.cueIds[position],
                    in: bytes,
                    index: context.textIndex
                )
        }
        var findings: [Finding] = []
        for position in applicable where items[position].level != .regional && present[position] == false {
            let item = items[position]
            if let parent = CompletenessSectionsRule.parentPositions[position], present[parent] == false { continue }
            let required = item.level == .required
            findings.append(
                Finding(
                    subject: item.subject,
                    severity: required ? .warning : .info,
                    message: "The disclosure does not state its \(item.title) (checklist item \(item.id), "
                        + (required ? "required)." : "expected)."),
                    messageZh: "未见“\(item.titleZh)”相关内容（公开清单项\(item.id)，" + (required ? "必须公开）。" : "应当公开）。")
                )
            )
        }
        return findings
    }

    /// The checklist position of each item's parent (parallel to ``CompletenessChecklist/items``); the first item
    /// with that id, as a lookup by id found it.
    static let parentPositions: [Int?] = CompletenessChecklist.items.map { item in
        item.parent.flatMap { parent in CompletenessChecklist.items.firstIndex { $0.id == parent } }
    }

    private static let negations: [[UInt8]] = ["无", "不涉及", "不适用", "未安排", "没有", "未发生", "未使用", "未开展"]
        .map { Array($0.utf8) }
    private static let definitions: [[UInt8]] = [":指", "是指"].map { Array($0.utf8) }

    /// The index ids of each checklist item's cues (parallel to ``CompletenessChecklist/items``).
    static let cueIds: [[Int?]] = CompletenessChecklist.items.map { $0.cues.map(RuleTextIndex.id(of:)) }

    static func cuesPresent(_ item: ChecklistItem, ids: [Int?], in bytes: [UInt8], index: RuleTextIndex) -> Bool {
        func present(_ position: Int) -> Bool {
            let cue = item.cues[position]
            let starts = ids[position].map(index.occurrences(ofPattern:)) ?? index.occurrences(of: cue)
            return cuePresent(cue, at: starts, in: bytes)
        }
        switch item.match {
        case .any: return item.cues.indices.contains(where: present)
        case .all: return item.cues.indices.allSatisfy(present)
        }
    }

    /// Whether one occurrence of `cue` (at `starts`) is a heading or a key sentence.
    static func cuePresent(_ cue: [UInt8], at starts: ArraySlice<Int>, in bytes: [UInt8]) -> Bool {
        for start in starts {
            let sentence = TextSearch.sentence(around: start, in: bytes)
            let sentenceBytes = bytes[sentence.start..<sentence.end]
            if definitions.contains(where: { TextSearch.contains($0, in: sentenceBytes) }) { continue }
            let line = TextSearch.line(around: start, in: bytes)
            if TextSearch.scalarCount(line, in: bytes) <= 40 { return true }
            if bytes[(start + cue.count)..<sentence.end].contains(where: TextSearch.isDigit) { return true }
            if negations.contains(where: { TextSearch.contains($0, in: sentenceBytes) }) { return true }
        }
        return false
    }
}
