/// Reads the money in one sentence: attributes each amount and percentage to the label it belongs to.
///
/// A small state machine over the sentence's ``FinanceToken``s. A label sets the *subject*; markers since the
/// last value decide what the next value is for the subject:
/// - after a change verb (`比2023年减少`): its signed change, or with `%` its change percentage;
/// - after a comparison with no verb yet (`比上年累计支出433万元减少…`): the prior-year figure, which has no path;
/// - after 年初预算 / 预算数 (final accounts): its budget; after 完成: with `%` its completion rate;
/// - otherwise: its amount.
///
/// A final account compared with its own budget (`与年初预算相比增加1.14万元`) states no change. After the change
/// of income or expenditure, an intro (`主要是`, `其中`) opens the drivers: each `label 增加/减少 amount` clause is
/// a driver of that change, until a clause states an amount of its own.
///
/// In a sentence without amounts only ``FinanceTerm/zeroChange`` and ``FinanceTerm/noneAmount`` write to the record:
/// ``FinanceExtractor`` skips such sentences when none of their patterns occurs
/// (``FinanceVocabulary/statementCues``). A new way to write without an amount must be added there too.
struct FinanceSentenceReader {
    /// What the sentence is about.
    var topic: FinanceTopic
    /// Whether the document is a final account.
    var isFinal: Bool
    /// The subject carried over from the previous sentence of the same topic.
    var subject: FinanceSlot?

    /// Grand-total changes stated for 总计 (`收、支总计各减少215.48万元`): income and expenditure side.
    var grandChanges = GrandPair()
    /// Grand-total change percentages.
    var grandPercents = GrandPair()

    /// The total whose change the previous sentence stated: a sentence that opens with a reason intro
    /// (`…下降3.85%。主要原因:一是人员经费减少30万元`) names its drivers.
    var previousDriverTarget: FinanceSlot?
    /// The total whose change this sentence stated, if any (for the next sentence).
    private(set) var driverTargetAtEnd: FinanceSlot?

    /// The first slot that received an amount in this sentence.
    private(set) var firstAmountSlot: FinanceSlot?
    /// Whether another slot received one too (no array per sentence: only "none, one or several" is asked).
    private(set) var severalAmountSlots = false

    /// Number of amounts read and number placed in the record.
    private(set) var amountCount = 0
    private(set) var placedCount = 0

    /// Words that may open a clause before its label (``isClauseInitial(bytes:at:_:)``); each starts with E5 or
    /// E6, which that test relies on (`clauseOpenersStartWithE5OrE6` checks it).
    static let clauseOpeners: [[UInt8]] = ["年度", "年", "度", "本单位", "本部门", "全年", "其中"].map {
        Array($0.utf8)
    }
    private static let driverPrefixes: [[UInt8]] = ["一是", "二是", "三是", "四是", "是", "由于", "因"].map {
        Array($0.utf8)
    }
    private static let driverFillers: [[UInt8]] = ["的", "同比", "上年", "比上年", "较上年"].map { Array($0.utf8) }
    private static let driverSuffixes: [[UInt8]] = ["拨款", "预算"].map { Array($0.utf8) }

