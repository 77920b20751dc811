/// Reads vehicle counts: holdings (`截至2023年12月，…共有车辆1辆，其中一般公务用车1辆、执勤执法用车0辆`) and purchases
/// (`2024年一般公共预算安排购置车辆0辆，其中…`, `2019年度购置车辆2辆`).
///
/// The kinds follow their statement up to the end of its sentence (or `；`, or the next statement). 一般公务用车 is
/// `general`, 执勤执法用车 / 执法执勤用车 `lawEnforcement`; every other kind (特种专业技术用车, 其他用车, 机要通信用车,
/// 应急保障用车, 领导干部用车 …) is summed into `other`, as the annotations count them. Line breaks inside the
/// statement (PDF text: `执法\n执勤用车`) are ignored.
enum VehicleExtractor {
    /// Statements of the vehicles held.
    static let holdingKeys = PatternSet([
        "共有车辆", "车辆共计", "现有车辆", "实有车辆", "车辆总数", "拥有车辆", "车辆合计", "共有公务用车", "车辆保有量", "公务用车保有量", "实有公务用车",
        "现有公务用车",
    ])
    /// Headings of the section that states the holdings.
    static let assetHeadings = PatternSet(["国有资产", "资产占", "车辆"])
    /// Statements of vehicles bought or to buy.
    static let purchaseKeys = PatternSet(["购置车辆", "购买车辆", "购置公务用车", "更新车辆", "新购车辆", "购置各类车辆"])
    /// General-purpose vehicles.
    static let generalKinds = ["一般公务用车", "一般公务车辆"].map(StructureScan.utf8)
    /// Law-enforcement vehicles.
    static let lawEnforcementKinds = ["执勤执法用车", "执法执勤用车", "执勤执法车辆", "执法执勤车辆", "执法用车"].map(StructureScan.utf8)
    /// Every other kind.
    static let otherKinds = [
        "特种专业技术用车", "其他用车", "机要通信用车", "应急保障用车", "主要领导干部用车", "部级领导干部用车", "离退休干部用车", "其他车辆", "特种专业用车", "特种专业技术车辆",
        "其他用途车辆",
    ].map(StructureScan.utf8)
    /// Words allowed between a key and its count (`共有车辆为5辆`, `车辆共计:3辆`).
    static let joiners = ["为", ":", "合计", "共", "总计"].map(StructureScan.utf8)
    /// Longest statement read, in bytes of the joined text.
    static let window = 900

    private static let liang = StructureScan.utf8("辆")
    private static let fullStop = StructureScan.utf8("。")
    private static let among = StructureScan.utf8("其中")
    private static let che = StructureScan.utf8("车")
    private static let generalWord = StructureScan.utf8("一般公务")
    private static let lawWords = ["执法", "执勤"].map(StructureScan.utf8)
    /// Longest unknown kind label, in characters.
    private static let maxLabel = 16

    /// The vehicle counts of the document; `topics` are the sections' (found from their headings when nil).
    static func extract(
        _ bytes: [UInt8],
        sections: [Section] = [],
        cues: StructureCues,
        topics: SectionTopics? = nil
    ) -> AssetsBlock {
        // The 国有资产 section states the holdings the annotations mean; elsewhere (三公 explanations) a count may
        // cover only part of the fleet, so that section is read first.
        var ranges: [TextSpan] = []
        ranges.reserveCapacity(4)
        let topics = topics ?? SectionTopics(sections: sections)
        for (index, section) in sections.enumerated() where topics.has(.assets, section: index) {
            ranges.append(section.span)
        }
        ranges.append(TextSpan(start: 0, end: bytes.count))
        var assets = AssetsBlock()
        if let held = firstStatement(bytes, keys: holdingKeysByStart, starts: .vehicleHolding, cues: cues, in: ranges) {
            assets.vehicles = held
        }
        if let bought = firstStatement(
            bytes,
            keys: purchaseKeysByStart,
            starts: .vehiclePurchase,
            cues: cues,
            in: ranges
        ) {
            assets.vehiclePurchases = bought
        }
        return assets
    }

