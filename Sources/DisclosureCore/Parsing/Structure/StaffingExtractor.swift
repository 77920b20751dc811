/// Reads 编制 and leadership posts: `机关行政编制25名，其中：主任1名（兼…）、副主任４名，科级领导职数17名（含…１名）`,
/// `核定事业编制1377名，设院长1名、副院长5名`, `行政编制25人、参公编制20人、事业编制26人`.
///
/// Only sentences that speak of 编制 or 领导职数 are read. In them, every count followed by 名 or 人 outside
/// parentheses is an item, named by the words just before it: 行政编制 and 事业编制 fill the two staffing counts, titles
/// fill `leaders[]`, head-counts of people (在职人员, 退休人员, 工作人员) are skipped. Parenthesized notes are not items
/// (`（含区委外办外事科领导职数１名）` is part of the 17, not a post of its own); a parenthesized breakdown is
/// (`领导职数3名（局长1名、副局长2名）`).
enum StaffingExtractor {
    /// Words that make a sentence a staffing statement.
    static let triggers = ["编制", "职数"].map(StructureScan.utf8)
    /// Words stripped from the front of an item's label.
    static let leadingWords = ["其中", "核定", "本单位", "本部门", "机关", "领导职数", "另有", "设", "有", "和", "及"]
    /// Labels that count people, not posts.
    static let headcountWords = ["人员", "人数", "职工", "退休", "在职", "实有", "聘用", "学生", "工作人", "编外"]
    /// Words that open a parenthesized note rather than a breakdown.
    static let noteWords = PatternSet(["其中含", "不含", "注:"])
    /// Most leadership posts read (a real list has a handful).
    static let maxLeaders = 32
    /// Longest leadership title, in characters.
    static let maxTitle = 12

    private static let ming = StructureScan.utf8("名")
    private static let ren = StructureScan.utf8("人")

    /// The staffing block of the document.
    static func extract(_ text: NormalizedText, cues: StructureCues) -> StaffingBlock {
        let bytes = text.bytes
        var block = StaffingBlock()
        // Sentences end at a line break or `。`; only those holding a trigger are read, in order, each once.
        var triggerSentences: [TextSpan] = []
        cues.forEach(.staffing) { match in
            if let last = triggerSentences.last, match.start < last.end { return true }
            triggerSentences.append(sentence(bytes, around: match.start))
            return true
        }
        for sentence in triggerSentences { read(text, sentence: sentence, into: &block) }
        return block
    }

