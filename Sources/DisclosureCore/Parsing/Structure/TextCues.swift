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
        // The counts and bounds are kept in one scratch buffer, and the views' arrays are built there
        // (``Array/filled(count:scratch:_:)``): no array per counts table, no copy of one to advance in place.
        // Scratch: the groups' bounds and next slots, the patterns' bounds and next slots, the rules' starts (at most
        // one per match), then the structure matches.
        let groupCount = StructureCues.Group.allCases.count
        let groupBounds = 0
        let groupNext = groupBounds + groupCount + 1
        let patternBounds = groupNext + groupCount + 1
        let patternNext = patternBounds + count + 1
        let startsBase = patternNext + count + 1
        let intCount = startsBase + used
        let scratch = UnsafeMutableRawPointer.allocate(
            byteCount: intCount * MemoryLayout<Int>.stride + used * MemoryLayout<MultiPatternMatcher.Match>.stride,
            alignment: max(MemoryLayout<Int>.alignment, MemoryLayout<MultiPatternMatcher.Match>.alignment)
        )
        defer { scratch.deallocate() }
        let ints = scratch.bindMemory(to: Int.self, capacity: intCount)
        // Only the bounds are zeroed (the next slots are copied from them), each as small as the arrays that were
        // zeroed before: a larger fill is done by `rep stosb`, which callgrind counts byte by byte.
        (ints + groupBounds).initialize(repeating: 0, count: groupCount + 1)
        (ints + patternBounds).initialize(repeating: 0, count: count + 1)
        let matchScratch = (scratch + intCount * MemoryLayout<Int>.stride).bindMemory(
            to: MultiPatternMatcher.Match.self,
            capacity: used
        )
        // The structure view: a counting sort by group (matches come in start order, so each group's stay in start
        // order, then pattern id). The rules' view: a counting sort by pattern, so each pattern's offsets stay
        // ascending.
        var groupedCount = 0
        var ruleCount = 0
        StructureCues.groupOf.withUnsafeBufferPointer { groupOf in
            TextCues.readByRules.withUnsafeBufferPointer { readByRules in
                for match in all {
                    if match.pattern < structureCount {
                        ints[groupBounds + Int(groupOf[match.pattern]) + 1] += 1
                        groupedCount += 1
                    }
                    if readByRules[match.pattern] {
                        ints[patternBounds + match.pattern + 1] += 1
                        ruleCount += 1
                    }
                }
            }
        }
        for group in 0..<groupCount { ints[groupBounds + group + 1] += ints[groupBounds + group] }
        for id in 0..<count { ints[patternBounds + id + 1] += ints[patternBounds + id] }
        (ints + groupNext).update(from: ints + groupBounds, count: groupCount + 1)
        (ints + patternNext).update(from: ints + patternBounds, count: count + 1)
        var starts: [Int] = []
        // Both arrays written in one pass over the matches.
        let grouped = [MultiPatternMatcher.Match].filled(count: groupedCount, scratch: matchScratch) { grouped in
            starts = [Int].filled(count: ruleCount, scratch: ints + startsBase) { starts in
                StructureCues.groupOf.withUnsafeBufferPointer { groupOf in
                    StructureCues.reportedLengths.withUnsafeBufferPointer { lengths in
                        TextCues.readByRules.withUnsafeBufferPointer { readByRules in
                            for match in all {
                                if match.pattern < structureCount {
                                    let slot = groupNext + Int(groupOf[match.pattern])
                                    var reported = match
                                    reported.end = match.start + lengths[match.pattern]
                                    (grouped + ints[slot]).initialize(to: reported)
                                    ints[slot] += 1
                                }
                                if readByRules[match.pattern] {
                                    let slot = patternNext + match.pattern
                                    (starts + ints[slot]).initialize(to: match.start)
                                    ints[slot] += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        structure = StructureCues(
            grouped: grouped,
            bounds: Array(UnsafeBufferPointer(start: ints + groupBounds, count: groupCount + 1))
        )
        let counts = Array(UnsafeBufferPointer(start: ints + patternBounds, count: count + 1))
        rules = RuleTextIndex(bytes: bytes, bounds: counts, starts: starts)
    }
}
