#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Extracts money: income, expenditure, appropriation, government fund, carry-over, 三公, operating funds,
/// procurement and performance funds, each with its change and evidence.
///
/// The text is cut into sentences (``SentenceSplitter``); each sentence gets a topic from its lead
/// (``FinanceTopicDetector``), inheriting the previous one when it names none, and a ``FinanceSentenceReader``
/// attributes its amounts. Statements without amounts (`无政府性基金预算拨款安排的支出`) are read separately.
/// Amount-bearing sentences that place nothing go to `observations.unplacedSentences`.
enum FinanceExtractor {
    /// Statements that there is no procurement (`本单位2026年无政府采购预算`); a negation elsewhere in the
    /// sentence (`政府采购流程未及时完毕`) says nothing about the amount.
    private static let noProcurement: [[UInt8]] = [
        "无政府采购", "未发生政府采购", "未安排政府采购", "没有政府采购", "未开展政府采购", "不涉及政府采购",
        "未实施政府采购", "政府采购预算为零", "政府采购支出为零", "无采购预算",
    ].map { Array($0.utf8) }
    /// Words that say an item does not exist when they stand right before it (`无“三公”经费财政拨款支出`).
    private static let absence: [[UInt8]] = ["无", "没有", "未发生", "未安排", "不涉及", "未使用"].map { Array($0.utf8) }
    private static let threePublicWord = Array("三公".utf8)
    /// The room made for unplaced sentences at the first one (they grow one by one otherwise).
    private static let unplacedCapacity = 32
    /// What may stand between an absence word and 三公: quotes and the funds' name (`没有财政拨款“三公”经费支出`).
    private static let threePublicQualifiers: [[UInt8]] = [
        "“", "\"", "‘", "'", "财政拨款", "一般公共预算财政拨款", "一般公共预算", "使用", "安排",
    ].map { Array($0.utf8) }

