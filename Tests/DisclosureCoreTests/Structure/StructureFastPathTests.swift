import DisclosureTestSupport
import Foundation
import Testing

@testable import DisclosureCore

/// The structure scanners' fast paths against the straightforward code they replaced, on the corpus texts and on
/// edge cases: every offset, every line.
@Suite struct StructureFastPathTests {
    /// Normalized texts: the corpus's plain-text documents (when present) and hand-made edge cases.
    private static let texts: [NormalizedText] = {
        var texts = edgeCases.map { TextNormalizer.normalize($0) }
        guard let corpus = TestSupport.corpus else { return texts }
        let files =
            FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "txt" }
            .sorted { $0.path < $1.path } ?? []
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            texts.append(TextNormalizer.normalize(text))
        }
        return texts
    }()

    private static let edgeCases = [
        "第一部分 单位概况\n第二部分\n第部分\n第十二部分：收支\n第",
        "（一）职能\n(二)机构\n（100）\n(1)\n（1\n(\n（\n（一）。\n(一)、",
        "①\n⑳项目\n㉑\n1.5万元\n1.\n1．负责\n99、\n100、\n0.\n2024年\n一、\n十二、\n一百、\n两.\n二〇二四年\n1",
        "共有\n车辆5辆，其中一般公务用车1辆；购置车辆0辆。本部门车辆共计:3辆，执法\n执勤用车2辆",
        "XX局xx处**单位□□○○×× AXXB XXX 主要原因是。主要原因是;请填写",
        "本单位内设机构：办公室、财务科。下属单位包括：机关本级、殡葬管理所等。下设组成构成",
        "\u{E4}", "é\u{301}", "a", "",
    ]

    /// Every pattern set of the structure scanners, and two with ASCII and two-byte patterns.
    private static let sets: [PatternSet] = [
        SubUnitExtractor.headingWords, SubUnitExtractor.listTriggers, VehicleExtractor.holdingKeys,
        VehicleExtractor.purchaseKeys, VehicleExtractor.assetHeadings, DutiesExtractor.headingWords,
        DutiesExtractor.organizationWords, TemplateResidueScanner.placeholders, TemplateResidueScanner.emptyReasons,
        TemplateResidueScanner.instructionSentences, UnitNameReader.bodyTriggers, StaffingExtractor.noteWords,
        PatternSet(["ab", "a:", "é", "\n第"]), PatternSet(["××", "万元", "xy"]),
    ]

    /// The first pattern of `set` at `index`, tried one by one.
    private func referenceMatch(_ set: PatternSet, _ bytes: [UInt8], at index: Int) -> Int? {
        set.patterns.first { StructureScan.matches($0, in: bytes, at: index) }?.count
    }

    /// Whether a pattern of `set` lies inside `bytes[from..<to]`, every offset tried.
    private func referenceOccurs(_ set: PatternSet, _ bytes: [UInt8], from: Int, to: Int) -> Bool {
        let upper = min(to, bytes.count)
        for index in max(from, 0)..<max(upper, max(from, 0)) {
            for pattern in set.patterns where index + pattern.count <= upper {
                if StructureScan.matches(pattern, in: bytes, at: index) { return true }
            }
        }
        return false
    }

    @Test func patternSetsMatchAsEveryPatternTriedInTurn() {
        for text in Self.texts {
            let bytes = text.bytes
            for set in Self.sets {
                // Every offset of each text's first pages (a debug build tries them one by one).
                for index in 0..<min(bytes.count, 3000) {
                    let expected = referenceMatch(set, bytes, at: index)
                    guard set.match(bytes, at: index) == expected else {
                        Issue.record("match at \(index) of \(text.string.prefix(40))")
                        return
                    }
                    if expected != nil { #expect(set.mayStart(bytes, at: index)) }
                }
            }
            // Each text's first lines (headings, titles); mismatches are collected, then checked once.
            var mismatches: [String] = []
            for line in TextLines(bytes).spans.prefix(40) {
                let string = StructureScan.string(bytes, line.start, line.end)
                let stringBytes = Array(string.utf8)
                for set in Self.sets {
                    // Whole lines, and lines cut one byte short (inside a character) at either end.
                    for (from, to) in [
                        (line.start, line.end), (line.start + 1, line.end - 1), (line.start, line.end - 2),
                    ]
                    where set.occurs(in: bytes, from: from, to: to) != referenceOccurs(set, bytes, from: from, to: to) {
                        mismatches.append("\(from)..<\(to): \(string)")
                    }
                    if set.occurs(inUTF8: string) != referenceOccurs(set, stringBytes, from: 0, to: stringBytes.count) {
                        mismatches.append(string)
                    }
                }
            }
            #expect(mismatches.isEmpty)
        }
    }

    @Test func headingMarkersReadAsTheFamilyByFamilyReader() {
        for text in Self.texts {
            let bytes = text.bytes
            var index = 0
            let lines = TextLines(bytes).spans
            let differing = lines.filter {
                HeadingMarker.read(bytes, at: $0.start, limit: $0.end)
                    != ReferenceHeadingMarker.read(bytes, at: $0.start, limit: $0.end)
            }
            #expect(differing.isEmpty)
            // Every offset too, with the text's end and a short limit.
            while index < bytes.count {
                for limit in [bytes.count, min(bytes.count, index + 4)] {
                    guard
                        HeadingMarker.read(bytes, at: index, limit: limit)
                            == ReferenceHeadingMarker.read(bytes, at: index, limit: limit)
                    else {
                        Issue.record("marker at \(index) limit \(limit) of \(text.string.prefix(40))")
                        return
                    }
                }
                index += 1
            }
        }
    }

    @Test func vehicleStatementsEndWhereEveryOffsetTestedEnds() {
        let fullStop = StructureScan.utf8("。")
        func reference(_ bytes: [UInt8], from start: Int) -> Int {
            var index = start
            while index < bytes.count {
                if bytes[index] == 0x3B || StructureScan.matches(fullStop, in: bytes, at: index) { return index }
                if VehicleExtractor.purchaseKeys.match(bytes, at: index) != nil
                    || VehicleExtractor.holdingKeys.match(bytes, at: index) != nil
                {
                    return index
                }
                index += 1
            }
            return bytes.count
        }
        for text in Self.texts {
            let bytes = text.bytes
            var index = 0
            while index < bytes.count {
                let end = VehicleExtractor.statementEnd(bytes, from: index)
                guard end == reference(bytes, from: index) else {
                    Issue.record("statement end from \(index) of \(text.string.prefix(40))")
                    return
                }
                // From each end on: every offset of the text is a start once, and the walk stays linear.
                index = max(index + 1, end + 1)
            }
        }
    }
    /// The first statement of `keys` in `ranges`, every key tried at every offset.
    private static func referenceStatement(_ bytes: [UInt8], keys: PatternSet, in ranges: [TextSpan]) -> VehicleCounts?
    {
        for range in ranges {
            for index in range.start..<range.end {
                for key in keys.patterns {
                    guard let keyEnd = VehicleExtractor.matchAcrossBreaks(key, in: bytes, at: index) else {
                        continue
                    }
                    if let counts = VehicleExtractor.statement(bytes, keyStart: index, keyEnd: keyEnd) {
                        return counts
                    }
                }
            }
        }
        return nil
    }

    /// Whether ``VehicleExtractor/extract(_:sections:cues:topics:)`` finds in `text` the statements that trying every
    /// key at every offset finds.
    private static func vehiclesMatchReference(_ text: NormalizedText) -> Bool {
        let bytes = text.bytes
        let sections = SectionSegmenter.segment(bytes, lines: TextLines(bytes))
        let ranges =
            sections.filter { VehicleExtractor.assetHeadings.occurs(inUTF8: $0.heading) }.map(\.span) + [
                TextSpan(start: 0, end: bytes.count)
            ]
        let assets = VehicleExtractor.extract(bytes, sections: sections, cues: StructureCues(bytes))
        // No statement leaves the block's empty counts.
        return assets.vehicles
            == referenceStatement(bytes, keys: VehicleExtractor.holdingKeys, in: ranges) ?? VehicleCounts()
            && assets.vehiclePurchases
                == referenceStatement(bytes, keys: VehicleExtractor.purchaseKeys, in: ranges) ?? VehicleCounts()
    }

    @Test func vehicleStatementsAreFoundAsByTryingEveryKeyAtEveryOffset() {
        // The smaller texts (a debug build tries every key at every offset).
        for text in Self.texts where text.bytes.count < 40_000 {
            #expect(Self.vehiclesMatchReference(text), "\(text.string.prefix(40))")
        }
    }

    /// Pieces of vehicle statements: every key, keys cut short or with their third character swapped (`购置费`), line
    /// breaks between characters, counts, kinds and statement ends.
    private static let vehiclePieces: [String] = {
        var pieces: [String] = [
            "为", ":", "共", "合计", "1", "12", "0", "辆", "2辆", "其中", "一般公务用车", "执法执勤用车", "其他用车", "。", "；",
            ";", "\n", "、", "，", "车", "公", "各", "类", "设备", "购", "置", "a", "é", "𠀀",
        ]
        for key in VehicleExtractor.holdingKeys.patterns + VehicleExtractor.purchaseKeys.patterns {
            let characters = Array(String(decoding: key, as: UTF8.self))
            let head = String(characters.prefix(2))
            pieces.append(String(characters))
            pieces.append(head)
            pieces.append(String(characters.prefix(3)))
            pieces.append(head + "费")
            pieces.append(head + "\n" + String(characters.dropFirst(2)))
            pieces.append(String(characters.prefix(1)) + "\n" + String(characters.dropFirst()))
        }
        return pieces
    }()

    @Test func vehicleStatementsOfGeneratedTextAreFoundAsByTryingEveryKey() {
        var generator = SplitMix64(seed: 19)
        var differing: [String] = []
        for _ in 0..<300 {
            var pieces: [String] = []
            for _ in 0..<(1 + generator.below(24)) {
                pieces.append(Self.vehiclePieces[generator.below(Self.vehiclePieces.count)])
            }
            let text = TextNormalizer.normalize(pieces.joined())
            if !Self.vehiclesMatchReference(text) { differing.append(text.string) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
    }

    @Test func staffingSentencesAreTheSpansAByteWalkFinds() {
        // The walk it replaced: `。` matched as a pattern at every byte.
        let fullStop = StructureScan.utf8("。")
        func reference(_ bytes: [UInt8], around index: Int) -> TextSpan {
            var start = index
            while start > 0, bytes[start - 1] != 0x0A,
                !(start >= fullStop.count && StructureScan.matches(fullStop, in: bytes, at: start - fullStop.count))
            {
                start -= 1
            }
            var end = index
            while end < bytes.count, bytes[end] != 0x0A, !StructureScan.matches(fullStop, in: bytes, at: end) {
                end += 1
            }
            return TextSpan(start: start, end: end)
        }
        // `。` and its neighbours in E3 80 xx (`、`, `〃`), its bytes alone, line breaks, and text around them.
        let pieces = [
            "。", "、", "〃", "\u{E3}", "\u{80}", "\u{82}", "\n", "编制", "职数", "行政编制25名", "，", "（含", "）", "a", "é", "𠀀",
            "其中", "主任1名",
        ]
        var generator = SplitMix64(seed: 23)
        var differing: [String] = []
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<(generator.below(20)) {
                let piece = pieces[generator.below(pieces.count)]
                // The lone bytes as bytes: cut characters at the text's ends and inside it.
                switch piece {
                case "\u{E3}": bytes.append(0xE3)
                case "\u{80}": bytes.append(0x80)
                case "\u{82}": bytes.append(0x82)
                default: bytes += Array(piece.utf8)
                }
            }
            for index in 0...bytes.count
            where StaffingExtractor.sentence(bytes, around: index) != reference(bytes, around: index) {
                differing.append("\(index) in \(bytes)")
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
    }

    @Test func sectionTopicsAreTheHeadingsSearchedForEachTopicsWords() {
        for text in Self.texts + Self.headingTexts {
            let bytes = text.bytes
            let sections = SectionSegmenter.segment(bytes, lines: TextLines(bytes))
            // One matcher over the headings in place, against each topic's words searched in each heading string.
            let topics = SectionTopics(bytes, sections: sections)
            var differing: [String] = []
            for (index, section) in sections.enumerated() {
                for topic in SectionTopics.Topic.allCases
                where topics.has(topic, section: index) != topic.words.occurs(inUTF8: section.heading) {
                    differing.append("\(topic): \(section.heading)")
                }
                let isDuties = DutiesExtractor.isDutiesHeading(section.heading)
                let isOrganization = SubUnitExtractor.isOrganizationHeading(section.heading)
                if topics.isDuties(section: index) != isDuties
                    || topics.has(.organization, section: index) != isOrganization
                {
                    differing.append(section.heading)
                }
            }
            #expect(differing.isEmpty, "\(differing.prefix(5))")
        }
    }

    /// Headings with every topic's words, alone and together, and cut inside a character.
    private static let headingTexts: [NormalizedText] = {
        let words = SectionTopics.Topic.allCases.flatMap(\.words.patterns).map { String(decoding: $0, as: UTF8.self) }
        var lines: [String] = []
        for (index, word) in words.enumerated() {
            let other = words[(index * 7 + 3) % words.count]
            lines += [
                "一、\(word)", "（二）\(word)\(other)情况", "\(index % 9 + 1).\(other)与\(word)",
                "第\(index % 9 + 1)部分 x\(word)",
            ]
        }
        return [TextNormalizer.normalize(lines.joined(separator: "\n")), TextNormalizer.normalize("一、职\n二、能职\n三、车")]
    }()

    @Test func structureCuesOfAGroupAreThoseAPlainSearchFindsInAWindow() {
        for text in Self.texts {
            let bytes = text.bytes
            let cues = StructureCues(bytes)
            for group in StructureCues.Group.allCases {
                let base = StructureCues.layout.groupStarts[group.rawValue]
                var all: [MultiPatternMatcher.Match] = []
                for (id, pattern) in group.patterns.enumerated() {
                    let length = StructureCues.reportedLengths[base + id]
                    for start in TextSearch.occurrences(of: pattern, in: bytes) {
                        all.append(MultiPatternMatcher.Match(pattern: id, start: start, end: start + length))
                    }
                }
                all.sort { ($0.start, $0.pattern) < ($1.start, $1.pattern) }
                // The whole text, and windows that cut occurrences at either end.
                let windows = [(0, Int.max), (bytes.count / 3, bytes.count / 2), (1, bytes.count - 1)]
                for (from, to) in windows {
                    var found: [MultiPatternMatcher.Match] = []
                    cues.forEach(group, from: from, to: to) { match in
                        found.append(match)
                        return true
                    }
                    let expected = all.filter { $0.start >= from && $0.end <= to }
                    #expect(found == expected, "\(group) \(from)..<\(to)")
                    #expect(cues.first(group, from: from, to: to) == expected.first)
                }
            }
        }
    }

    @Test func subUnitTriggersAreFoundAsByTryingEveryTriggerAtEveryOffset() {
        let triggers = SubUnitExtractor.listTriggers.patterns
        for text in Self.texts {
            let bytes = text.bytes
            let cues = StructureCues(bytes)
            // The first trigger in list order at each offset where one starts, in offset order.
            var starts: [(start: Int, length: Int, index: Int)] = []
            for index in bytes.indices {
                if let (pattern, trigger) = triggers.enumerated().first(where: {
                    StructureScan.matches($0.element, in: bytes, at: index)
                }) {
                    starts.append((index, trigger.count, pattern))
                }
            }
            // From every offset where a trigger starts, one byte before it and one after, up to the text's end and
            // to a bound that cuts the next trigger.
            var differing: [Int] = []
            for from in starts.flatMap({ [$0.start - 1, $0.start, $0.start + 1] }) where from >= 0 {
                for to in [bytes.count, from + 7] {
                    let expected = starts.first { $0.start >= from && $0.start + $0.length <= to }
                    let found = cues.first(.subUnitTrigger, from: from, to: to)
                    if found?.start != expected?.start || found?.pattern != expected?.index
                        || found.map({ $0.end - $0.start }) != expected?.length
                    {
                        differing.append(from)
                    }
                }
            }
            #expect(differing.isEmpty, "\(text.string.prefix(40)): \(differing.prefix(5))")
        }
    }

    @Test func tableMarksAreFoundAsByTheByteSearch() {
        func reference(_ bytes: [UInt8], from position: Int) -> Int? {
            var index = position
            while index + 2 < bytes.count {
                if bytes[index] == 0xE8, bytes[index + 1] == 0xA1, bytes[index + 2] == 0xA8 { return index }
                index += 1
            }
            return nil
        }
        // `表` at every offset of a run of other characters sharing its bytes (`要` E8 A6 81, `衡` E8 A1 A1), cut at
        // the end; then the corpus texts from every `表` and the offsets around it.
        var samples: [[UInt8]] = []
        for length in 0..<40 {
            for at in 0...length {
                var bytes: [UInt8] = []
                for offset in 0..<length { bytes += Array((offset % 3 == 0 ? "要" : offset % 3 == 1 ? "衡" : "a").utf8) }
                bytes.insert(contentsOf: Array("表".utf8), at: min(at, bytes.count))
                samples += [bytes, Array(bytes.dropLast()), Array(bytes.dropLast(2))]
            }
        }
        var differing = 0
        for bytes in samples {
            for from in 0...bytes.count
            where bytes.withUnsafeBufferPointer({ LayoutLines.nextTable($0, from: from) })
                != reference(bytes, from: from)
            {
                differing += 1
            }
        }
        for text in Self.texts {
            let bytes = text.bytes
            var from = 0
            while true {
                let expected = reference(bytes, from: from)
                for start in [from, from + 1, from + 17] where start <= bytes.count {
                    if bytes.withUnsafeBufferPointer({ LayoutLines.nextTable($0, from: start) })
                        != reference(bytes, from: start)
                    {
                        differing += 1
                    }
                }
                guard let found = expected else { break }
                from = found + 1
            }
        }
        #expect(differing == 0)
    }

    @Test func parenthesizedResiduesAreFoundAsByTheByteLoop() {
        let directionWords = TemplateResidueScanner.directionWords.map(StructureScan.utf8)
        let instructionWords = TemplateResidueScanner.instructionWords.map(StructureScan.utf8)
        // The scanner before memchr and the instruction-word set: a byte loop to `)`, one search per word.
        func reference(_ bytes: [UInt8], at open: Int) -> (Int, Int)? {
            let limit = min(bytes.count, open + TemplateResidueScanner.maxParenthesized)
            var close = open + 1
            while close < limit, bytes[close] != 0x29 { close += 1 }
            guard close < limit else { return nil }
            let innerLength = close - (open + 1)
            if directionWords.contains(where: {
                $0.count == innerLength && StructureScan.matches($0, in: bytes, at: open + 1)
            }) {
                var start = open
                for word in directionWords
                where open >= word.count && StructureScan.matches(word, in: bytes, at: open - word.count) {
                    start = open - word.count
                    break
                }
                return (start, close + 1)
            }
            if StructureScan.containsAny(instructionWords, in: bytes, from: open + 1, to: close) {
                return (open, close + 1)
            }
            return nil
        }
        let samples = ["(按实际填写)", "增加(减少)", "(此处", "()", "(", "(单位:万元)", "a(填报说明)b(填"].map {
            TextNormalizer.normalize($0)
        }
        var differing: [String] = []
        for text in Self.texts + samples {
            let bytes = text.bytes
            for open in bytes.indices where bytes[open] == 0x28 {
                let found = TemplateResidueScanner.parenthesized(bytes, at: open)
                let expected = reference(bytes, at: open)
                if found?.0 != expected?.0 || found?.1 != expected?.1 {
                    differing.append("\(open): \(text.string.prefix(40))")
                }
            }
        }
        #expect(differing.isEmpty)
    }
}

/// The heading-marker reader as it was before it dispatched on the first byte: every family tried in turn.
private enum ReferenceHeadingMarker {
    static let part = StructureScan.utf8("部分")
    static let di = StructureScan.utf8("第")
    static let comma = StructureScan.utf8("、")
    static let fullStop = StructureScan.utf8("．")
    static let openParen = StructureScan.utf8("（")
    static let closeParen = StructureScan.utf8("）")

    static func mayStart(with scalar: UInt32) -> Bool {
        switch scalar {
        case 0x28, 0x30...0x39, 0x7B2C, 0xFF08, 0x2460...0x2473: true
        default: CountReader.digitValue(scalar) != nil || CountReader.unitValue(scalar) != nil
        }
    }

    static func read(_ bytes: [UInt8], at index: Int, limit: Int) -> HeadingMarker? {
        guard index < limit, mayStart(with: StructureScan.scalar(in: bytes, at: index).value) else { return nil }
        let end = min(limit, bytes.count)
        if StructureScan.matches(di, in: bytes, at: index),
            let number = CountReader.read(bytes, at: index + di.count), number.end < end,
            StructureScan.matches(part, in: bytes, at: number.end), number.value > 0
        {
            let after = skipSeparator(bytes, at: number.end + part.count, limit: end)
            return HeadingMarker(kind: .part, number: number.value, start: index, end: after)
        }
        var openLength = 0
        if bytes[index] == 0x28 {
            openLength = 1
        } else if StructureScan.matches(openParen, in: bytes, at: index) {
            openLength = openParen.count
        }
        if openLength > 0, let number = CountReader.read(bytes, at: index + openLength), number.value > 0,
            number.value < 100
        {
            var closeLength = 0
            if number.end < end && bytes[number.end] == 0x29 {
                closeLength = 1
            } else if StructureScan.matches(closeParen, in: bytes, at: number.end) {
                closeLength = closeParen.count
            }
            if closeLength > 0 {
                let kind: HeadingMarker.Kind =
                    StructureScan.isDigit(bytes[index + openLength]) ? .parenArabic : .parenChinese
                let after = skipSeparator(bytes, at: number.end + closeLength, limit: end)
                return HeadingMarker(kind: kind, number: number.value, start: index, end: after)
            }
            return nil
        }
        let (scalar, length) = StructureScan.scalar(in: bytes, at: index)
        if scalar >= 0x2460 && scalar <= 0x2473 {
            return HeadingMarker(kind: .circled, number: Int(scalar - 0x2460) + 1, start: index, end: index + length)
        }
        guard let number = CountReader.read(bytes, at: index), number.value > 0, number.value < 100,
            number.end < end
        else { return nil }
        let isArabic = StructureScan.isDigit(bytes[index])
        var after = number.end
        if StructureScan.matches(comma, in: bytes, at: after) {
            after += comma.count
        } else if isArabic, bytes[after] == 0x2E || StructureScan.matches(fullStop, in: bytes, at: after) {
            after += bytes[after] == 0x2E ? 1 : fullStop.count
            if after < end, StructureScan.isDigit(bytes[after]) { return nil }
        } else if !isArabic, bytes[after] == 0x2E {
            after += 1
        } else {
            return nil
        }
        return HeadingMarker(kind: isArabic ? .arabic : .chinese, number: number.value, start: index, end: after)
    }

    static func skipSeparator(_ bytes: [UInt8], at index: Int, limit: Int) -> Int {
        guard index < limit else { return index }
        if bytes[index] == 0x3A || bytes[index] == 0x2E || bytes[index] == 0x20 { return index + 1 }
        if StructureScan.matches(comma, in: bytes, at: index) { return index + comma.count }
        return index
    }
}
