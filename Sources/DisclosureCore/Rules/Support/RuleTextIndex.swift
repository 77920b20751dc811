/// Every occurrence of the text rules' fixed patterns (checklist cues, template residue, `类)`) in one document,
/// found in one pass over its bytes (``FirstScalarScanner``) and shared by every rule of one evaluation.
///
/// The rules used to search the whole text once per pattern; the engine now builds this index once per document
/// (``RuleEngine/evaluate(_:text:)``) and the rules read their occurrences from it. A pattern not registered in
/// ``patterns`` is still answered, by a plain search.
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

    /// The id of each pattern (its index in ``patterns``).
    static let ids: [[UInt8]: Int] = Dictionary(
        uniqueKeysWithValues: patterns.enumerated().map { ($0.element, $0.offset) }
    )

    /// The scanner over ``patterns``, built once.
    static let scanner = FirstScalarScanner(patterns)

    /// The text indexed.
    let bytes: [UInt8]
    /// For each pattern id, where its occurrences start in ``starts`` (one extra entry closes the last).
    private let bounds: [Int]
    /// Start offsets of the occurrences, grouped by pattern, ascending within a pattern.
    private let starts: [Int]

    /// Indexes `bytes` in one pass.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let scanner = RuleTextIndex.scanner
        let count = RuleTextIndex.patterns.count
        var found: [(pattern: Int32, start: Int32)] = []
        var counts = [Int](repeating: 0, count: count + 1)
        scanner.forEachMatch(in: bytes) { pattern, start in
            found.append((Int32(truncatingIfNeeded: pattern), Int32(truncatingIfNeeded: start)))
            counts[pattern + 1] += 1
        }
        // Counting sort by pattern; matches come in start order, so each pattern's offsets stay ascending.
        for id in 0..<count { counts[id + 1] += counts[id] }
        var next = counts
        var starts = [Int](repeating: 0, count: found.count)
        for match in found {
            let pattern = Int(match.pattern)
            starts[next[pattern]] = Int(match.start)
            next[pattern] += 1
        }
        self.bounds = counts
        self.starts = starts
    }

    /// The id of a registered pattern, or nil.
    static func id(of pattern: [UInt8]) -> Int? { ids[pattern] }

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
