import DisclosureCore
import Foundation

/// Builds a ``DisclosureRecord`` from a corpus annotation's flat `expected` map, so rules can be scored without the
/// parser. Evidence spans are located in the document's normalized text (the sentence holding the value's digits,
/// first occurrence) where the digits are found, else left empty.
struct AnnotatedRecordBuilder {
    let text: NormalizedText

    // Key paths are immutable values; they are not Sendable only because their type does not say so.
    nonisolated(unsafe) private static let figures: [String: WritableKeyPath<DisclosureRecord, Figure?>] = [
        "income.total": \.income.total, "income.grandTotal": \.income.grandTotal,
        "income.changePercent": \.income.changePercent, "income.budget": \.income.budget,
        "income.completionPercent": \.income.completionPercent, "income.change.amount": \.income.change.amount,
        "income.sources.generalPublicBudget": \.income.sources.generalPublicBudget,
        "income.sources.governmentFund": \.income.sources.governmentFund,
        "income.sources.stateCapital": \.income.sources.stateCapital,
        "income.sources.specialAccount": \.income.sources.specialAccount,
        "income.sources.business": \.income.sources.business,
        "income.sources.businessOperating": \.income.sources.businessOperating,
        "income.sources.upperSubsidy": \.income.sources.upperSubsidy,
        "income.sources.subordinateRemittance": \.income.sources.subordinateRemittance,
        "income.sources.reserveUse": \.income.sources.reserveUse,
        "income.sources.priorYearCarryover": \.income.sources.priorYearCarryover,
        "income.sources.other": \.income.sources.other,
        "expenditure.total": \.expenditure.total, "expenditure.grandTotal": \.expenditure.grandTotal,
        "expenditure.changePercent": \.expenditure.changePercent, "expenditure.budget": \.expenditure.budget,
        "expenditure.completionPercent": \.expenditure.completionPercent,
        "expenditure.change.amount": \.expenditure.change.amount,
        "appropriation.income": \.appropriation.income, "appropriation.expenditure": \.appropriation.expenditure,
        "appropriation.change": \.appropriation.change, "appropriation.changePercent": \.appropriation.changePercent,
        "appropriation.budget": \.appropriation.budget,
        "appropriation.completionPercent": \.appropriation.completionPercent,
        "governmentFund.expenditure": \.governmentFund.expenditure,
        "carryover.opening": \.carryover.opening, "carryover.closing": \.carryover.closing,
        "procurement.total": \.procurement.total, "procurement.goods": \.procurement.goods,
        "procurement.works": \.procurement.works, "procurement.services": \.procurement.services,
        "procurement.generalPublicBudget.total": \.procurement.generalPublicBudget.total,
        "procurement.generalPublicBudget.goods": \.procurement.generalPublicBudget.goods,
        "procurement.generalPublicBudget.works": \.procurement.generalPublicBudget.works,
        "procurement.generalPublicBudget.services": \.procurement.generalPublicBudget.services,
        "performance.projectFunds": \.performance.projectFunds,
    ]

    nonisolated(unsafe) private static let blocks: [String: WritableKeyPath<DisclosureRecord, AmountBlock>] = [
        "expenditure.basic": \.expenditure.basic, "expenditure.project": \.expenditure.project,
        "appropriation.basic": \.appropriation.basic, "appropriation.project": \.appropriation.project,
        "threePublic.total": \.threePublic.total, "threePublic.outboundTravel": \.threePublic.outboundTravel,
        "threePublic.reception": \.threePublic.reception,
        "threePublic.vehicleOperation": \.threePublic.vehicleOperation,
        "threePublic.vehiclePurchase": \.threePublic.vehiclePurchase,
        "threePublic.vehicleCombined": \.threePublic.vehicleCombined, "operatingFunds": \.operatingFunds,
    ]

    nonisolated(unsafe) private static let blockFields: [String: WritableKeyPath<AmountBlock, Figure?>] = [
        "amount": \.amount, "change": \.change, "changePercent": \.changePercent, "budget": \.budget,
        "completionPercent": \.completionPercent,
    ]

    nonisolated(unsafe) private static let counts: [String: WritableKeyPath<DisclosureRecord, Count?>] = [
        "assets.vehicles.total": \.assets.vehicles.total, "assets.vehicles.general": \.assets.vehicles.general,
        "assets.vehicles.lawEnforcement": \.assets.vehicles.lawEnforcement,
        "assets.vehicles.other": \.assets.vehicles.other,
        "assets.vehiclePurchases.total": \.assets.vehiclePurchases.total,
        "assets.vehiclePurchases.general": \.assets.vehiclePurchases.general,
        "assets.vehiclePurchases.lawEnforcement": \.assets.vehiclePurchases.lawEnforcement,
        "staffing.administrative": \.staffing.administrative,
        "staffing.publicInstitution": \.staffing.publicInstitution,
    ]