    /// Fills the money fields of `record` from `text`.
    static func extract(_ text: NormalizedText, into record: inout DisclosureRecord) {
        let bytes = text.bytes
        let isFinal = record.kind.map { $0 == .finalAccounts } ?? guessFinal(bytes)
        var topic = FinanceTopic.none
        var subject: FinanceSlot?
        var grandChanges = GrandPair()
        var driverTarget: FinanceSlot?
        var grandPercents = GrandPair()
        // The lexicon tables are a lazy global: read once here, not per sentence or per byte.
        let marks = FinanceMarks.shared
        // One buffer each for the sentence's bytes and its tokens, reused from sentence to sentence.
        var sentenceBytes: [UInt8] = []
        sentenceBytes.reserveCapacity(1024)
        // The scan writes a sentence's tokens straight into this buffer and the reader reads them there: at most one
        // token per byte, so it grows to the longest sentence read (its tokens are plain values: nothing to
        // deinitialize).
        var tokenCapacity = 256
        var tokens = UnsafeMutablePointer<FinanceToken>.allocate(capacity: tokenCapacity)
        defer { tokens.deallocate() }

        for sentence in SentenceSplitter.sentences(bytes) {
            compact(bytes, sentence.span, into: &sentenceBytes, mayBreakLine: sentence.mayBreakLine)
            // A sentence with `元` or `%` (found early in most) is read. Without, one pass finds the cues and
            // negations that decide how it is read.
            //
            // A short line (a table row, a heading) that does not open with `其中` is a title unless it holds a unit:
            // the title pass that finds its flags and topics decides that too, and stops at a unit, where nothing it
            // found is used (31 of 78 sentences in a 10 KB document: one pass over them, not two). A longer sentence
            // is searched for a unit first, sixteen bytes at a time.
            let isShort = sentenceBytes.count < SentenceSplitter.wrapWidth && sentenceBytes.last != 0x82
            var found = FinanceSentenceScan()
            let shortFlags =
                isShort && !ByteScan.matches(sentenceBytes, "其中", at: 0)
                ? FinanceSentenceScanner.flags(sentenceBytes, marks: marks, topics: &found, stopsAtUnit: true) : nil
            let mayHoldAmount =
                shortFlags.map { $0.contains(.amountUnit) } ?? FinanceSentenceScanner.mayHoldAmount(sentenceBytes)
            // Only a heading, or a short title line, sets the topic of what follows; a title's topics are looked for
            // in the pass that finds its flags.
            let titleIsHeading =
                !mayHoldAmount && sentence.startsLine && HeadingNumbering.startsHeading(sentenceBytes, at: 0)
            let isTitleLine = titleIsHeading || (!mayHoldAmount && isShort)
            // `其中:…` continues the sentence before: its items do not name a new topic.
            let namesTopic = isTitleLine && !ByteScan.matches(sentenceBytes, "其中", at: 0)
            let flags: FinanceMark.Flags?
            if mayHoldAmount {
                flags = nil
            } else if let shortFlags {
                flags = shortFlags
            } else if namesTopic {
                flags = FinanceSentenceScanner.flags(sentenceBytes, marks: marks, topics: &found)
            } else {
                flags = FinanceSentenceScanner.flags(sentenceBytes, marks: marks)
            }
            // Most sentences without amounts are prose (duties, glossary): with no `元` or `%` and none of the cues
            // the reader acts on without an amount, only a title's topic and the "none" statements are read, and
            // the sentence is neither tokenized nor read.
            if let flags, !flags.contains(.statementCue) {
                if isTitleLine {
                    var named: FinanceTopic?
                    if namesTopic {
                        named = FinanceTopicDetector.topic(
                            sentenceBytes,
                            lead: 0..<sentenceBytes.count,
                            namesGeneralBudgetShare: flags.contains(.generalBudgetShare),
                            special: found.specialTopic(before: sentenceBytes.count),
                            generic: found.genericTopic(before: sentenceBytes.count)
                        )
                    }
                    topic = named ?? (titleIsHeading ? .none : topic)
                    subject = principalSlot(topic)
                }
                if flags.contains(.negation) { readStatement(sentenceBytes, evidence: sentence.span, into: &record) }
                continue
            }
            // One pass tokenizes the sentence and finds its lead's topics.
            if sentenceBytes.count > tokenCapacity {
                tokens.deallocate()
                tokenCapacity = max(sentenceBytes.count, 2 &* tokenCapacity)
                tokens = UnsafeMutablePointer<FinanceToken>.allocate(capacity: tokenCapacity)
            }
            var tokenCount = 0
            let scan = FinanceSentenceScanner.scan(sentenceBytes, marks: marks, into: tokens, count: &tokenCount)
            let sentenceTokens = UnsafeBufferPointer(start: tokens, count: tokenCount)
            let firstAmount = scan.firstAmountStart
            let leadEnd = firstAmount ?? sentenceBytes.count
            let isHeading =
                firstAmount == nil && sentence.startsLine
                && HeadingNumbering.startsHeading(sentenceBytes, at: 0)
            // `其中:…` continues the sentence before: its items do not name a new topic.
            let continues = ByteScan.matches(sentenceBytes, "其中", at: 0)
            let named =
                continues
                ? nil
                : FinanceTopicDetector.topic(
                    sentenceBytes,
                    lead: 0..<leadEnd,
                    namesGeneralBudgetShare: scan.sharesGeneralBudget,
                    special: scan.specialTopic(before: leadEnd),
                    generic: scan.genericTopic(before: leadEnd)
                )
            if firstAmount == nil {
                // A statement without amounts (`“三公”经费支出决算数与2023年度持平。`) is read for its zero changes and
                // its "none" statements. Only a heading, or a short title line, sets the topic of what follows:
                // prose (`委托中介机构开展各类审计及绩效评价工作。`) does not.
                let isTitle =
                    isHeading || (sentenceBytes.count < SentenceSplitter.wrapWidth && sentenceBytes.last != 0x82)
                if isTitle {
                    topic = named ?? (isHeading ? .none : topic)
                    subject = principalSlot(topic)
                }
                // A unit without an amount (`单位:万元`): its flags were not needed before.
                let negated = (flags ?? FinanceSentenceScanner.flags(sentenceBytes, marks: marks)).contains(.negation)
                if negated { readStatement(sentenceBytes, evidence: sentence.span, into: &record) }
                let statementTopic = named ?? topic
                if !readsNothing(statementTopic) {
                    var reader = FinanceSentenceReader(topic: statementTopic, isFinal: isFinal, subject: subject)
                    reader.read(sentenceTokens, bytes: sentenceBytes, span: sentence.span, record: &record)
                }
                continue
            }
            if let named {
                topic = named
                subject = principalSlot(topic)
            }
            if readsNothing(topic) { continue }

            var reader = FinanceSentenceReader(topic: topic, isFinal: isFinal, subject: subject)
            reader.previousDriverTarget = driverTarget
            reader.read(sentenceTokens, bytes: sentenceBytes, span: sentence.span, record: &record)
            driverTarget = reader.driverTargetAtEnd
            // A following sentence that names no item speaks of the one item this sentence stated
            // (`一般公共服务(类)支出10271.56万元,主要用于…。与上年相比增加2444.1万元`), or of the topic's main
            // figure after a list (`…公务接待费0万元。与2023年预算相比增长16.75%` is the 三公 total's change).
            // After an amount the vocabulary could not place (`单位预留机动经费预算为…。与上年相比增加…`), a
            // label-less change belongs to that unknown item: carry nothing.
            if let only = reader.firstAmountSlot, !reader.severalAmountSlots {
                subject = only
            } else if reader.amountCount > reader.placedCount && reader.firstAmountSlot == nil {
                subject = nil
            } else {
                subject = principalSlot(topic)
            }
            for side in 0..<2 {
                if grandChanges[side] == nil { grandChanges[side] = reader.grandChanges[side] }
                if grandPercents[side] == nil { grandPercents[side] = reader.grandPercents[side] }
            }
            if reader.amountCount > 0 && reader.placedCount == 0 {
                // A 10 KB document leaves about twenty: room for them at the first, not six reallocations from one.
                if record.observations.unplacedSentences.isEmpty {
                    record.observations.unplacedSentences.reserveCapacity(unplacedCapacity)
                }
                record.observations.unplacedSentences.append(sentence.span)
            }
        }
        ThreePublicTableReader.read(bytes, isFinal: isFinal, into: &record)
        applyGrandChanges(grandChanges, grandPercents, to: &record)
        // 一般公共预算(财政)拨款收入 listed among the income sources is the appropriation's income (DISCLOSURE-RULES
        // R9 relates the two names of one figure).
        if record.appropriation.income == nil, let general = record.income.sources.generalPublicBudget {
            record.appropriation.income = general
        }
        // "No 三公 spending" gives the total 0 where no figure is stated: an empty table's note
        // (`无“三公”经费…预算，故本表为空表`) can sit beside prose that states the amounts.
        if let none = record.observations.noThreePublicStatement, record.threePublic.total.amount == nil {
            record.threePublic.total.amount = Figure(.zero, evidence: none)
        }
        if !isFinal { separateBudgetCarryover(&record) }
    }

