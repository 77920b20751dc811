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
        let checked = CompletenessSectionsRule.checkedPositions(for: record.kind)
        // Whether each checked item is present, by its position in the checklist (0: not checked, 1: missing, 2:
        // present), on the stack: no array to allocate and free for each document.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: items.count) { present in
            present.initialize(repeating: 0)
            var missing = 0
            for position in checked {
                let found =
                    items[position].satisfiedBy(record)
                    || CompletenessSectionsRule.cuesPresent(position, in: bytes, index: context.textIndex)
                present[position] = found ? 2 : 1
                if !found { missing += 1 }
            }
            guard missing > 0 else { return [] }
            var findings: [Finding] = []
            findings.reserveCapacity(missing)
            for position in checked where present[position] == 1 {
                if let parent = CompletenessSectionsRule.parentPositions[position], present[parent] == 1 { continue }
                // The messages depend on the item alone: written once, shared by every document.
                let message = CompletenessSectionsRule.messages[position]
                findings.append(
                    Finding(
                        subject: items[position].subject,
                        severity: items[position].level == .required ? .warning : .info,
                        message: message.en,
                        messageZh: message.zh
                    )
                )
            }
            return findings
        }
    }

    /// The positions of the items checked for a kind of document (applicable to it, not `regional`), in checklist
    /// order.
    static func checkedPositions(for kind: DocumentKind?) -> [Int] {
        switch kind {
        case .budget: checkedForBudget
        case .finalAccounts: checkedForFinalAccounts
        case nil: checkedForEither
        }
    }

    private static func checked(_ applies: (ChecklistItem) -> Bool) -> [Int] {
        CompletenessChecklist.items.indices.filter { position in
            let item = CompletenessChecklist.items[position]
            return applies(item) && item.level != .regional
        }
    }

    private static let checkedForBudget = checked { $0.budget }
    private static let checkedForFinalAccounts = checked { $0.finalAccounts }
    private static let checkedForEither = checked { $0.budget && $0.finalAccounts }

    /// Each item's messages when it is missing (parallel to ``CompletenessChecklist/items``).
    static let messages: [(en: String, zh: String)] = CompletenessChecklist.items.map { item in
        let required = item.level == .required
        return (
            "The disclosure does not state its \(item.title) (checklist item \(item.id), "
                + (required ? "required)." : "expected)."),
            "未见“\(item.titleZh)”相关内容（公开清单项\(item.id)，" + (required ? "必须公开）。" : "应当公开）。")
        )
    }

    /// The checklist position of each item's parent (parallel to ``CompletenessChecklist/items``); the first item
    /// with that id, as a lookup by id found it.
    static let parentPositions: [Int?] = CompletenessChecklist.items.map { item in
        item.parent.flatMap { parent in CompletenessChecklist.items.firstIndex { $0.id == parent } }
    }

    private static let negations = PatternGroup(
        (["无", "不涉及", "不适用", "未安排", "没有", "未发生", "未使用", "未开展"] as [String]).map { Array($0.utf8) }
    )
    private static let definitions = PatternGroup(([":指", "是指"] as [String]).map { Array($0.utf8) })

    /// The index ids of each checklist item's cues (parallel to ``CompletenessChecklist/items``).
    static let cueIds: [[Int?]] = CompletenessChecklist.items.map { $0.cues.map(RuleTextIndex.id(of:)) }

    /// Whether the cues of the item at `position` appear as its ``ChecklistItem/match`` asks.
    static func cuesPresent(_ position: Int, in bytes: [UInt8], index: RuleTextIndex) -> Bool {
        let cues = CompletenessChecklist.items[position].cues
        let ids = cueIds[position]
        func present(_ cue: Int) -> Bool {
            let starts = ids[cue].map(index.occurrences(ofPattern:)) ?? index.occurrences(of: cues[cue])
            return cuePresent(cues[cue], at: starts, in: bytes)
        }
        switch CompletenessChecklist.items[position].match {
        case .any: return cues.indices.contains(where: present)
        case .all: return cues.indices.allSatisfy(present)
        }
    }

    /// Whether one occurrence of `cue` (at `starts`) is a heading or a key sentence.
    static func cuePresent(_ cue: [UInt8], at starts: ArraySlice<Int>, in bytes: [UInt8]) -> Bool {
        for start in starts {
            let sentence = TextSearch.sentence(around: start, in: bytes)
            let sentenceBytes = bytes[sentence.start..<sentence.end]
            // The cheap tests first: the sentence is searched for a definition only for an occurrence that counts
            // otherwise (most occurrences of a missing item's cues do not).
            let counts =
                TextSearch.lineIsShort(around: start, in: bytes, limit: 40)
                || bytes[(start + cue.count)..<sentence.end].contains(where: TextSearch.isDigit)
                || negations.occurs(in: sentenceBytes)
            if counts, !definitions.occurs(in: sentenceBytes) { return true }
        }
        return false
    }
}
