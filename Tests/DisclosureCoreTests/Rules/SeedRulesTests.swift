import DisclosureCore
import Foundation
import Testing

/// The SPEC §6 acceptance anchor, on a record built by hand from the seed's annotation.
@Suite struct SeedRulesTests {
    /// The seed document's numbers (corpus/seed/tongliang-2024-budget.json `expected`).
    static func seedRecord() -> DisclosureRecord {
        var record = DisclosureRecord(documentId: "seed")
        record.kind = .budget
        record.fiscalYear = 2024
        record.income.total = figure("1651.99")
        record.income.sources.generalPublicBudget = figure("1651.99")
        record.income.sources.governmentFund = figure("0")
        record.income.sources.stateCapital = figure("0")
        record.income.sources.business = figure("0")
        record.income.sources.businessOperating = figure("0")
        record.income.sources.other = figure("0")
        record.income.change = ChangeBlock(
            amount: figure("-253.82"),
            drivers: [
                ChangeDriver(label: "人员经费", amount: figure("36.18")),
                ChangeDriver(label: "项目经费", amount: figure("-290")),
            ]
        )
        record.expenditure.total = figure("1651.99")
        record.expenditure.change = ChangeBlock(
            amount: figure("-611.29"),
            drivers: [
                ChangeDriver(label: "基本支出", amount: figure("36.18")),
                ChangeDriver(label: "项目支出", amount: figure("-290")),
            ]
        )
        record.expenditure.byFunction = [
            FunctionLine(code: "201", name: "一般公共服务支出", block: AmountBlock(amount: figure("1335.23"))),
            FunctionLine(code: "208", name: "社会保障和就业支出", block: AmountBlock(amount: figure("198.07"))),
            FunctionLine(code: "210", name: "卫生健康支出", block: AmountBlock(amount: figure("61.17"))),
            FunctionLine(code: "221", name: "住房保障支出", block: AmountBlock(amount: figure("57.53"))),
        ]
        record.appropriation.income = figure("1651.99")
        record.appropriation.expenditure = figure("1651.99")
        record.appropriation.change = figure("-253.82")
        record.appropriation.basic = AmountBlock(amount: figure("987.8"), change: figure("36.18"))
        record.appropriation.project = AmountBlock(amount: figure("664.19"), change: figure("-290"))
        record.governmentFund.expenditure = figure("0")
        record.threePublic.total = AmountBlock(amount: figure("14.9"), change: figure("-0.5"))
        record.threePublic.outboundTravel = AmountBlock(amount: figure("0"), change: figure("0"))
        record.threePublic.reception = AmountBlock(amount: figure("10"), change: figure("0"))
        record.threePublic.vehicleOperation = AmountBlock(amount: figure("4.9"), change: figure("-0.5"))
        record.threePublic.vehiclePurchase = AmountBlock(amount: figure("0"), change: figure("0"))
        record.operatingFunds = AmountBlock(amount: figure("157.21"), change: figure("-11.59"))
        record.procurement.total = figure("30")
        record.procurement.goods = figure("30")
        record.procurement.works = figure("0")
        record.procurement.services = figure("0")
        record.procurement.generalPublicBudget.total = figure("30")
        record.procurement.generalPublicBudget.goods = figure("30")
        record.procurement.generalPublicBudget.works = figure("0")
        record.procurement.generalPublicBudget.services = figure("0")
        record.performance.projectFunds = figure("664.19")
        record.assets.vehicles.total = count(1)
        record.assets.vehicles.general = count(1)
        record.assets.vehicles.lawEnforcement = count(0)
        record.assets.vehiclePurchases.total = count(0)
        record.assets.vehiclePurchases.general = count(0)
        record.assets.vehiclePurchases.lawEnforcement = count(0)
        return record
    }

    @Test func seedYieldsExactlyTheAcceptanceAnomalies() {
        let anomalies = RuleEngine().evaluate(SeedRulesTests.seedRecord(), text: NormalizedText(normalized: ""))
            .filter { $0.ruleId != "completeness.sections" }
        let lines = anomalies.map {
            "\($0.ruleId) \($0.subject) \($0.severity.rawValue) \($0.expected?.description ?? "-") "
                + "\($0.actual?.description ?? "-") \($0.difference?.description ?? "-")"
        }
        #expect(
            lines == [
                "change.drivers expenditure.change error -611.29 -253.82 357.47",
                "change.priorYear expenditure.change error 1905.81 2263.28 357.47",
                "sum.expenditure.byFunction expenditure.total info 1651.99 1652.00 0.01",
            ]
        )
        let info = anomalies.first { $0.ruleId == "sum.expenditure.byFunction" }
        #expect(info?.tolerance?.description == "0.025")
    }

    @Test func anomalyIdsAreDeterministicHashesOfDocumentRuleAndSubject() {
        let first = RuleEngine().evaluate(SeedRulesTests.seedRecord(), text: NormalizedText(normalized: ""))
        let second = RuleEngine().evaluate(SeedRulesTests.seedRecord(), text: NormalizedText(normalized: ""))
        #expect(first == second)
        let drivers = first.first { $0.ruleId == "change.drivers" }
        #expect(
            drivers?.anomalyId
                == "anomaly:" + SHA256.hexDigest(Array("seed\u{0}change.drivers\u{0}expenditure.change".utf8))
        )
        #expect(Set(first.map(\.anomalyId)).count == first.count)
    }
}

/// The acceptance anchor through the whole core: decoder, parser, rules.
@Suite struct SeedPipelineTests {
    @Test func seedDocumentYieldsTheAcceptanceAnomaliesWithQuotedEvidence() throws {
        guard let corpus = CorpusScorer.corpusURL else {
            print("corpus not found at ../shared/corpus: skipping the seed pipeline test")
            return
        }
        let url = corpus.appendingPathComponent("seed/tongliang-2024-budget.txt")
        let processed = try DisclosureProcessor().process(RawDocument(bytes: Array(try Data(contentsOf: url))))
        let lines = processed.anomalies.filter { $0.severity != .info || $0.ruleId.hasPrefix("sum.") }.map {
            "\($0.ruleId) \($0.subject) \($0.severity.rawValue) \($0.expected?.description ?? "-") "
                + "\($0.actual?.description ?? "-")"
        }
        #expect(
            lines == [
                "change.drivers expenditure.change error -611.29 -253.82",
                "change.priorYear expenditure.change error 1905.81 2263.28",
                "sum.expenditure.byFunction expenditure.total info 1651.99 1652.00",
            ]
        )
        // Every quote is the normalized text between its scalar offsets.
        let scalars = Array(processed.text.string.unicodeScalars)
        for anomaly in processed.anomalies {
            #expect(!anomaly.evidence.isEmpty || anomaly.ruleId == "completeness.sections", "\(anomaly.ruleId)")
            for evidence in anomaly.evidence {
                var quote = String.UnicodeScalarView()
                quote.append(contentsOf: scalars[evidence.start..<evidence.end])
                #expect(String(quote) == evidence.quote, "\(anomaly.ruleId) \(evidence.path)")
            }
        }
    }
}