    /// A sentence's bytes with the line breaks of wrapped PDF lines removed, and page numbers that landed between
    /// its lines (`减少\n30\n30.8万元`: the first `30` is a page number) dropped.
    static func compacted(_ bytes: [UInt8], _ span: TextSpan) -> [UInt8] {
        var result: [UInt8] = []
        compact(bytes, span, into: &result)
        return result
    }

    /// ``compacted(_:_:)`` into `result`, replacing its contents (a buffer reused from sentence to sentence).
    /// `mayBreakLine` false says that the span holds no line break (``Sentence/mayBreakLine``): it is not searched.
    ///
    /// The span is copied whole, in one replacement, and a sentence that holds line breaks is then closed up in
    /// place, its lines moved down over the breaks and the page numbers, and cut once at its new end: a call of the
    /// array's generic code per sentence, not an emptying and an append per line (some ninety instructions each).
    static func compact(_ bytes: [UInt8], _ span: TextSpan, into result: inout [UInt8], mayBreakLine: Bool = true) {
        bytes.withUnsafeBufferPointer { buffer in
            result.replaceSubrange(0..<result.count, with: UnsafeBufferPointer(rebasing: buffer[span.start..<span.end]))
            // Most sentences are one line: done.
            guard mayBreakLine, let base = buffer.baseAddress,
                let firstBreak = nextBreak(base, from: span.start, to: span.end)
            else { return }
            let kept = result.withUnsafeMutableBufferPointer { out -> Int in
                guard let target = out.baseAddress else { return 0 }
                // The first line stays where it is (it is never a page number); each later line is copied from the
                // text to where the kept bytes end (never past where it lies in the copy: the lines only move down).
                var write = firstBreak &- span.start
                var lineStart = firstBreak &+ 1
                while true {
                    let lineEnd = nextBreak(base, from: lineStart, to: span.end) ?? span.end
                    let length = lineEnd &- lineStart
                    // The sentence's last line (up to its end, no break) is never a page number.
                    if lineEnd == span.end || !isPageNumber(base + lineStart, count: length) {
                        (target + write).update(from: base + lineStart, count: length)
                        write &+= length
                    }
                    if lineEnd == span.end { return write }
                    lineStart = lineEnd &+ 1
                }
            }
            if kept < result.count { result.removeLast(result.count &- kept) }
        }
    }