    /// The record for one annotation.
    func record(documentId: String, expected: [(path: String, value: CorpusScorer.ExpectedValue)]) -> DisclosureRecord {
        var record = DisclosureRecord(documentId: documentId)
        var functionLines: [String: FunctionLine] = [:]
        var functionOrder: [String] = []
        for (path, value) in expected {
            let string: String
            switch value {
            case .null: continue
            case .int(let number):
                if path == "fiscalYear" { record.fiscalYear = number }
                if let key = AnnotatedRecordBuilder.counts[path] {
                    record[keyPath: key] = Count(number, evidence: locate(String(number)))
                }
                continue
            case .string(let text): string = text
            }
            switch path {
            case "kind": record.kind = DocumentKind(rawValue: string)
            case "scope": record.scope = DocumentScope(rawValue: string)
            case "unit.name": record.unit.name = Stated(string, evidence: locate(string, digits: false))
            default: break
            }
            if let key = AnnotatedRecordBuilder.figures[path], let figure = figure(string) {
                record[keyPath: key] = figure
                continue
            }
            if let (block, field) = split(path), let key = AnnotatedRecordBuilder.blocks[block],
                let fieldKey = AnnotatedRecordBuilder.blockFields[field], let figure = figure(string)
            {
                record[keyPath: key][keyPath: fieldKey] = figure
                continue
            }
            if let (owner, label, field) = element(path) {
                switch owner {
                case "income.change.drivers", "expenditure.change.drivers":
                    guard field == "amount", let figure = figure(string) else { continue }
                    let driver = ChangeDriver(label: label, amount: figure)
                    if owner.hasPrefix("income") {
                        record.income.change.drivers.append(driver)
                    } else {
                        record.expenditure.change.drivers.append(driver)
                    }
                case "expenditure.byFunction":
                    if functionLines[label] == nil {
                        functionLines[label] = FunctionLine(code: nil, name: label)
                        functionOrder.append(label)
                    }
                    if field == "code" {
                        functionLines[label]?.code = string
                    } else if let fieldKey = AnnotatedRecordBuilder.blockFields[field], let figure = figure(string) {
                        functionLines[label]?.block[keyPath: fieldKey] = figure
                    }
                default: break
                }
            }
        }
        record.expenditure.byFunction = functionOrder.compactMap { functionLines[$0] }
        return record
    }

    private func figure(_ string: String) -> Figure? {
        Amount(parsing: string).map { Figure($0, evidence: locate(string)) }
    }

    /// `block.field` for the amount blocks.
    private func split(_ path: String) -> (String, String)? {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        return (String(path[..<dot]), String(path[path.index(after: dot)...]))
    }

    /// `owner[label].field`.
    private func element(_ path: String) -> (String, String, String)? {
        guard let open = path.firstIndex(of: "["), let close = path.lastIndex(of: "]") else { return nil }
        let owner = String(path[..<open])
        let label = String(path[path.index(after: open)..<close])
        let rest = path[path.index(after: close)...]
        return (owner, label, rest.hasPrefix(".") ? String(rest.dropFirst()) : "")
    }

    /// The sentence holding the first occurrence of `value`'s digits (sign dropped) as a whole number.
    private func locate(_ value: String, digits: Bool = true) -> TextSpan {
        let needle = Array((value.hasPrefix("-") ? String(value.dropFirst()) : value).utf8)
        let bytes = text.bytes
        guard !needle.isEmpty, needle.count <= bytes.count else { return TextSpan(start: 0, end: 0) }
        func isNumeric(_ byte: UInt8) -> Bool { (byte >= 48 && byte <= 57) || byte == UInt8(ascii: ".") }
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) {
                let end = index + needle.count
                let bounded =
                    !digits
                    || ((index == 0 || !isNumeric(bytes[index - 1])) && (end == bytes.count || !isNumeric(bytes[end])))
                if bounded { return sentence(around: index) }
            }
            index += 1
        }
        return TextSpan(start: 0, end: 0)
    }

    private func sentence(around offset: Int) -> TextSpan {
        let bytes = text.bytes
        let stop = Array("。".utf8)
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A,
            !(start >= 3 && bytes[start - 3..<start].elementsEqual(stop))
        {
            start -= 1
        }
        var end = offset
        while end < bytes.count, bytes[end] != 0x0A {
            if end + 3 <= bytes.count, bytes[end..<end + 3].elementsEqual(stop) {
                end += 3
                break
            }
            end += 1
        }
        return TextSpan(start: start, end: end)
    }
}

/// Reads a corpus document's text through the core's decoder (UTF-8 or GB18030, HTML to text).
enum CorpusText {
    static func read(_ url: URL) -> String? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? DocumentDecoder().decode(RawDocument(bytes: Array(data))).text
    }
}
