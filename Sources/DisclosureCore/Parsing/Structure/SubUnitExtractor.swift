/// Reads internal and subordinate units under an organization heading (`（二）单位构成`, `二、机构设置`,
/// `（一）部门构成`).
///
/// Two forms: a numbered list of units with their duties (`1.综合科。负责…`), and enumerations
/// (`本单位内设6个科室：财务科、办公室…`, `…单位共5个，包括：机关本级、安庆市殡葬管理所…`), whose units have no
/// duties text.
enum SubUnitExtractor {
    /// Heading words of an organization section.
    static let headingWords = PatternSet(["构成", "机构设置", "内设机构", "组成", "下属单位", "所属单位", "机构情况"])
    /// Words that introduce an enumeration of units.
    static let listTriggers = PatternSet(["内设", "下设", "包括", "设有", "设置", "分别是", "分别为", "下属"])
    /// The longest of ``listTriggers``, in bytes.
    private static let maxTriggerLength = listTriggers.patterns.map(\.count).max() ?? 0
    /// Most sub-units kept (a real list has a few dozen at most).
    static let maxUnits = 200
    /// Longest unit name, in scalars.
    static let maxName = 30

    private static let fullStop = StructureScan.utf8("。")
    private static let enumerationComma = StructureScan.utf8("、")
    private static let etc = StructureScan.utf8("等")
    private static let including = StructureScan.utf8("包括")
    private static let respectively = StructureScan.utf8("分别")

    /// The sub-units of the document, in order; `cues` are the occurrences of the structure patterns in `text`,
    /// `topics` the sections' (found from their headings when nil).
    static func extract(
        _ text: NormalizedText,
        lines: TextLines,
        sections: [Section],
        cues: StructureCues,
        topics: SectionTopics? = nil
    ) -> [SubUnit] {
        let topics = topics ?? SectionTopics(sections: sections)
        for (index, section) in sections.enumerated() where topics.has(.organization, section: index) {
            let bodyStart = min(section.span.start + section.headingUTF8Count, section.span.end)
            let body = TextSpan(start: bodyStart, end: section.span.end)
            var units = numbered(text, lines: lines, in: body)
            if units.isEmpty { units = enumerated(text, in: body, cues: cues) }
            if !units.isEmpty { return Array(units.prefix(maxUnits)) }
        }
        return []
    }

    /// Whether a heading introduces the unit's organization.
    static func isOrganizationHeading(_ heading: String) -> Bool {
        headingWords.occurs(inUTF8: heading)
    }

    /// `1.综合科。负责…`: name up to the first `。` or `:`, duties after it.
    static func numbered(_ text: NormalizedText, lines: TextLines, in body: TextSpan) -> [SubUnit] {
        let bytes = text.bytes
        let items = NumberedItems.readLines(bytes, lines: lines, in: body)
        var units: [SubUnit] = []
        for item in items {
            var cut = item.text.end
            var duties: TextSpan?
            if let stop = StructureScan.find(fullStop, in: bytes, from: item.text.start, to: item.text.end) {
                cut = stop
                duties = TextSpan(start: stop + fullStop.count, end: item.text.end)
            }
            if let colon = StructureScan.find([0x3A], in: bytes, from: item.text.start, to: cut) {
                cut = colon
                duties = TextSpan(start: colon + 1, end: item.text.end)
            }
            let name = TextSpan(start: item.text.start, end: cut)
            guard isUnitName(bytes, name) else { return [] }
            var dutiesText = duties.map { StructureScan.joinedOriginal(text, $0) }
            if dutiesText?.isEmpty == true { dutiesText = nil }
            units.append(SubUnit(name: text.originalText(name), duties: dutiesText, evidence: item.whole))
        }
        return units
    }