    /// The holding keys by first character (``keysByStart(_:)``).
    static let holdingKeysByStart = keysByStart(holdingKeys)
    /// The purchase keys by first character (``keysByStart(_:)``).
    static let purchaseKeysByStart = keysByStart(purchaseKeys)

    /// The keys that start with one character (three bytes), in list order, with each key's third character packed
    /// (``packedThird(_:)``): at a cue only they can match, and only those whose third character is there.
    struct KeyGroup: Sendable {
        /// The first character's bytes.
        let start: [UInt8]
        /// The first character's bytes packed, big-endian.
        let packedStart: UInt32
        /// The keys.
        let keys: [[UInt8]]
        /// Per key, ``packedThird(_:)``.
        let thirds: [UInt32]
    }

    /// A key's third character packed, big-endian, when it is three bytes; 0 when the key has none (any third
    /// character does); ``unpackedThird`` otherwise (compared byte by byte, ``thirdCharacterMatches(_:in:at:)``).
    static func packedThird(_ key: [UInt8]) -> UInt32 {
        guard key.count > 3 else { return 0 }
        var offset = 3 + 1
        while offset < key.count, key[offset] & 0xC0 == 0x80 { offset += 1 }
        guard offset < key.count else { return 0 }
        var end = offset + 1
        while end < key.count, key[end] & 0xC0 == 0x80 { end += 1 }
        guard end - offset == 3 else { return unpackedThird }
        return UInt32(key[offset]) << 16 | UInt32(key[offset + 1]) << 8 | UInt32(key[offset + 2])
    }

    /// ``packedThird(_:)`` of a third character that is not three bytes.
    static var unpackedThird: UInt32 { .max }

    /// The keys' distinct first characters (three bytes), each with the keys that start with it, in list order: at
    /// a cue only those can match (a key broken by a line break still starts with its whole first character, since
    /// a line break never sits inside a character).
    static func keysByStart(_ keys: PatternSet) -> [KeyGroup] {
        var seen: Set<[UInt8]> = []
        let starts = keys.patterns.map { Array($0.prefix(3)) }.filter { seen.insert($0).inserted }
        return starts.map { start in
            let keys = keys.patterns.filter { $0.starts(with: start) }
            return KeyGroup(
                start: start,
                packedStart: start.count == 3 ? UInt32(start[0]) << 16 | UInt32(start[1]) << 8 | UInt32(start[2]) : 0,
                keys: keys,
                thirds: keys.map(packedThird)
            )
        }
    }

    /// The first statement introduced by one of `keys` (by first character, as ``keysByStart(_:)``) that gives a
    /// count, trying `ranges` in order.
    static func firstStatement(
        _ bytes: [UInt8],
        keys: [KeyGroup],
        starts: StructureCues.Group,
        cues: StructureCues,
        in ranges: [TextSpan]
    ) -> VehicleCounts? {
        let count = bytes.count
        for range in ranges {
            var found: VehicleCounts?
            var last = -1
            // A key may start up to the range's last byte and run past it.
            cues.forEach(starts, from: range.start, to: range.end + 2) { match in
                let index = match.start
                guard index < range.end, index != last else { return index < range.end }
                last = index
                // A key may be broken by a line break (`共有\n车辆`); only the keys that start with the character
                // at the cue can match here. Every key's first character is three bytes: compared packed.
                guard index + 3 <= count else { return true }
                let first = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                var group = 0
                while group < keys.count && keys[group].packedStart != first { group += 1 }
                guard group < keys.count else { return true }
                let thirds = keys[group].thirds
                // The third character, after the second and any line breaks: a key whose third character is not
                // there is passed over without walking its first two (`购置费` is not `购置车辆`, `购置公务用车` or
                // `购置各类车辆`).
                var third = index + 3
                while third < count, bytes[third] == 0x0A { third += 1 }
                if third < count { third += StructureScan.scalar(in: bytes, at: third).length }
                while third < count, bytes[third] == 0x0A { third += 1 }
                // The three bytes there, packed as the keys' third characters are (0 when they run past the end,
                // where each key is compared byte by byte).
                let there =
                    third + 3 <= count
                    ? UInt32(bytes[third]) << 16 | UInt32(bytes[third + 1]) << 8 | UInt32(bytes[third + 2]) : 0
                // By index, not by zipping the keys: no copy of a key unless its third character is there.
                for position in 0..<thirds.count {
                    let keyThird = thirds[position]
                    let isPacked = there != 0 && keyThird != 0 && keyThird != unpackedThird
                    // Most cues (`购置费`) end here: their third character is none of the keys'.
                    if isPacked && keyThird != there { continue }
                    let key = keys[group].keys[position]
                    guard isPacked || keyThird == 0 || thirdCharacterMatches(key, in: bytes, at: third),
                        let keyEnd = matchAcrossBreaks(key, in: bytes, at: index)
                    else { continue }
                    if let counts = statement(bytes, keyStart: index, keyEnd: keyEnd) {
                        found = counts
                        return false
                    }
                }
                return true
            }
            if let found { return found }
        }
        return nil
    }