    /// Reads `tokens` of a sentence into `record`.
    ///
    /// - Parameters:
    ///   - tokens: the sentence's tokens, with offsets into `bytes` (in the extractor's buffer: no copy).
    ///   - bytes: the sentence's text (line breaks of wrapped lines removed), starting at offset 0.
    ///   - span: where the sentence is in the normalized text: the evidence of every figure read.
    mutating func read(
        _ tokens: UnsafeBufferPointer<FinanceToken>,
        bytes: [UInt8],
        span: TextSpan,
        record: inout DisclosureRecord
    ) {
        var pendingVerb: (sign: Int, start: Int)?
        var pendingVerbEnd = 0
        var pendingComparison: Int?
        var pendingBudget = false
        var pendingCompletion = false
        var pendingShare = false
        var lastWasComparison = false
        var driverTarget: FinanceSlot?
        if case .term(.driverIntro) = tokens.first?.kind { driverTarget = previousDriverTarget }
        defer { driverTargetAtEnd = driverTarget }
        var driverOpen = false
        var clauseStart = 0
        var clauseComparison: Int?
        var generalBudgetMode = false
        var pairAmounts = 0
        var pairChanges = 0
        var pairPercents = 0
        var labelAwaitingValue = false
        var againstBudget = false
        // The subject whose change this sentence just stated: a rate may follow it.
        var changedSubject: FinanceSlot?

        func figure(_ value: Amount) -> Figure { Figure(value, evidence: span) }

        // A subject carried over from the sentence before takes changes, rates and budgets, but an amount needs a
        // label of its own (`单位预留机动经费预算为1886.02万元` is not the total carried from before).
        var subjectIsCarried = subject != nil

        func place(_ value: Amount, _ field: FinanceField) -> Bool {
            guard let slot = subject else { return false }
            if field == .amount && subjectIsCarried { return false }
            return FinanceRecordWriter.write(figure(value), to: slot, field: field, isFinal: isFinal, record: &record)
        }

        func vsBudget(verbStart: Int) -> Bool {
            guard isFinal, let comparison = pendingComparison, comparison < verbStart else { return false }
            return ByteScan.contains("预算", in: bytes, range: comparison..<verbStart)
                && !ByteScan.contains("决算", in: bytes, range: comparison..<verbStart)
        }

        for token in tokens {
            switch token.kind {
            case .separator:
                clauseStart = token.end
                clauseComparison = nil
                labelAwaitingValue = false
                // `各下降23.51%、38.28%`: a list keeps its verb.
                if !ByteScan.matches(bytes, "、", at: token.start) { pendingVerb = nil }
                pendingShare = false
                if !lastWasComparison { pendingComparison = nil }
                pendingBudget = false
                continue
            case .term(let term):
                lastWasComparison = false
                switch term {
                case .label(let label):
                    if pendingShare { continue }  // `占一般公共预算支出的84.06%` names the base of a share
                    if label == .topicTotal && isFinal {
                        pendingBudget = true
                        continue
                    }
                    // `基本支出预算数为…`: 预算数 after an item qualifies it.
                    if label == .topicTotal && labelAwaitingValue { continue }
                    let clauseInitial = isClauseInitial(bytes: bytes, at: token.start, clauseStart)
                    switch resolve(label, clauseInitial: clauseInitial, generalBudgetMode: generalBudgetMode) {
                    case .slot(let slot):
                        if label == .generalBudgetFunds && topic == .procurement { generalBudgetMode = true }
                        subject = slot
                        subjectIsCarried = false
                        labelAwaitingValue = true
                        againstBudget = false
                        changedSubject = nil
                        if slot == .pairGrandTotal {
                            pairAmounts = 0
                            pairChanges = 0
                            pairPercents = 0
                        }
                        pendingVerb = nil
                        pendingComparison = nil
                        pendingBudget = false
                    case .clear:
                        // `“三公”经费财政拨款支出决算为…`: a known item right after a label qualifies it.
                        if !labelAwaitingValue {
                            subject = nil
                            subjectIsCarried = false
                        }
                    case .pass:
                        break
                    }
                case .function(let functionClass):
                    if pendingShare { continue }
                    switch topic {
                    case .none, .overall, .expenditure, .income:
                        subject = .function(functionClass)
                        subjectIsCarried = false
                        pendingVerb = nil
                        pendingComparison = nil
                    default:
                        break
                    }
                case .verb(let sign), .shortVerb(let sign):
                    // `下降(增长)27.78%`: a bracketed alternative is template residue; the first verb stands.
                    if let pending = pendingVerb, token.start - pendingVerbEnd <= 1,
                        token.start > 0, bytes[token.start - 1] == UInt8(ascii: "(")
                    {
                        _ = pending
                        break
                    }
                    pendingVerb = (sign, token.start)
                    pendingVerbEnd = token.end
                case .zeroChange:
                    if driverOpen { break }
                    if let verbStart = Optional(token.start), vsBudget(verbStart: verbStart) { break }
                    if subject == .pairGrandTotal {
                        grandChanges.income = grandChanges.income ?? figure(.zero)
                        grandChanges.expenditure = grandChanges.expenditure ?? figure(.zero)
                    } else {
                        _ = place(.zero, .change)
                    }
                    pendingComparison = nil
                case .comparison:
                    if pendingComparison == nil { pendingComparison = token.start }
                    if clauseComparison == nil { clauseComparison = token.start }
                    lastWasComparison = true
                case .budget:
                    if isFinal { pendingBudget = true }
                    // `占年初预算12.00万元的83.33%`: a share of the budget is the completion rate.
                    if pendingShare {
                        pendingShare = false
                        pendingCompletion = true
                    }
                case .completion:
                    pendingCompletion = true
                case .completionBudget:
                    pendingCompletion = true
                    if isFinal { pendingBudget = true }
                case .share:
                    pendingShare = true
                case .driverIntro:
                    if driverTarget != nil {
                        driverOpen = true
                        clauseStart = token.end
                        clauseComparison = nil
                    }
                case .noneAmount:
                    if labelAwaitingValue, subject != nil, place(.zero, .amount) {
                        labelAwaitingValue = false
                    }
                case .noise:
                    break
                }
            case .number(let number):
                lastWasComparison = false
                switch number {
                case .plain(let value):
                    // `增加1193.20万元,增长13.95。`: the rate of the change just stated, its `%` left out. Only a bare
                    // number right after the verb that ends its clause reads so.
                    if let verb = pendingVerb, let changed = changedSubject, changed == subject,
                        Self.onlySpaces(bytes, pendingVerbEnd..<token.start), Self.endsClause(bytes, after: token.end)
                    {
                        _ = place(verb.sign < 0 ? value.negated : value, .changePercent)
                        pendingVerb = nil
                        changedSubject = nil
                    }
                    continue
                case .money(let value):
                    amountCount += 1
                    if let verb = pendingVerb {
                        let signed = verb.sign < 0 ? value.negated : value
                        if vsBudget(verbStart: verb.start) {
                            placedCount += 1
                            againstBudget = true
                        } else if driverOpen, let target = driverTarget {
                            let labelEnd = min(verb.start, clauseComparison ?? verb.start)
                            if let label = driverLabel(bytes, clauseStart..<labelEnd) {
                                addDriver(label, figure(signed), to: target, record: &record)
                                placedCount += 1
                            }
                        } else if subject == .pairGrandTotal {
                            let side = min(pairChanges, 1)
                            if pairChanges == 0 {
                                grandChanges = GrandPair(both: figure(signed))
                            } else {
                                grandChanges[side] = figure(signed)
                            }
                            pairChanges += 1
                            placedCount += 1
                        } else if place(signed, .change) {
                            placedCount += 1
                            changedSubject = subject
                            if let slot = subject, slot.takesDrivers {
                                driverTarget = slot
                                driverOpen = false
                            }
                        }
                        // `收、支总计各减少1267.86,2570.97万元`: the verb covers the whole list.
                        if subject != .pairGrandTotal { pendingVerb = nil }
                        pendingComparison = nil
                        pendingBudget = false
                    } else if pendingBudget {
                        if place(value, .budget) { placedCount += 1 }
                        pendingBudget = false
                    } else if pendingComparison != nil {
                        // The comparison base (`比上年累计支出433万元减少2万元`): the prior year's figure.
                        placedCount += 1
                        pendingComparison = nil
                    } else {
                        if driverOpen {
                            driverOpen = false
                            driverTarget = nil
                        }
                        if subject == .pairGrandTotal {
                            if pairAmounts == 0 {
                                if FinanceRecordWriter.write(
                                    figure(value),
                                    to: .pairGrandTotal,
                                    field: .amount,
                                    isFinal: isFinal,
                                    record: &record
                                ) {
                                    placedCount += 1
                                }
                            } else if pairAmounts == 1 {
                                // `收、支总计各是4125.49,4143.91万元`: the second figure is the expenditure side.
                                record.expenditure.grandTotal = figure(value)
                                placedCount += 1
                            }
                            pairAmounts += 1
                        } else if subject == nil && topic == .performance {
                            if FinanceRecordWriter.write(
                                figure(value),
                                to: .performance,
                                field: .amount,
                                isFinal: isFinal,
                                record: &record
                            ) {
                                placedCount += 1
                            }
                        } else if subject == nil || subjectIsCarried, topic == .governmentFund {
                            // An amount under the fund's heading with no label of its own is the fund's spending.
                            if FinanceRecordWriter.write(
                                figure(value),
                                to: .governmentFund,
                                field: .amount,
                                isFinal: isFinal,
                                record: &record
                            ) {
                                placedCount += 1
                            }
                        } else if place(value, .amount) {
                            placedCount += 1
                            if let slot = subject {
                                if let first = firstAmountSlot {
                                    if slot != first { severalAmountSlots = true }
                                } else {
                                    firstAmountSlot = slot
                                }
                            }
                        } else if subject == nil || subjectIsCarried {
                            // An amount of an item the vocabulary does not know: the changes and rates after it
                            // are that item's too (`2026年预算安排157.23万元,比2025年…增加17.48%`).
                            subject = nil
                            subjectIsCarried = false
                        }
                    }
                    pendingShare = false
                    labelAwaitingValue = false
                case .percent(let value):
                    if let verb = pendingVerb {
                        let signed = verb.sign < 0 ? value.negated : value
                        if vsBudget(verbStart: verb.start) || againstBudget || driverOpen {
                            // A rate against the budget, or a driver's own rate: no path.
                        } else if subject == .pairGrandTotal {
                            if pairPercents == 0 {
                                grandPercents = GrandPair(both: figure(signed))
                            } else {
                                grandPercents[1] = figure(signed)
                            }
                            pairPercents += 1
                        } else {
                            _ = place(signed, .changePercent)
                        }
                        if subject != .pairGrandTotal { pendingVerb = nil }
                        pendingComparison = nil
                    } else if pendingCompletion {
                        _ = place(value, .completionPercent)
                        pendingCompletion = false
                    } else if pendingShare {
                        _ = place(value, .share)
                    }
                    pendingShare = false
                }
            }
        }
    }