    /// `内设6个科室：财务科、办公室、…。` and `包括：机关本级、…。`, every enumeration in the section; `cues` are the
    /// occurrences of the structure patterns in `text`.
    static func enumerated(_ text: NormalizedText, in body: TextSpan, cues: StructureCues) -> [SubUnit] {
        let bytes = text.bytes
        var units: [SubUnit] = []
        var cursor = body.start
        // A trigger may start up to the body's last byte and run past it.
        let scanEnd = min(bytes.count, body.end + maxTriggerLength - 1)
        while cursor < body.end {
            // The next offset where a trigger starts, and the first trigger (in list order) there: what a test of
            // every offset finds, read from the document's one pattern pass (a body may be most of a document).
            guard let trigger = cues.first(.subUnitTrigger, from: cursor, to: scanEnd), trigger.start < body.end
            else { break }
            cursor = trigger.start
            let length = trigger.end - trigger.start
            // The names start after the clause's colon (`内设6个科室：`) or right after `包括` / `分别是`.
            var start = cursor + length
            let clauseEnd = clauseEnd(bytes, from: start, limit: body.end)
            var end = listEnd(bytes, from: start, limit: body.end)
            var minimum = 1
            if let colon = StructureScan.find([0x3A], in: bytes, from: start, to: clauseEnd) {
                start = colon + 1
                end = listEnd(bytes, from: start, limit: body.end)
            } else if StructureScan.matches(including, in: bytes, at: cursor)
                || StructureScan.matches(respectively, in: bytes, at: cursor)
            {
                // `…包括机关本级、…` / `分别是…`: the names follow directly.
            } else if let etcAt = StructureScan.find(etc, in: bytes, from: start, to: end) {
                // `设有办公室、财务科等5个内设机构`: the names run up to 等.
                end = etcAt
                minimum = 2
            } else {
                cursor = start
                continue
            }
            let names = split(bytes, from: start, to: end)
            if names.count >= minimum, names.allSatisfy({ isUnitName(bytes, $0) }) {
                for name in names {
                    units.append(SubUnit(name: text.originalText(name), duties: nil, evidence: name))
                }
            }
            cursor = max(end, cursor + length)
        }
        return units
    }

    /// The end of the clause that holds a trigger: the next `。` `;` `,` or line end.
    static func clauseEnd(_ bytes: [UInt8], from start: Int, limit: Int) -> Int {
        var index = start
        while index < limit {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x3B || byte == 0x2C
                || byte == 0xE3 && StructureScan.matches(fullStop, in: bytes, at: index)
            {
                return index
            }
            index += 1
        }
        return limit
    }

    /// The end of an enumeration: the next `。` `;` or line end.
    static func listEnd(_ bytes: [UInt8], from start: Int, limit: Int) -> Int {
        var index = start
        var depth = 0
        while index < limit {
            let byte = bytes[index]
            if byte == 0x28 { depth += 1 }
            if byte == 0x29 { depth = max(0, depth - 1) }
            if depth == 0,
                byte == 0x0A || byte == 0x3B || byte == 0xE3 && StructureScan.matches(fullStop, in: bytes, at: index)
            {
                return index
            }
            index += 1
        }
        return limit
    }

    /// Splits an enumeration at `、` (and `,`) outside parentheses; drops a trailing `等`.
    static func split(_ bytes: [UInt8], from start: Int, to end: Int) -> [TextSpan] {
        var names: [TextSpan] = []
        var itemStart = start
        var depth = 0
        var index = start
        func close(_ upTo: Int) {
            var (lower, upper) = StructureScan.trimmed(bytes, itemStart, upTo)
            if upper - lower > etc.count, StructureScan.matches(etc, in: bytes, at: upper - etc.count) {
                upper -= etc.count
            }
            if upper > lower { names.append(TextSpan(start: lower, end: upper)) }
        }
        while index < end {
            let byte = bytes[index]
            if byte == 0x28 { depth += 1 }
            if byte == 0x29 { depth = max(0, depth - 1) }
            if depth == 0,
                byte == 0x2C || byte == 0xE3 && StructureScan.matches(enumerationComma, in: bytes, at: index)
            {
                close(index)
                index += byte == 0x2C ? 1 : enumerationComma.count
                itemStart = index
                continue
            }
            index += 1
        }
        close(end)
        return names
    }

    /// A short run of ideographs (parentheses allowed), no digits or sentence punctuation.
    static func isUnitName(_ bytes: [UInt8], _ span: TextSpan) -> Bool {
        var index = span.start
        var scalars = 0
        var ideographs = 0
        while index < span.end {
            let (scalar, length) = StructureScan.scalar(in: bytes, at: index)
            if StructureScan.isIdeograph(scalar) {
                ideographs += 1
            } else if scalar != 0x28 && scalar != 0x29 && scalar != 0x201C && scalar != 0x201D {
                return false
            }
            index += length
            scalars += 1
        }
        return ideographs >= 2 && scalars <= maxName
    }
}
