/// Every occurrence of the text rules' fixed patterns (checklist cues, template residue, `类)`) in one document,
/// found in the one pass over its bytes that also finds the structure scanners' cues (``TextCues``) and shared by
/// every rule of one evaluation.
///
/// The rules used to search the whole text once per pattern, then the engine scanned it once more for them after
/// the parser's own scan; the processor now hands the engine this view of the parser's scan. A pattern not
/// registered in ``patterns`` is still answered, by a plain search.
struct RuleTextIndex: Sendable {
    /// The patterns indexed: the checklist's cues, the template-residue patterns and the code-name marker.
    static let patterns: [[UInt8]] = {
        var seen: Set<[UInt8]> = []
        var list: [[UInt8]] = []
        let all =
            CompletenessChecklist.items.flatMap(\.cues) + TemplateResidueRule.patterns.map(\.bytes)
            + [CodeNameRule.marker]
        for pattern in all where !pattern.isEmpty && seen.insert(pattern).inserted { list.append(pattern) }
        return list
    }()

    /// The text indexed.
    let bytes: [UInt8]
    /// For each pattern id of ``TextCues/patterns``, where its occurrences start in ``starts`` (one extra entry
    /// closes the last); patterns the rules do not read have none.
    private let bounds: [Int]
    /// Start offsets of the occurrences, grouped by pattern, ascending within a pattern.
    private let starts: [Int]

    /// The index of `bytes` whose occurrences ``TextCues`` found: `starts` grouped by pattern id, `bounds` where
    /// each id's group starts.
    init(bytes: [UInt8], bounds: [Int], starts: [Int]) {
        self.bytes = bytes
        self.bounds = bounds
        self.starts = starts
    }

    /// Indexes `bytes` in one pass.
    init(_ bytes: [UInt8]) {
        self = TextCues(bytes).rules
    }

    /// The id of a registered pattern (its id in ``TextCues/patterns``), or nil.
    static func id(of pattern: [UInt8]) -> Int? {
        guard let id = TextCues.ids[pattern], TextCues.readByRules[id] else { return nil }
        return id
    }

    /// Byte offsets of every occurrence of pattern `id`, ascending.
    func occurrences(ofPattern id: Int) -> ArraySlice<Int> {
        starts[bounds[id]..<bounds[id + 1]]
    }

    /// Byte offsets of every occurrence of `pattern`, ascending (a search of the text when it is not registered).
    func occurrences(of pattern: [UInt8]) -> ArraySlice<Int> {
        occurrences(of: pattern, id: RuleTextIndex.id(of: pattern))
    }

    /// Byte offsets of every occurrence of `pattern`, whose id (``id(of:)``, looked up once by the caller) is
    /// `id`, ascending.
    func occurrences(of pattern: [UInt8], id: Int?) -> ArraySlice<Int> {
        if let id { return occurrences(ofPattern: id) }
        return TextSearch.occurrences(of: pattern, in: bytes)[...]
    }
}