    /// The offset of the first line feed in `from..<to` of the text at `base` (memchr), or nil.
    @inline(__always)
    private static func nextBreak(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let found = memchr(base + from, 0x0A, to &- from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether the `count` bytes at `start` (a line between two line breaks of a sentence) are a page number: at
    /// most eight digits, spaces and hyphens (`30`, `- 9 -`).
    @inline(__always)
    private static func isPageNumber(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count <= 8 else { return false }
        for index in 0..<count {
            let byte = start[index]
            guard ByteScan.isDigit(byte) || byte == 0x20 || byte == UInt8(ascii: "-") else { return false }
        }
        return true
    }

    /// Whether sentences of `topic` hold no figure of the record (glossary, assets, state capital, other).
    @inline(__always)
    private static func readsNothing(_ topic: FinanceTopic) -> Bool {
        switch topic {
        case .glossary, .assets, .stateCapital, .other: true
        default: false
        }
    }

    /// The figure a topic is mainly about.
    static func principalSlot(_ topic: FinanceTopic) -> FinanceSlot? {
        switch topic {
        case .income: .incomeTotal
        case .expenditure: .expenditureTotal
        case .appropriation: .appropriationExpenditure
        case .threePublic: .threePublic(.total)
        case .operatingFunds: .operatingFunds
        case .governmentFund: .governmentFund
        default: nil
        }
    }

    /// Whether the document reads as a final account when the structure pass did not say.
    static func guessFinal(_ bytes: [UInt8]) -> Bool {
        let head = 0..<min(bytes.count, 900)
        return ByteScan.contains("决算", in: bytes, range: head)
    }

    /// Statements with no amount: there is no government-fund spending, no procurement, no state capital.
    ///
    /// Only a sentence with a negation word (``FinanceMark/Flags/negation``) can state one: the caller checks.
    private static func readStatement(
        _ bytes: [UInt8],
        evidence span: TextSpan,
        into record: inout DisclosureRecord
    ) {
        let range = 0..<bytes.count
        // Glossary entries define terms (`政府性基金预算拨款收入：指…`); they state nothing.
        if ByteScan.contains("指", in: bytes, range: range), bytes.contains(UInt8(ascii: ":")) {
            return
        }
        if ByteScan.contains("政府性基金", in: bytes, range: range),
            ByteScan.contains("支出", in: bytes, range: range)
                || ByteScan.contains("安排", in: bytes, range: range)
        {
            if record.governmentFund.noneStatement == nil { record.governmentFund.noneStatement = span }
            _ = FinanceRecordWriter.fill(&record.governmentFund.expenditure, Figure(.zero, evidence: span))
        }
        if ByteScan.contains("国有资本经营", in: bytes, range: range), record.observations.stateCapitalStatement == nil {
            record.observations.stateCapitalStatement = span
        }
        if noProcurement.contains(where: { ByteScan.contains($0, in: bytes, range: range) }) {
            _ = FinanceRecordWriter.fill(&record.procurement.total, Figure(.zero, evidence: span))
        }
        if statesNoThreePublic(bytes), record.observations.noThreePublicStatement == nil {
            record.observations.noThreePublicStatement = span
        }
    }

    /// Whether the sentence says there is no 三公 spending: an absence word right before 三公, with only quotes and
    /// the funds' name between (`无“三公”经费财政拨款支出`, `没有财政拨款“三公”经费支出`), not a change
    /// (`“三公”经费无变化` puts its 无 after the item).
    static func statesNoThreePublic(_ bytes: [UInt8]) -> Bool {
        var from = 0
        while let found = ByteScan.find(threePublicWord, in: bytes, range: from..<bytes.count) {
            from = found + 1
            var end = found
            var stripped = true
            while stripped {
                stripped = false
                for qualifier in threePublicQualifiers
                where end >= qualifier.count && ByteScan.matches(bytes, qualifier, at: end - qualifier.count) {
                    end -= qualifier.count
                    stripped = true
                    break
                }
            }
            if absence.contains(where: { end >= $0.count && ByteScan.matches(bytes, $0, at: end - $0.count) }) {
                return true
            }
        }
        return false
    }

    /// A 总计's change is the total's change where the 总计 is this year's total (no carry-over between them).
    private static func applyGrandChanges(
        _ changes: GrandPair,
        _ percents: GrandPair,
        to record: inout DisclosureRecord
    ) {
        let openingIsZero = record.carryover.opening.map { $0.value.isZero } ?? true
        let closingIsZero = record.carryover.closing.map { $0.value.isZero } ?? true
        if let total = record.income.total, let grand = record.income.grandTotal, total.value == grand.value,
            openingIsZero, record.income.change.amount == nil
        {
            record.income.change.amount = changes[0]
            if record.income.changePercent == nil { record.income.changePercent = percents[0] }
        }
        if let total = record.expenditure.total, let grand = record.expenditure.grandTotal,
            total.value == grand.value, closingIsZero, record.expenditure.change.amount == nil
        {
            record.expenditure.change.amount = changes[1]
            if record.expenditure.changePercent == nil { record.expenditure.changePercent = percents[1] }
        }
    }

    /// A budget whose 收入预算 includes 上年结转 states a 总计: that figure is the grand total, not this year's.
    private static func separateBudgetCarryover(_ record: inout DisclosureRecord) {
        guard let carryover = record.income.sources.priorYearCarryover, !carryover.value.isZero,
            let total = record.income.total, total.evidence == carryover.evidence
        else { return }
        if record.income.grandTotal == nil || record.income.grandTotal?.value == total.value {
            record.income.grandTotal = total
            record.income.total = nil
        }
    }
}
