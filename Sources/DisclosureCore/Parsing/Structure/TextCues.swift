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
        let count = TextCues.patterns.count
        // The scan writes each match to one raw buffer (a store and a count: no array's uniqueness check or
        // growth test per match, no second list); the two views are built from it after. About one occurrence per
        // 35 bytes in a disclosure: room for twice that, so the buffer rarely grows.
        var capacity = max(64, bytes.count / 16)
        var found = UnsafeMutablePointer<MultiPatternMatcher.Match>.allocate(capacity: capacity)
        var used = 0
        TextCues.matcher.forEachMatch(in: bytes, scalarAligned: true) { match in
            if used == capacity {
                let larger = UnsafeMutablePointer<MultiPatternMatcher.Match>.allocate(capacity: capacity * 2)
                larger.moveInitialize(from: found, count: used)
                found.deallocate()
                found = larger
                capacity *= 2
            }
            (found + used).initialize(to: match)
            used += 1
            return true
        }
        defer { found.deallocate() }
        let all = UnsafeBufferPointer(start: found, count: used)
        // The structure view: a counting sort by group (matches come in start order, so each group's stay in start
        // order, then pattern id).
        let groupCount = StructureCues.Group.allCases.count
        var groupBounds = [Int](repeating: 0, count: groupCount + 1)
        StructureCues.groupOf.withUnsafeBufferPointer { groupOf in
            groupBounds.withUnsafeMutableBufferPointer { bounds in
                for match in all where match.pattern < structureCount { bounds[Int(groupOf[match.pattern]) + 1] += 1 }
                for group in 0..<groupCount { bounds[group + 1] += bounds[group] }
            }
        }
        var groupNext = groupBounds
        let grouped = [MultiPatternMatcher.Match](unsafeUninitializedCapacity: groupBounds[groupCount]) {
            buffer,
            initialized in
            guard let base = buffer.baseAddress else { return }
            StructureCues.groupOf.withUnsafeBufferPointer { groupOf in
                StructureCues.reportedLengths.withUnsafeBufferPointer { lengths in
                    groupNext.withUnsafeMutableBufferPointer { next in
                        for match in all where match.pattern < structureCount {
                            let group = Int(groupOf[match.pattern])
                            var reported = match
                            reported.end = match.start + lengths[match.pattern]
                            (base + next[group]).initialize(to: reported)
                            next[group] += 1
                        }
                    }
                }
            }
            initialized = groupBounds[groupCount]
        }
        structure = StructureCues(grouped: grouped, bounds: groupBounds)
        // Counting sort by pattern; matches come in start order, so each pattern's offsets stay ascending.
        var counts = [Int](repeating: 0, count: count + 1)
        var ruleCount = 0
        TextCues.readByRules.withUnsafeBufferPointer { readByRules in
            counts.withUnsafeMutableBufferPointer { counts in
                for match in all where readByRules[match.pattern] {
                    counts[match.pattern + 1] += 1
                    ruleCount += 1
                }
                for id in 0..<count { counts[id + 1] += counts[id] }
            }
        }
        var next = counts
        let starts = [Int](unsafeUninitializedCapacity: ruleCount) { buffer, initialized in
            TextCues.readByRules.withUnsafeBufferPointer { readByRules in
                next.withUnsafeMutableBufferPointer { next in
                    for match in all where readByRules[match.pattern] {
                        buffer[next[match.pattern]] = match.start
                        next[match.pattern] += 1
                    }
                }
            }
            initialized = ruleCount
        }
        rules = RuleTextIndex(bytes: bytes, bounds: counts, starts: starts)
    }
}