    /// The sentence holding `index`: from after the previous line break or `。` to the next one.
    ///
    /// Through a buffer pointer, `。` (E3 80 82) tested only at its last byte going back and at its lead byte going
    /// forward: a few instructions a byte, where a pattern match at every byte (and the pattern's lazy global) cost
    /// some forty.
    static func sentence(_ bytes: [UInt8], around index: Int) -> TextSpan {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var start = min(index, count)
            while start > 0 {
                let byte = buffer[start &- 1]
                if byte == 0x0A { break }
                if byte == 0x82 && start >= 3 && buffer[start &- 3] == 0xE3 && buffer[start &- 2] == 0x80 { break }
                start &-= 1
            }
            var end = index
            while end < count {
                let byte = buffer[end]
                if byte == 0x0A { break }
                if byte == 0xE3 && end &+ 3 <= count && buffer[end &+ 1] == 0x80 && buffer[end &+ 2] == 0x82 { break }
                end &+= 1
            }
            return TextSpan(start: start, end: end)
        }
    }

    /// Reads the items of one staffing sentence.
    static func read(_ text: NormalizedText, sentence: TextSpan, into block: inout StaffingBlock) {
        let bytes = text.bytes
        var depth = 0
        var index = sentence.start
        var labelStart = sentence.start
        var leaders: [LeaderPost] = []
        while index < sentence.end {
            let byte = bytes[index]
            if byte == 0x28 {
                // A note (`（含…领导职数１名）`, `（兼…主任）`) is skipped whole; a breakdown
                // (`领导职数3名（局长1名、副局长2名）`) is read like the sentence around it.
                if depth > 0 || noteWords.match(bytes, at: index + 1) != nil || isNoteStart(bytes, index + 1) {
                    depth += 1
                }
                index += 1
                labelStart = index
                continue
            }
            if byte == 0x29 {
                depth = max(0, depth - 1)
                index += 1
                labelStart = index
                continue
            }
            if depth == 0, byte == 0x2C || byte == 0x3A || byte == 0x3B || isEnumerationComma(bytes, index) {
                index += byte < 0x80 ? 1 : 3
                labelStart = index
                continue
            }
            // Most characters start no numeral: their scalar, read once, says so without trying to read a count.
            let (scalar, length) = StructureScan.scalar(in: bytes, at: index)
            guard depth == 0, CountReader.mayStart(scalar), let count = CountReader.read(bytes, at: index),
                count.end < sentence.end,
                StructureScan.matches(ming, in: bytes, at: count.end)
                    || StructureScan.matches(ren, in: bytes, at: count.end)
            else {
                index += length
                continue
            }
            let evidence = TextSpan(start: labelStart, end: count.end + 3)
            let stated = Count(count.value, evidence: evidence)
            let kind: LabelKind
            var title: String?
            if let start = plainLabelStart(bytes, labelStart, index) {
                // ASCII and ideographs only: the byte tests below are the String ones, without a String.
                let label = bytes[start..<index]
                if TextSearch.contains(administrativeWord, in: label) {
                    kind = .administrative
                } else if TextSearch.contains(publicInstitutionWord, in: label) {
                    kind = .publicInstitution
                } else if leaders.count < maxLeaders, isLeaderTitle(label) {
                    kind = .leader
                    title = String(decoding: label, as: UTF8.self)
                } else {
                    kind = .other
                }
            } else {
                let label = cleanLabel(StructureScan.string(bytes, labelStart, index))
                if label.contains("行政编制") {
                    kind = .administrative
                } else if label.contains("事业编制") {
                    kind = .publicInstitution
                } else if leaders.count < maxLeaders, isLeaderTitle(label) {
                    kind = .leader
                    title = label
                } else {
                    kind = .other
                }
            }
            switch kind {
            case .administrative: if block.administrative == nil { block.administrative = stated }
            case .publicInstitution: if block.publicInstitution == nil { block.publicInstitution = stated }
            case .leader: if let title { leaders.append(LeaderPost(title: title, count: stated)) }
            case .other: break
            }
            index = count.end + 3
            labelStart = index
        }
        // Leadership posts are stated once; a later sentence (a sub-unit's) does not add to them.
        if block.leaders.isEmpty { block.leaders = leaders }
    }

    /// What an item's label names.
    private enum LabelKind {
        case administrative
        case publicInstitution
        case leader
        case other
    }

    private static let administrativeWord = StructureScan.utf8("行政编制")
    private static let publicInstitutionWord = StructureScan.utf8("事业编制")
    private static let staffingWord = StructureScan.utf8("编制")
    private static let leadingWordBytes = leadingWords.map(StructureScan.utf8)
    private static let headcountWordBytes = headcountWords.map(StructureScan.utf8)

    /// Where the label `bytes[start..<end]` begins once ``cleanLabel(_:)`` has dropped its filler words, when the
    /// label is ASCII and ideographs only (one `Character` per scalar, compared byte for byte); nil otherwise.
    static func plainLabelStart(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            guard byte >= 0xE0, byte < 0xF0, index + 2 < end, bytes[index + 1] & 0xC0 == 0x80,
                bytes[index + 2] & 0xC0 == 0x80
            else { return nil }
            let (scalar, _) = StructureScan.scalar(in: bytes, at: index)
            guard StructureScan.isIdeograph(scalar) else { return nil }
            index += 3
        }
        // As cleanLabel: every word in turn, again while one was dropped; a word is dropped only when more follows.
        var value = start
        var changed = true
        while changed {
            changed = false
            for word in leadingWordBytes
            where end - value > word.count && StructureScan.matches(word, in: bytes, at: value) {
                value += word.count
                changed = true
            }
        }
        return value
    }

    /// ``isLeaderTitle(_:)`` of a label of ASCII and ideographs (see ``plainLabelStart(_:_:_:)``).
    static func isLeaderTitle(_ label: ArraySlice<UInt8>) -> Bool {
        guard !label.isEmpty else { return false }
        // All ideographs: three bytes each, so at most `maxTitle` of them.
        guard label.allSatisfy({ $0 >= 0x80 }), label.count <= 3 * maxTitle else { return false }
        if TextSearch.contains(staffingWord, in: label) { return false }
        return !headcountWordBytes.contains { TextSearch.contains($0, in: label) }
    }

    /// Drops leading filler words (`其中`, `核定`, `设`) from a label.
    static func cleanLabel(_ label: String) -> String {
        var value = Substring(label)
        var changed = true
        while changed {
            changed = false
            for word in leadingWords where value.hasPrefix(word) && value.count > word.count {
                value = value.dropFirst(word.count)
                changed = true
            }
        }
        return String(value)
    }

    /// A leadership title: short, all ideographs, not a head-count or another 编制.
    static func isLeaderTitle(_ label: String) -> Bool {
        guard !label.isEmpty, label.count <= maxTitle else { return false }
        guard label.unicodeScalars.allSatisfy({ StructureScan.isIdeograph($0.value) }) else { return false }
        if label.contains("编制") { return false }
        return !headcountWords.contains { label.contains($0) }
    }

    /// `含`, `兼`, `另`: one-character note openers.
    static func isNoteStart(_ bytes: [UInt8], _ index: Int) -> Bool {
        guard index + 2 < bytes.count else { return false }
        let (scalar, _) = StructureScan.scalar(in: bytes, at: index)
        return scalar == 0x542B || scalar == 0x517C || scalar == 0x53E6  // 含 兼 另
    }

    @inline(__always)
    static func isEnumerationComma(_ bytes: [UInt8], _ index: Int) -> Bool {
        bytes[index] == 0xE3 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x81
    }
}