    /// Whether `key`'s third character is at `index` of `bytes`, as far as it lies in both (true when `key` has no
    /// third character): a character is whole in UTF-8 text (a line break never sits inside one).
    @inline(__always)
    static func thirdCharacterMatches(_ key: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        // The key's first character is three bytes (``keysByStart(_:)``); its second starts at 3.
        guard key.count > 3 else { return true }
        var offset = 3 + 1
        while offset < key.count, key[offset] & 0xC0 == 0x80 { offset += 1 }
        var cursor = index
        while offset < key.count, cursor < bytes.count {
            guard bytes[cursor] == key[offset] else { return false }
            offset += 1
            cursor += 1
            // The character ends where the next lead (or ASCII) byte starts.
            if offset < key.count, key[offset] & 0xC0 != 0x80 { break }
        }
        return true
    }

    /// Where `pattern` ends if it occurs at `index`, line breaks inside it ignored; nil otherwise.
    static func matchAcrossBreaks(_ pattern: [UInt8], in bytes: [UInt8], at index: Int) -> Int? {
        var cursor = index
        var offset = 0
        while offset < pattern.count {
            guard cursor < bytes.count else { return nil }
            if bytes[cursor] == 0x0A && offset > 0 {
                cursor += 1
                continue
            }
            guard bytes[cursor] == pattern[offset] else { return nil }
            cursor += 1
            offset += 1
        }
        return cursor
    }

    /// Reads the total right after the key, then the kinds up to the statement's end.
    static func statement(_ bytes: [UInt8], keyStart: Int, keyEnd: Int) -> VehicleCounts? {
        let joined = JoinedWindow(bytes, from: keyEnd, length: window)
        var cursor = 0
        var skipped = 0
        while skipped < 2, let length = StructureScan.matchAny(joiners, in: joined.bytes, at: cursor) {
            cursor += length
            skipped += 1
        }
        guard let total = CountReader.read(joined.bytes, at: cursor),
            StructureScan.matches(liang, in: joined.bytes, at: total.end)
        else { return nil }
        var counts = VehicleCounts()
        counts.total = Count(
            total.value,
            evidence: TextSpan(start: keyStart, end: joined.origin(total.end + liang.count))
        )
        cursor = total.end + liang.count
        // `共有车辆55辆。其中，一般公务用车13辆…`: the breakdown may follow as its own sentence.
        if StructureScan.matches(fullStop, in: joined.bytes, at: cursor),
            StructureScan.matches(among, in: joined.bytes, at: cursor + fullStop.count)
        {
            cursor += fullStop.count
        }
        let end = statementEnd(joined.bytes, from: cursor)
        var otherSum: Int?
        var otherEvidence: TextSpan?
        while cursor < end {
            if let (kind, length) = kindAt(joined.bytes, cursor) {
                var countAt = cursor + length
                if StructureScan.matches(joiners[0], in: joined.bytes, at: countAt) { countAt += joiners[0].count }
                if let count = CountReader.read(joined.bytes, at: countAt),
                    StructureScan.matches(liang, in: joined.bytes, at: count.end)
                {
                    let evidence = TextSpan(start: joined.origin(cursor), end: joined.origin(count.end + liang.count))
                    let stated = Count(count.value, evidence: evidence)
                    switch kind {
                    case .general: if counts.general == nil { counts.general = stated }
                    case .lawEnforcement: if counts.lawEnforcement == nil { counts.lawEnforcement = stated }
                    case .other:
                        otherSum = (otherSum ?? 0) + count.value
                        otherEvidence = TextSpan(start: otherEvidence?.start ?? evidence.start, end: evidence.end)
                    }
                    cursor = count.end + liang.count
                    continue
                }
                cursor += length
                continue
            }
            // A kind this list does not know (`副部（省）级及以上领导用车2辆`): classified by its label.
            if let count = CountReader.read(joined.bytes, at: cursor),
                StructureScan.matches(liang, in: joined.bytes, at: count.end),
                let labelStart = vehicleLabelStart(joined.bytes, before: cursor)
            {
                let label = Array(joined.bytes[labelStart..<cursor])
                let evidence = TextSpan(start: joined.origin(labelStart), end: joined.origin(count.end + liang.count))
                let stated = Count(count.value, evidence: evidence)
                if StructureScan.find(generalWord, in: label, from: 0, to: label.count) != nil {
                    if counts.general == nil { counts.general = stated }
                } else if StructureScan.containsAny(lawWords, in: label, from: 0, to: label.count) {
                    if counts.lawEnforcement == nil { counts.lawEnforcement = stated }
                } else {
                    otherSum = (otherSum ?? 0) + count.value
                    otherEvidence = TextSpan(start: otherEvidence?.start ?? evidence.start, end: evidence.end)
                }
                cursor = count.end + liang.count
                continue
            }
            cursor += StructureScan.scalar(in: joined.bytes, at: cursor).length
        }
        if let otherSum, let otherEvidence { counts.other = Count(otherSum, evidence: otherEvidence) }
        return counts
    }

