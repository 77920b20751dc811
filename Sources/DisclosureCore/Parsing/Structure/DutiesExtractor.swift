/// Reads the unit's numbered duties: the list under a 职能/职责 heading (`（一）职能职责`, `一、主要职能`,
/// `（一）部门职责`), or after a `主要职责是：` lead-in.
///
/// Each duty's text is cut from the original document so it keeps its own punctuation (`（街道办事处）`, `“放管服”`).
enum DutiesExtractor {
    /// Heading words of a duties section.
    static let headingWords = PatternSet(["职能", "职责"])
    /// Heading words of an organization section, which take precedence (`机构设置、职责` lists units).
    static let organizationWords = PatternSet(["构成", "设置", "内设", "组成"])
    /// Lead-ins of a duty list without its own heading.
    static let leadIns = [
        "主要职责是", "主要职能是", "职责是", "职能是", "主要职责:", "主要职能:", "主要职责如下", "主要职能如下", "主要职责包括", "主要职能包括",
    ].map(StructureScan.utf8)

    /// The duties of the document, in order; `cues` are the occurrences of the structure patterns in `text`,
    /// `topics` the sections' (found from their headings when nil).
    static func extract(
        _ text: NormalizedText,
        lines: TextLines,
        sections: [Section],
        cues: StructureCues,
        topics: SectionTopics? = nil
    ) -> [Stated<String>] {
        let bytes = text.bytes
        let topics = topics ?? SectionTopics(sections: sections)
        for (index, section) in sections.enumerated() where topics.isDuties(section: index) {
            let body = TextSpan(
                start: min(section.span.start + section.headingUTF8Count, section.span.end),
                end: section.span.end
            )
            let items = NumberedItems.read(bytes, lines: lines, in: body)
            if !items.isEmpty { return stated(text, items) }
        }
        // A lead-in sentence: `本单位的主要职责是：` followed by the list. Each lead-in's first occurrence, in list
        // order, from the document's one pattern pass (not one search of the text per lead-in).
        var firsts = [Int?](repeating: nil, count: leadIns.count)
        cues.forEach(.dutiesLeadIn) { match in
            if firsts[match.pattern] == nil { firsts[match.pattern] = match.start }
            return true
        }
        for first in firsts {
            guard let found = first else { continue }
            let sectionEnd = sections.first { $0.span.start > found }?.span.start ?? bytes.count
            let items = NumberedItems.read(bytes, lines: lines, in: TextSpan(start: found, end: sectionEnd))
            if !items.isEmpty { return stated(text, items) }
        }
        return []
    }

    /// Whether a heading introduces the unit's duties.
    static func isDutiesHeading(_ heading: String) -> Bool {
        headingWords.occurs(inUTF8: heading) && !organizationWords.occurs(inUTF8: heading)
    }

    static func stated(_ text: NormalizedText, _ items: [NumberedItems.Item]) -> [Stated<String>] {
        var duties: [Stated<String>] = []
        duties.reserveCapacity(items.count)
        for item in items {
            let value = StructureScan.joinedOriginal(text, item.text)
            if !value.isEmpty { duties.append(Stated(value, evidence: item.whole)) }
        }
        return duties
    }
}
