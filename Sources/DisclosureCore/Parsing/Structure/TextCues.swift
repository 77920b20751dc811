/// The occurrences of every fixed pattern a document is searched for, found in one pass over its bytes and handed
/// out in two views: the structure scanners' cues (``StructureCues``) and the text rules' index
/// (``RuleTextIndex``).
///
/// The parser and the rules used to scan the text once each, for patterns that start on the same characters; the
/// processor now builds this once per document (``DisclosureParser/parseWithCues(_:)``) and gives the rules their
/// view (``RuleEngine/evaluate(_:text:textIndex:)``).
struct TextCues: Sendable {
    /// The patterns: the structure groups' first (``StructureCues/layout``, in group order: their ids are the
    /// groups' ids), then the text rules' (``RuleTextIndex/patterns``) that are not among them.
    static let patterns: [[UInt8]] = {
        var patterns = StructureCues.layout.patterns
        let known = Set(patterns)
        patterns += RuleTextIndex.patterns.filter { !known.contains($0) }
        return patterns
    }()

    /// How many of ``patterns`` are the structure groups'.
    static let structureCount = StructureCues.layout.patterns.count

    /// The id of each pattern (its first index in ``patterns``).
    static let ids: [[UInt8]: Int] = {
        var ids: [[UInt8]: Int] = [:]
        for (id, pattern) in patterns.enumerated() where ids[pattern] == nil { ids[pattern] = id }
        return ids
    }()

    /// Whether the rules read a pattern's occurrences (by id; the first id of each of ``RuleTextIndex/patterns``).
    static let readByRules: [Bool] = {
        var read = [Bool](repeating: false, count: patterns.count)
        for pattern in RuleTextIndex.patterns { if let id = ids[pattern] { read[id] = true } }
        return read
    }()

    /// The matcher over ``patterns``, built once.
    static let matcher = MultiPatternMatcher(patterns)

    /// The structure scanners' view.
    let structure: StructureCues
    /// The text rules' view.
    let rules: RuleTextIndex

    /// Finds every pattern in `bytes` in one pass over its scalars.
    init(_ bytes: [UInt8]) {
        let structureCount = TextCues.structureCount
        let readByRules = TextCues.readByRules
        let count = TextCues.patterns.count
        var structureFound: [MultiPatternMatcher.Match] = []
        var ruleFound: [(pattern: Int32, start: Int32)] = []
        var counts = [Int](repeating: 0, count: count + 1)
        // About one occurrence per 35 bytes in a disclosure: room for twice that, so the lists rarely grow.
        structureFound.reserveCapacity(bytes.count / 32)
        ruleFound.reserveCapacity(bytes.count / 16)
        TextCues.matcher.forEachMatch(in: bytes, scalarAligned: true) { match in
            if match.pattern < structureCount { structureFound.append(match) }
            if readByRules[match.pattern] {
                ruleFound.append((Int32(truncatingIfNeeded: match.pattern), Int32(truncatingIfNeeded: match.start)))
                counts[match.pattern + 1] += 1
            }
            return true
        }
        // Counting sort by pattern; matches come in start order, so each pattern's offsets stay ascending.
        for id in 0..<count { counts[id + 1] += counts[id] }
        var next = counts
        var starts = [Int](repeating: 0, count: ruleFound.count)
        for match in ruleFound {
            let pattern = Int(match.pattern)
            starts[next[pattern]] = Int(match.start)
            next[pattern] += 1
        }
        structure = StructureCues(found: structureFound)
        rules = RuleTextIndex(bytes: bytes, bounds: counts, starts: starts)
    }
}