    /// Whether `range` of `bytes` holds nothing but spaces.
    private static func onlySpaces(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        range.lowerBound <= range.upperBound && bytes[range].allSatisfy { ByteScan.isSpace($0) }
    }

    /// Whether a clause ends at `offset` (spaces skipped): the sentence's end, `。`, `,` or `;`.
    private static func endsClause(_ bytes: [UInt8], after offset: Int) -> Bool {
        var index = offset
        while index < bytes.count && ByteScan.isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count else { return true }
        return bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: ";")
            || ByteScan.matches(bytes, "。", at: index)
    }

    // MARK: - Labels

    private enum Resolution {
        case slot(FinanceSlot)
        case clear
        case pass
    }

    /// The slot a label names in this sentence's topic.
    private func resolve(_ label: FinanceLabel, clauseInitial: Bool, generalBudgetMode: Bool) -> Resolution {
        let totalsTopic = topic == .income || topic == .expenditure || topic == .overall || topic == .none
        switch label {
        case .incomeGrandTotal: return totalsTopic ? .slot(.incomeGrandTotal) : .pass
        case .expenditureGrandTotal: return totalsTopic ? .slot(.expenditureGrandTotal) : .pass
        case .pairGrandTotal: return totalsTopic ? .slot(.pairGrandTotal) : .pass
        case .incomeTotal: return totalsTopic ? .slot(.incomeTotal) : .pass
        case .totalPair: return totalsTopic ? .slot(.totalPair) : .pass
        case .appropriationPair:
            return totalsTopic || topic == .appropriation ? .slot(.appropriationPair) : .pass
        case .expenditureTotal: return totalsTopic ? .slot(.expenditureTotal) : .pass
        case .incomeGeneric: return totalsTopic && clauseInitial ? .slot(.incomeTotal) : .pass
        case .expenditureGeneric:
            // `政府性基金预算财政拨款收入0万元,支出0万元`: the fund's own spending.
            if topic == .governmentFund && clauseInitial { return .slot(.governmentFund) }
            return totalsTopic && clauseInitial ? .slot(.expenditureTotal) : .pass
        case .topicTotal:
            // `2024年年初预算数…` opens its clause; `单位预留机动经费预算数为…` is some other item's figure.
            guard clauseInitial else { return .pass }
            switch topic {
            case .income: return .slot(.incomeTotal)
            case .expenditure: return .slot(.expenditureTotal)
            default: return .pass
            }
        case .generalBudgetFunds:
            switch topic {
            case .income: return .slot(.source(.generalPublicBudget))
            case .appropriation, .none, .overall: return .slot(.appropriationIncome)
            case .procurement: return .slot(.procurement(.total, generalBudget: true))
            default: return .pass
            }
        case .governmentFundFunds:
            switch topic {
            case .income: return .slot(.source(.governmentFund))
            case .governmentFund: return .slot(.governmentFund)
            default: return .pass
            }
        case .governmentFundIncome:
            // `(2)政府性基金收入预算0万元` names the fund but states an income source.
            return topic == .governmentFund ? .slot(.source(.governmentFund)) : sourceSlot(.governmentFund)
        case .allFundsIncome:
            switch topic {
            case .income, .overall, .none, .appropriation: return .slot(.allFundsIncome)
            default: return .clear
            }
        case .stateCapitalFunds:
            return topic == .income ? .slot(.source(.stateCapital)) : .pass
        case .business: return sourceSlot(.business)
        case .businessOperating: return sourceSlot(.businessOperating)
        case .upperSubsidy: return sourceSlot(.upperSubsidy)
        case .subordinateRemittance: return sourceSlot(.subordinateRemittance)
        case .otherIncome: return sourceSlot(.other)
        case .specialAccount: return sourceSlot(.specialAccount)
        case .reserveUse: return sourceSlot(.reserveUse)
        case .priorYearCarryover: return totalsTopic ? .slot(.priorYearCarryover) : .pass
        case .openingCarryover: return totalsTopic ? .slot(.openingCarryover) : .pass
        case .closingCarryover: return totalsTopic ? .slot(.closingCarryover) : .pass
        case .basic:
            if topic == .appropriation { return .slot(.appropriationBasic) }
            return totalsTopic ? .slot(.expenditureBasic) : .pass
        case .project:
            if topic == .appropriation { return .slot(.appropriationProject) }
            return totalsTopic ? .slot(.expenditureProject) : .pass
        case .appropriationExpenditure:
            return totalsTopic || topic == .appropriation ? .slot(.appropriationExpenditure) : .pass
        case .appropriationBasic:
            return totalsTopic || topic == .appropriation ? .slot(.appropriationBasic) : .pass
        case .appropriationProject:
            return totalsTopic || topic == .appropriation ? .slot(.appropriationProject) : .pass
        case .threePublicTotal: return threePublicSlot(.total)
        case .outboundTravel: return threePublicSlot(.outboundTravel)
        case .reception: return threePublicSlot(.reception)
        case .vehicleCombined: return threePublicSlot(.vehicleCombined)
        case .vehicleOperation: return threePublicSlot(.vehicleOperation)
        case .vehiclePurchase: return threePublicSlot(.vehiclePurchase)
        case .operatingFunds: return topic == .operatingFunds ? .slot(.operatingFunds) : .pass
        case .procurementTotal:
            if topic != .procurement { return .pass }
            if case .procurement(.total, generalBudget: true) = subject, generalBudgetMode { return .pass }
            return .slot(.procurement(.total, generalBudget: generalBudgetMode))
        case .goods:
            return topic == .procurement ? .slot(.procurement(.goods, generalBudget: generalBudgetMode)) : .pass
        case .works:
            return topic == .procurement ? .slot(.procurement(.works, generalBudget: generalBudgetMode)) : .pass
        case .services:
            return topic == .procurement ? .slot(.procurement(.services, generalBudget: generalBudgetMode)) : .pass
        case .smeContracts: return topic == .procurement ? .slot(.smeContracts) : .pass
        case .ignored: return .clear
        }
    }

    private func sourceSlot(_ kind: FinanceSlot.IncomeSourceKind) -> Resolution {
        switch topic {
        case .income, .overall, .none: .slot(.source(kind))
        default: .pass
        }
    }

    private func threePublicSlot(_ item: FinanceSlot.ThreePublicItem) -> Resolution {
        topic == .threePublic ? .slot(.threePublic(item)) : .pass
    }

    /// Whether a bare 收入/支出 opens its clause (so it names the total, not part of a longer word).
    private func isClauseInitial(
        bytes: [UInt8],
        at offset: Int,
        _ clauseStart: Int
    ) -> Bool {
        var index = clauseStart
        while index < offset && (ByteScan.isSpace(bytes[index]) || ByteScan.isDigit(bytes[index])) { index += 1 }
        // Every opener starts with E5 or E6 (年 度 全 其, 本): before any other byte none matches, and the index
        // does not move, so the openers need not be tried in turn.
        if index < bytes.count && (bytes[index] == 0xE5 || bytes[index] == 0xE6) {
            for mark in Self.clauseOpeners where ByteScan.matches(bytes, mark, at: index) {
                index += mark.count
                while index < offset && (ByteScan.isSpace(bytes[index]) || ByteScan.isDigit(bytes[index])) {
                    index += 1
                }
            }
        }
        if let end = HeadingNumbering.markerEnd(bytes, at: index), end <= offset { index = end }
        return index == offset
    }

    // MARK: - Drivers

    /// A driver's label: the clause text before its verb, without intro words or a trailing 拨款/预算.
    private func driverLabel(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        guard range.lowerBound < range.upperBound else { return nil }
        var lower = range.lowerBound
        var upper = range.upperBound
        func trimPunctuation() {
            while lower < upper
                && (ByteScan.isSpace(bytes[lower]) || bytes[lower] == 0x3A || bytes[lower] == 0x28
                    || bytes[lower] == 0x29)
            {
                lower += 1
            }
            while upper > lower && (ByteScan.isSpace(bytes[upper - 1]) || bytes[upper - 1] == 0x29) { upper -= 1 }
        }
        trimPunctuation()
        var changed = true
        while changed {
            changed = false
            for prefix in Self.driverPrefixes
            where ByteScan.matches(bytes, prefix, at: lower) && lower + prefix.count < upper {
                lower += prefix.count
                changed = true
            }
            for suffix in Self.driverFillers
            where upper - suffix.count > lower && ByteScan.matches(bytes, suffix, at: upper - suffix.count) {
                upper -= suffix.count
                changed = true
            }
            trimPunctuation()
        }
        // One trailing 拨款 or 预算 goes (`人员经费拨款` → `人员经费`, `一般公共预算拨款` → `一般公共预算`).
        for suffix in Self.driverSuffixes
        where upper - suffix.count > lower && ByteScan.matches(bytes, suffix, at: upper - suffix.count) {
            upper -= suffix.count
            break
        }
        guard upper > lower else { return nil }
        // A label is a name: no digits in it (`2023年` would be a date, not an item).
        if bytes[lower..<upper].contains(where: { ByteScan.isDigit($0) }) { return nil }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    private func addDriver(_ label: String, _ amount: Figure, to target: FinanceSlot, record: inout DisclosureRecord) {
        let driver = ChangeDriver(label: label, amount: amount)
        switch target {
        case .incomeTotal:
            if !record.income.change.drivers.contains(where: { $0.label == label }) {
                record.income.change.drivers.append(driver)
            }
        case .expenditureTotal:
            if !record.expenditure.change.drivers.contains(where: { $0.label == label }) {
                record.expenditure.change.drivers.append(driver)
            }
        default:
            break
        }
    }
}