    /// The start of a vehicle-kind label that ends at `end` (a run of ideographs and parentheses back to a
    /// delimiter), when the label names vehicles (`…用车`, `…车辆`); nil otherwise.
    static func vehicleLabelStart(_ bytes: [UInt8], before end: Int) -> Int? {
        var start = end
        var scalars = 0
        while start > 0, scalars < maxLabel {
            let previous = StructureScan.previousScalarStart(in: bytes, before: start)
            let (scalar, _) = StructureScan.scalar(in: bytes, at: previous)
            guard StructureScan.isIdeograph(scalar) || scalar == 0x28 || scalar == 0x29 else { break }
            start = previous
            scalars += 1
        }
        if StructureScan.matches(among, in: bytes, at: start) { start += among.count }
        guard start < end, StructureScan.find(che, in: bytes, from: start, to: end) != nil else { return nil }
        return start
    }

    enum Kind {
        case general
        case lawEnforcement
        case other
    }

    /// Every kind, to pass over the offsets where none starts with one test.
    private static let allKinds = PatternSet(
        (generalKinds + lawEnforcementKinds + otherKinds).map { String(decoding: $0, as: UTF8.self) }
    )

    /// The vehicle kind named at `index`, with its length.
    static func kindAt(_ bytes: [UInt8], _ index: Int) -> (Kind, Int)? {
        guard allKinds.mayStart(bytes, at: index) else { return nil }
        if let length = StructureScan.matchAny(generalKinds, in: bytes, at: index) { return (.general, length) }
        if let length = StructureScan.matchAny(lawEnforcementKinds, in: bytes, at: index) {
            return (.lawEnforcement, length)
        }
        if let length = StructureScan.matchAny(otherKinds, in: bytes, at: index) { return (.other, length) }
        return nil
    }

    /// The end of a statement: `。`, `;`, or the start of the next statement.
    static func statementEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            // `。` and every key start with a character's lead byte: ASCII and continuation bytes need no test.
            if byte < 0xC0 {
                if byte == 0x3B { return index }
                index += 1
                continue
            }
            if StructureScan.matches(fullStop, in: bytes, at: index) { return index }
            if purchaseKeys.match(bytes, at: index) != nil || holdingKeys.match(bytes, at: index) != nil {
                return index
            }
            index += 1
        }
        return bytes.count
    }
}
