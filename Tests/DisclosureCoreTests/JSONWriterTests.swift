import Foundation
import Testing

@testable import DisclosureCore

/// The worker writes records and anomalies with ``JSONWriter`` (one buffer, no tree); ``RecordJSON/encode(_:text:)``
/// and ``AnomalyJSON/encode(_:)`` build the ``JSONValue`` tree the tests read. Both must give the same bytes: a key
/// added to one and not the other fails here.
@Suite struct JSONWriterTests {
    private static func figure(_ text: String, _ start: Int = 0) -> Figure {
        Figure(Amount(parsing: text)!, evidence: TextSpan(start: start, end: start + 1))
    }

    private static func count(_ value: Int) -> Count { Count(value, evidence: TextSpan(start: 0, end: 1)) }

    private static func block(_ base: Int) -> AmountBlock {
        AmountBlock(
            amount: figure("\(base).5"),
            change: figure("-\(base).25"),
            changePercent: figure("0.0\(base)"),
            budget: figure("\(base)"),
            completionPercent: figure("99.999")
        )
    }

    /// Every optional set, every array non-empty, strings that need escapes.
    private static func fullRecord() -> DisclosureRecord {
        var record = DisclosureRecord(
            documentId: "sha256:abc",
            source: SourceInfo(url: "https://x/\"q\"", fetchedAt: "2026", contentType: "text/plain", charset: "utf-8")
        )
        record.title = "铜梁区\n2024年\t部门预算\\说明\u{01}"
        record.unit.name = Stated("重庆市铜梁区财政局", evidence: TextSpan(start: 0, end: 3))
        record.unit.region = RegionInfo(province: "重庆市", city: nil, county: "铜梁区", code: "500151")
        record.fiscalYear = 2024
        record.kind = .finalAccounts
        record.scope = .department
        record.income.total = figure("1651.99")
        record.income.grandTotal = figure("1700")
        record.income.sources.generalPublicBudget = figure("1")
        record.income.sources.governmentFund = figure("2")
        record.income.sources.stateCapital = figure("3")
        record.income.sources.specialAccount = figure("4")
        record.income.sources.business = figure("5")
        record.income.sources.businessOperating = figure("6")
        record.income.sources.upperSubsidy = figure("7")
        record.income.sources.subordinateRemittance = figure("8")
        record.income.sources.reserveUse = figure("9")
        record.income.sources.priorYearCarryover = figure("10")
        record.income.sources.other = figure("11")
        record.income.change = ChangeBlock(
            amount: figure("-3.5"),
            drivers: [ChangeDriver(label: "人员经费", amount: figure("-1.25"))]
        )
        record.income.changePercent = figure("-0.21")
        record.income.budget = figure("1600")
        record.income.completionPercent = figure("103.25")
        record.expenditure.total = figure("642.976884")
        record.expenditure.grandTotal = figure("0.000001")
        record.expenditure.byFunction = [
            FunctionLine(code: "201", name: "一般公共服务支出", block: block(1)),
            FunctionLine(code: nil, name: "其他", block: AmountBlock()),
        ]
        record.expenditure.basic = block(2)
        record.expenditure.project = block(3)
        record.expenditure.change = ChangeBlock(amount: figure("12"), drivers: [])
        record.expenditure.changePercent = figure("1.0")
        record.expenditure.budget = figure("0")
        record.expenditure.completionPercent = figure("0.00")
        record.appropriation.income = figure("5")
        record.appropriation.expenditure = figure("6")
        record.appropriation.change = figure("7")
        record.appropriation.changePercent = figure("8")
        record.appropriation.budget = figure("9")
        record.appropriation.completionPercent = figure("10")
        record.appropriation.basic = block(4)
        record.appropriation.project = block(5)
        record.governmentFund.expenditure = figure("0")
        record.carryover.opening = figure("1.1")
        record.carryover.closing = figure("2.2")
        record.threePublic.total = block(6)
        record.threePublic.outboundTravel = block(7)
        record.threePublic.reception = block(8)
        record.threePublic.vehicleOperation = block(9)
        record.threePublic.vehiclePurchase = AmountBlock()
        record.threePublic.vehicleCombined = block(1)
        record.operatingFunds = block(2)
        record.procurement.total = figure("100")
        record.procurement.goods = figure("10")
        record.procurement.works = figure("20")
        record.procurement.services = figure("70")
        record.procurement.generalPublicBudget.total = figure("50")
        record.procurement.generalPublicBudget.goods = figure("5")
        record.procurement.generalPublicBudget.works = nil
        record.procurement.generalPublicBudget.services = figure("45")
        record.procurement.smeContracts = figure("30")
        record.procurement.smeSharePercent = figure("30.00")
        record.performance.projectFunds = figure("88")
        record.performance.projectCount = count(3)
        record.assets.vehicles.total = count(4)
        record.assets.vehicles.general = count(1)
        record.assets.vehicles.lawEnforcement = count(1)
        record.assets.vehicles.specialPurpose = count(1)
        record.assets.vehicles.other = count(1)
        record.assets.vehiclePurchases.total = count(0)
        record.staffing.administrative = count(12)
        record.staffing.publicInstitution = nil
        record.staffing.leaders = [LeaderPost(title: "局长", count: count(1))]
        record.duties = [Stated("负责\"财政\"收支", evidence: TextSpan(start: 0, end: 1))]
        record.subUnits = [
            SubUnit(name: "中心", duties: nil, evidence: TextSpan(start: 0, end: 1)),
            SubUnit(name: "所", duties: "管理", evidence: TextSpan(start: 0, end: 1)),
        ]
        record.contact.name = "张三"
        record.contact.phone = "023-1234"
        record.sections = [
            Section(heading: "一、概况", level: 1, span: TextSpan(start: 0, end: 6)),
            Section(heading: "(一)职能", level: 2, span: TextSpan(start: 3, end: 9)),
        ]
        record.tables = [
            DocumentTable(
                title: "表1",
                unit: "万元",
                rows: [["项目", "金额"], ["合计", "1.5"]],
                span: TextSpan(start: 0, end: 1)
            ),
            DocumentTable(title: nil, unit: nil, rows: [], span: TextSpan(start: 0, end: 1)),
        ]
        record.valueSources = [
            ValueSource(path: "expenditure.basic.amount", table: 0, row: 1, column: 1, written: "1.5", unit: "万元")
        ]
        return record
    }

