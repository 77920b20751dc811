/// Which extractors' heading words each section heading holds: the duties, organization and asset headings.
///
/// The duties, sub-unit and vehicle extractors each used to search every heading for their own words; this finds
/// all of them in one pass over each heading (``init(_:sections:)``), and the extractors read a bit.
struct SectionTopics {
    /// A set of heading words, by the extractor that reads it.
    enum Topic: Int, CaseIterable {
        /// ``DutiesExtractor/headingWords``.
        case duties
        /// ``DutiesExtractor/organizationWords`` (they take precedence over the duties words).
        case dutiesOrganization
        /// ``SubUnitExtractor/headingWords``.
        case organization
        /// ``VehicleExtractor/assetHeadings``.
        case assets

        /// The topic's words.
        var words: PatternSet {
            switch self {
            case .duties: DutiesExtractor.headingWords
            case .dutiesOrganization: DutiesExtractor.organizationWords
            case .organization: SubUnitExtractor.headingWords
            case .assets: VehicleExtractor.assetHeadings
            }
        }
    }

    /// Every topic's words, back to back, in topic order.
    private static let matcher = MultiPatternMatcher(Topic.allCases.flatMap(\.words.patterns))
    /// The bit of each pattern id of ``matcher``: `1 << topic`.
    private static let bitOf: [UInt8] = Topic.allCases.flatMap { topic in
        [UInt8](repeating: 1 << UInt8(topic.rawValue), count: topic.words.patterns.count)
    }

    /// One bit per topic (`1 << topic`) for each section, in order.
    private let bits: [UInt8]

    /// The topics of `sections`, whose headings were cut from `bytes` (``SectionSegmenter/segment(_:lines:)``: a
    /// heading is the bytes of `bytes` from its section's start, as many as the heading has): one pass of one matcher
    /// over each heading's bytes in place.
    init(_ bytes: [UInt8], sections: [Section]) {
        let matcher = SectionTopics.matcher
        let all = UInt8((1 << Topic.allCases.count) - 1)
        // The bits read through a pointer: the scan's body captures no array (one retain and release less around
        // each heading's scan).
        bits = SectionTopics.bitOf.withUnsafeBufferPointer { bitOf in
            sections.map { section in
                let start = section.span.start
                let end = start + section.headingUTF8Count
                var found: UInt8 = 0
                matcher.forEachMatch(in: bytes, from: start, to: end, scalarAligned: true) {
                    found |= bitOf[$0.pattern]
                    return found != all
                }
                return found
            }
        }
    }

    /// The topics of `sections`, each heading searched for each topic's words (the straightforward way, for
    /// sections whose headings were not cut from the text at hand).
    init(sections: [Section]) {
        bits = sections.map { section in
            var found: UInt8 = 0
            for topic in Topic.allCases where topic.words.occurs(inUTF8: section.heading) {
                found |= 1 << UInt8(topic.rawValue)
            }
            return found
        }
    }

    /// Whether the heading of section `index` holds a word of `topic`.
    func has(_ topic: Topic, section index: Int) -> Bool {
        bits[index] & 1 << UInt8(topic.rawValue) != 0
    }

    /// Whether section `index` is the unit's duties (``DutiesExtractor/isDutiesHeading(_:)``).
    func isDuties(section index: Int) -> Bool {
        has(.duties, section: index) && !has(.dutiesOrganization, section: index)
    }
}
