/// The occurrences of every fixed pattern the structure scanners start from (template residue, staffing triggers,
/// contact labels, vehicle keys, the state-capital subject), found in one pass over a document and shared by them.
///
/// Each scanner used to walk the whole text for its own patterns; now one pass (``TextCues``, which finds the text
/// rules' patterns in the same pass) builds this once per document and the scanners read the offsets of their
/// group. The groups' patterns are the first ids of ``TextCues/patterns``, in group order.
struct StructureCues {
    /// A scanner's share of the patterns.
    enum Group: Int, CaseIterable {
        /// Where a residue may start (``TemplateResidueScanner/startPatterns``).
        case residue
        /// ``StaffingExtractor/triggers``.
        case staffing
        /// ``ContactExtractor/nameLabels``.
        case contactName
        /// ``ContactExtractor/phoneLabels``.
        case contactPhone
        /// Where a key of ``VehicleExtractor/holdingKeys`` may start (``StructureCues/keyHeads(_:)``); a match's end
        /// is its first character's.
        case vehicleHolding
        /// Where a key of ``VehicleExtractor/purchaseKeys`` may start, as for ``vehicleHolding``.
        case vehiclePurchase
        /// ``StateCapitalStatementScanner/subject``.
        case stateCapital
        /// ``DutiesExtractor/leadIns``.
        case dutiesLeadIn
        /// ``SubUnitExtractor/listTriggers``.
        case subUnitTrigger

        /// The group's patterns, in the order their scanner gives them.
        var patterns: [[UInt8]] {
            switch self {
            case .residue: TemplateResidueScanner.startPatterns
            case .staffing: StaffingExtractor.triggers
            case .contactName: ContactExtractor.nameLabels
            case .contactPhone: ContactExtractor.phoneLabels
            case .vehicleHolding: StructureCues.keyHeads(VehicleExtractor.holdingKeys.patterns)
            case .vehiclePurchase: StructureCues.keyHeads(VehicleExtractor.purchaseKeys.patterns)
            case .stateCapital: [StateCapitalStatementScanner.subject]
            case .dutiesLeadIn: DutiesExtractor.leadIns
            case .subUnitTrigger: SubUnitExtractor.listTriggers.patterns
            }
        }
    }

    /// Every group's patterns back to back, and where each group's ids start (one extra entry closes the last).
    static let layout: (patterns: [[UInt8]], groupStarts: [Int]) = {
        var patterns: [[UInt8]] = []
        var starts: [Int] = []
        for group in Group.allCases {
            starts.append(patterns.count)
            patterns += group.patterns
        }
        starts.append(patterns.count)
        return (patterns, starts)
    }()

    /// The byte length each pattern id's matches report: the first character's for a key head
    /// (``keyHeads(_:)``), else the pattern's.
    static let reportedLengths: [Int] = {
        var lengths = layout.patterns.map(\.count)
        for group in [Group.vehicleHolding, .vehiclePurchase] {
            for id in layout.groupStarts[group.rawValue]..<layout.groupStarts[group.rawValue + 1] {
                lengths[id] = min(lengths[id], StructureCues.scalarLength(layout.patterns[id]))
            }
        }
        return lengths
    }()

    /// The distinct heads a key of `keys` found line breaks aside (``VehicleExtractor/matchAcrossBreaks(_:in:at:)``)
    /// starts with: its first two characters, and its first character followed by a line break (`共有\n车辆`,
    /// `共\n有车辆`). A key with one character is its own head.
    ///
    /// Where such a key is found, its first character is whole (the scanner starts from there) and a line break
    /// never sits inside a character of UTF-8 text, so one of its heads occurs there. A head is two characters where
    /// the keys' first characters alone (`公`, `共`, `购`) occur every few lines of a disclosure (`公共预算`, `采购`):
    /// the scan and the vehicle scanner try a few places instead of a hundred.
    static func keyHeads(_ keys: [[UInt8]]) -> [[UInt8]] {
        var seen: Set<[UInt8]> = []
        var heads: [[UInt8]] = []
        for key in keys where !key.isEmpty {
            let first = scalarLength(key)
            let second = first < key.count ? scalarLength(Array(key[first...])) : 0
            let forms = second > 0 ? [Array(key[..<(first + second)]), Array(key[..<first]) + [0x0A]] : [key]
            for head in forms where seen.insert(head).inserted { heads.append(head) }
        }
        return heads
    }

    /// The length of the UTF-8 scalar `bytes` start with, from its lead byte (at most the bytes' count).
    private static func scalarLength(_ bytes: [UInt8]) -> Int {
        guard let lead = bytes.first else { return 0 }
        let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return min(length, bytes.count)
    }

    /// The group of each pattern id.
    static let groupOf: [UInt8] = {
        var groups = [UInt8](repeating: 0, count: layout.patterns.count)
        for group in Group.allCases {
            for id in layout.groupStarts[group.rawValue]..<layout.groupStarts[group.rawValue + 1] {
                groups[id] = UInt8(group.rawValue)
            }
        }
        return groups
    }()

    /// Every occurrence, grouped by group (in group order), then by start offset, then pattern id.
    private let found: [MultiPatternMatcher.Match]
    /// Where each group's occurrences start in ``found`` (one extra entry closes the last group).
    private let groupBounds: [Int]

    /// The cues of `grouped`: every occurrence of the groups' patterns (ids as in ``layout``), grouped by group
    /// (in group order), then by start offset, then pattern id; `bounds` where each group's start (one extra entry
    /// closes the last).
    init(grouped: [MultiPatternMatcher.Match], bounds: [Int]) {
        self.found = grouped
        self.groupBounds = bounds
    }

    /// Finds every group's patterns in `bytes` (one pass, shared with the text rules' patterns: ``TextCues``).
    init(_ bytes: [UInt8]) {
        self = TextCues(bytes).structure
    }

    /// Calls `body` with the occurrences of `group`'s patterns that lie inside `from..<to`, in start order (at one
    /// offset, in the group's pattern order), with `pattern` the index within the group. `body` returns whether to
    /// go on.
    func forEach(
        _ group: Group,
        from: Int = 0,
        to: Int = .max,
        _ body: (_ match: MultiPatternMatcher.Match) -> Bool
    ) {
        let base = StructureCues.layout.groupStarts[group.rawValue]
        let end = groupBounds[group.rawValue + 1]
        var index = firstIndex(atOrAfter: from, in: groupBounds[group.rawValue], end)
        while index < end {
            let match = found[index]
            index += 1
            if match.start >= to { return }
            guard match.end <= to else { continue }
            if !body(MultiPatternMatcher.Match(pattern: match.pattern - base, start: match.start, end: match.end)) {
                return
            }
        }
    }

    /// The first occurrence of `group`'s patterns inside `from..<to` (at one offset, the first in the group's
    /// order), or nil.
    func first(_ group: Group, from: Int = 0, to: Int = .max) -> MultiPatternMatcher.Match? {
        var first: MultiPatternMatcher.Match?
        forEach(group, from: from, to: to) { match in
            first = match
            return false
        }
        return first
    }

    /// The index in `lower..<upper` (one group's occurrences) of the first occurrence that starts at or after
    /// `offset`.
    private func firstIndex(atOrAfter offset: Int, in lower: Int, _ upper: Int) -> Int {
        var lower = lower
        var upper = upper
        while lower < upper {
            let middle = (lower + upper) / 2
            if found[middle].start < offset { lower = middle + 1 } else { upper = middle }
        }
        return lower
    }
}