    private static func anomalies() -> [Anomaly] {
        [
            Anomaly(
                anomalyId: "a1",
                documentId: "sha256:abc",
                unitName: "单位\"甲\"",
                fiscalYear: 2024,
                ruleId: "sum.income",
                subject: "income.total",
                severity: .error,
                message: "income sources do not add up\n",
                messageZh: "收入来源合计不符",
                expected: Amount(parsing: "-0.005"),
                actual: Amount(parsing: "1651.99"),
                difference: Amount(parsing: "0.000000000001"),
                tolerance: Amount(parsing: "0.5"),
                evidence: [Anomaly.Evidence(path: "income.total", quote: "收入1651.99万元", start: 3, end: 12)]
            ),
            Anomaly(
                anomalyId: "a2",
                documentId: "sha256:abc",
                unitName: nil,
                fiscalYear: nil,
                ruleId: "completeness",
                subject: "document",
                severity: .info,
                message: "m",
                messageZh: "m",
                expected: nil,
                actual: nil,
                difference: nil,
                tolerance: nil,
                evidence: []
            ),
        ]
    }

    private static func expectSameBytes(_ processed: ProcessedDocument, _ label: String) {
        let tree = RecordJSON.encode(processed.record, text: processed.text).serialized()
        #expect(processed.recordJSON() == tree, "\(label): record")
        let anomalyTrees = processed.anomalies.map { AnomalyJSON.encode($0).serialized() }
        #expect(processed.anomalyJSON() == anomalyTrees, "\(label): anomalies")
        let line = JSONValue.object([
            ("record", RecordJSON.encode(processed.record, text: processed.text)),
            ("anomalies", .array(processed.anomalies.map { AnomalyJSON.encode($0) })),
        ]).serialized()
        #expect(processed.parseLine() == line, "\(label): parse line")
    }

    @Test func aFullRecordWritesAsItEncodes() {
        let text = NormalizedText(normalized: "一、概况\n(一)职能\n收入1651.99万元。")
        let processed = ProcessedDocument(record: Self.fullRecord(), anomalies: Self.anomalies(), text: text)
        Self.expectSameBytes(processed, "full record")
        let empty = ProcessedDocument(record: DisclosureRecord(documentId: "x"), anomalies: [], text: text)
        Self.expectSameBytes(empty, "empty record")
    }

    @Test func amountsWriteAsTheirDescription() {
        let values: [Amount] = [
            .zero, Amount(units: 0, scale: 2), Amount(units: 5, scale: 3), Amount(units: -5, scale: 3),
            Amount(units: 123_456, scale: 2), Amount(units: -123_456, scale: 6), Amount(units: 7, scale: 12),
            Amount(units: Int64.max, scale: 12), Amount(units: Int64.min, scale: 0), Amount(units: -1, scale: 0),
            Amount(units: 1_000_000, scale: 0), Amount(units: 10, scale: 1),
        ]
        for value in values {
            var out: [UInt8] = []
            value.write(to: &out)
            #expect(String(decoding: out, as: UTF8.self) == value.description)
        }
        for value in [0, 7, -7, 2024, Int.max, Int.min] {
            var out: [UInt8] = []
            JSONWriter.writeDecimal(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }

    @Test func corpusDocumentsWriteAsTheyEncode() throws {
        guard let corpus = TestSupport.corpus else {
            print("JSONWriterTests: ../shared/corpus not found; skipped")
            return
        }
        let processor = DisclosureProcessor()
        var checked = 0
        for group in ["seed", "real", "synthetic", "whole"] {
            let folder = corpus.appendingPathComponent(group)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".txt") || name.hasSuffix(".html") {
                let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
                guard let processed = try? processor.process(RawDocument(bytes: bytes)) else { continue }
                Self.expectSameBytes(processed, "\(group)/\(name)")
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}
