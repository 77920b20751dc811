/// Tells a budget or final-accounts disclosure from other readable text (a news article, a notice), cheaply and
/// conservatively. A document is a disclosure when it names itself one (a heading such as 部门预算, 单位决算,
/// 预算情况说明, 预算公开), or else when it has all three things every disclosure, even a one-paragraph 三公
/// summary, has:
///
/// 1. A budget word: 预算, 决算, 三公, 机关运行经费, 财政拨款, a final account's 本年收入 / 收入合计 / 收支总计,
///    or a disclosure item (公务用车, 政府采购, 国有资产, 绩效目标, 基本支出, 项目支出, 人员经费, 公用经费).
/// 2. A money-flow word: 收入, 支出, 经费, 拨款, 费用, 采购 or 资金.
/// 3. An amount: 万元 or 亿元 anywhere, or a digit followed (after at most three spaces) by 元, 万 or 亿.
///
/// Words match across the letter-spacing and line wrapping of PDF text (`本 年 收 入`). One pass per word over the
/// UTF-8 bytes, stopping at the first hit: linear, no regular expressions.
public struct DisclosureClassifier: Sendable {
    /// Creates a classifier.
    public init() {}

    /// Checks that a decoded document is a disclosure.
    ///
    /// - Throws: ``DisclosureError`` with code `not-a-disclosure`, saying what is missing.
    public func check(_ document: DecodedDocument) throws(DisclosureError) {
        if let missing = document.utf8.withUnsafeBufferPointer(Self.missingEvidence) {
            throw DisclosureError(.notADisclosure, "not a budget or final-accounts disclosure: \(missing)")
        }
    }

    /// Whether `text` reads as a disclosure.
    public func isDisclosure(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(Self.missingEvidence) == nil
    }

    // MARK: - Private

    private static let budgetWords = [
        "预算", "决算", "三公", "机关运行经费", "财政拨款", "本年收入", "本年支出", "收入合计", "支出合计", "收支总",
        "公务用车", "政府采购", "国有资产", "绩效目标", "基本支出", "项目支出", "人员经费", "公用经费",
    ].map { Array($0.utf8) }
    private static let headingWords = [
        "部门预算", "单位预算", "部门决算", "单位决算", "预算情况说明", "决算情况说明", "预算公开", "决算公开",
        "预算说明", "决算说明", "预算编制说明", "预算信息公开", "决算信息公开",
    ].map { Array($0.utf8) }
    private static let flowWords = ["收入", "支出", "经费", "拨款", "费用", "采购", "资金"].map { Array($0.utf8) }
    private static let unitWords = ["万元", "亿元"].map { Array($0.utf8) }

    /// The word groups, as bits of a mask.
    private enum Group {
        static let heading: UInt8 = 1
        static let budget: UInt8 = 2
        static let flow: UInt8 = 4
        static let unit: UInt8 = 8
    }

    /// Every group's words.
    private static let words: [[UInt8]] = headingWords + budgetWords + flowWords + unitWords
    /// Each word's group bit, in ``words`` order.
    private static let wordGroups: [UInt8] =
        headingWords.map { _ in Group.heading } + budgetWords.map { _ in Group.budget }
        + flowWords.map { _ in Group.flow } + unitWords.map { _ in Group.unit }

    /// The words by the pair of bytes they start with (index `first << 8 | second`): a slot number (0: none) into
    /// ``slotWords`` and ``slotGroups``.
    private static let startSlots: (slots: [UInt8], words: [[Int]], groups: [UInt8]) = {
        var slots = [UInt8](repeating: 0, count: 65536)
        var slotWords: [[Int]] = [[]]
        var slotGroups: [UInt8] = [0]
        func add(_ id: Int, pair: Int) {
            if slots[pair] == 0 {
                slots[pair] = UInt8(slotWords.count)
                slotWords.append([])
                slotGroups.append(0)
            }
            slotWords[Int(slots[pair])].append(id)
            slotGroups[Int(slots[pair])] |= wordGroups[id]
        }
        for (id, word) in words.enumerated() where !word.isEmpty {
            if word.count > 1, word[1] & 0xC0 == 0x80 {
                add(id, pair: Int(word[0]) << 8 | Int(word[1]))
            } else {
                // The second byte may come after skipped blanks: any second byte.
                for second in 0..<256 { add(id, pair: Int(word[0]) << 8 | second) }
            }
        }
        return (slots, slotWords, slotGroups)
    }()

