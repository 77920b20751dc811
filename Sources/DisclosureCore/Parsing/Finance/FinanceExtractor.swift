/// Extracts money: income, expenditure, appropriation, government fund, carry-over, 三公, operating funds,
/// procurement and performance funds, each with its change and evidence.
///
/// The text is cut into sentences (``SentenceSplitter``); each sentence gets a topic from its lead
/// (``FinanceTopicDetector``), inheriting the previous one when it names none, and a ``FinanceSentenceReader``
/// attributes its amounts. Statements without amounts (`无政府性基金预算拨款安排的支出`) are read separately.
/// Amount-bearing sentences that place nothing go to `observations.unplacedSentences`.
enum FinanceExtractor {
    private static let governmentFund = Array("政府性基金".utf8)
    private static let stateCapital = Array("国有资本经营".utf8)
    private static let procurement = Array("政府采购".utf8)
    private static let negations: [[UInt8]] = ["无", "未", "没有", "不涉及"].map { Array($0.utf8) }
    private static let finalAccounts = Array("决算".utf8)

    /// Fills the money fields of `record` from `text`.
    static func extract(_ text: NormalizedText, into record: inout DisclosureRecord) {
        let bytes = text.bytes
        let isFinal = record.kind.map { $0 == .finalAccounts } ?? guessFinal(bytes)
        var topic = FinanceTopic.none
        var subject: FinanceSlot?
        var grandChanges: [Figure?] = [nil, nil]
        var grandPercents: [Figure?] = [nil, nil]

        for sentence in SentenceSplitter.sentences(bytes) {
            let tokens = FinanceTokenizer.tokens(bytes, in: sentence.span)
            let firstAmount = tokens.first { token in
                if case .number(.money) = token.kind { return true }
                if case .number(.percent) = token.kind { return true }
                return false
            }
            let leadEnd = firstAmount?.start ?? sentence.span.end
            let isHeading =
                firstAmount == nil && sentence.startsLine
                && HeadingNumbering.startsHeading(bytes, at: sentence.span.start)
            if let named = FinanceTopicDetector.topic(bytes, lead: sentence.span.start..<leadEnd) {
                if named != topic { subject = nil }
                topic = named
            } else if isHeading {
                topic = .none
                subject = nil
            }
            if firstAmount == nil {
                readStatement(bytes, sentence.span, into: &record)
                continue
            }
            if topic == .glossary || topic == .assets || topic == .stateCapital { continue }

            var reader = FinanceSentenceReader(topic: topic, isFinal: isFinal, subject: subject)
            reader.read(tokens, span: sentence.span, bytes: bytes, record: &record)
            subject = reader.subject
            for side in 0..<2 {
                if grandChanges[side] == nil { grandChanges[side] = reader.grandChanges[side] }
                if grandPercents[side] == nil { grandPercents[side] = reader.grandPercents[side] }
            }
            if reader.amountCount > 0 && reader.placedCount == 0 {
                record.observations.unplacedSentences.append(sentence.span)
            }
        }
        applyGrandChanges(grandChanges, grandPercents, to: &record)
        if !isFinal { separateBudgetCarryover(&record) }
    }

    /// Whether the document reads as a final account when the structure pass did not say.
    static func guessFinal(_ bytes: [UInt8]) -> Bool {
        let head = 0..<min(bytes.count, 900)
        return ByteScan.contains(finalAccounts, in: bytes, range: head)
    }

    /// Statements with no amount: there is no government-fund spending, no procurement, no state capital.
    private static func readStatement(_ bytes: [UInt8], _ span: TextSpan, into record: inout DisclosureRecord) {
        let range = span.start..<span.end
        guard negations.contains(where: { ByteScan.contains($0, in: bytes, range: range) }) else { return }
        // Glossary entries define terms (`政府性基金预算拨款收入：指…`); they state nothing.
        if ByteScan.contains(Array("指".utf8), in: bytes, range: range),
            ByteScan.contains(Array(":".utf8), in: bytes, range: range)
        {
            return
        }
        if ByteScan.contains(governmentFund, in: bytes, range: range),
            ByteScan.contains(Array("支出".utf8), in: bytes, range: range)
                || ByteScan.contains(Array("安排".utf8), in: bytes, range: range)
        {
            if record.governmentFund.noneStatement == nil { record.governmentFund.noneStatement = span }
            _ = FinanceRecordWriter.fill(&record.governmentFund.expenditure, Figure(.zero, evidence: span))
        }
        if ByteScan.contains(stateCapital, in: bytes, range: range), record.observations.stateCapitalStatement == nil {
            record.observations.stateCapitalStatement = span
        }
        if ByteScan.contains(procurement, in: bytes, range: range),
            !ByteScan.contains(governmentFund, in: bytes, range: range)
        {
            _ = FinanceRecordWriter.fill(&record.procurement.total, Figure(.zero, evidence: span))
        }
    }

    /// A 总计's change is the total's change where the 总计 is this year's total (no carry-over between them).
    private static func applyGrandChanges(
        _ changes: [Figure?],
        _ percents: [Figure?],
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