    /// What the text lacks, for the error message; nil when it has everything.
    private static func missingEvidence(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.isEmpty { return "the document has no text" }
        let found = groupsPresent(in: bytes)
        if found & Group.heading != 0 { return nil }
        if found & Group.budget == 0 { return "no budget terms (预算, 决算, 三公, 财政拨款)" }
        if found & Group.flow == 0 { return "no income or spending terms (收入, 支出, 经费)" }
        if found & Group.unit == 0, !containsAmount(bytes) { return "no amounts in 元, 万元 or 亿元" }
        return nil
    }

    /// The groups with a word in `bytes`, found in one pass that stops once the answer is known: at a heading word,
    /// or once the budget, flow and unit groups are all in.
    private static func groupsPresent(in bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let enough = Group.budget | Group.flow | Group.unit
        var found: UInt8 = 0
        let (slots, slotWords, slotGroups) = startSlots
        let words = words
        let wordGroups = wordGroups
        var index = 0
        let last = bytes.count - 1
        while index < last {
            let slot = Int(slots[Int(bytes[index]) << 8 | Int(bytes[index + 1])])
            if slot != 0, slotGroups[slot] & ~found != 0 {
                for id in slotWords[slot] where found & wordGroups[id] == 0 {
                    if matches(words[id], in: bytes, at: index) {
                        found |= wordGroups[id]
                        if wordGroups[id] == Group.heading || found & enough == enough { return found }
                    }
                }
            }
            index += 1
        }
        return found
    }

    private static func matches(_ word: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var position = start
        var offset = 0
        while offset < word.count {
            // Between characters (never inside one), skip a few spaces, tabs, line breaks or U+3000.
            if offset > 0, word[offset] & 0xC0 != 0x80 {
                var skipped = 0
                while skipped < 3, position < bytes.count {
                    if bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D
                        || bytes[position] == 0x09
                    {
                        position += 1
                    } else if bytes[position] == 0xE3, position + 2 < bytes.count, bytes[position + 1] == 0x80,
                        bytes[position + 2] == 0x80
                    {
                        position += 3
                    } else {
                        break
                    }
                    skipped += 1
                }
            }
            guard position < bytes.count, bytes[position] == word[offset] else { return false }
            position += 1
            offset += 1
        }
        return true
    }

    /// Whether a digit (ASCII or full-width) is followed, after at most three spaces, by 元, 万 or 亿.
    private static func containsAmount(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let units: [[UInt8]] = ["元", "万", "亿"].map { Array($0.utf8) }
        var index = 0
        while index < bytes.count {
            var end = -1
            if bytes[index] >= 0x30, bytes[index] <= 0x39 {
                end = index + 1
            } else if bytes[index] == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBC,
                bytes[index + 2] >= 0x90, bytes[index + 2] <= 0x99
            {
                end = index + 3
            }
            guard end > 0 else {
                index += 1
                continue
            }
            var next = end
            var spaces = 0
            while next < bytes.count, spaces < 3, bytes[next] == 0x20 || bytes[next] == 0x09 || bytes[next] == 0x0A {
                next += 1
                spaces += 1
            }
            for unit in units where next + 3 <= bytes.count {
                if bytes[next] == unit[0], bytes[next + 1] == unit[1], bytes[next + 2] == unit[2] { return true }
            }
            index = end
        }
        return false
    }
}
