import Foundation
import Testing

@testable import DisclosureCore

/// Records and anomalies have one encoder, ``JSONWriter`` (``RecordJSON``, ``AnomalyJSON``). Its oracle is the
/// contract itself: every object's keys are exactly the `required` list of its schema in schemas/, in that order,
/// every value has a type the schema allows, and the bytes read back (``JSONValue/init(parsing:)``) to values that
/// serialize to the same bytes.
@Suite struct JSONOutputTests {
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

    /// A schema of schemas/ (read with the parser under test: it keeps the `required` lists' order).
    static func schema(_ name: String) throws -> JSONValue {
        let url = TestSupport.repositoryRoot.appendingPathComponent("schemas/\(name).v1.schema.json")
        return try JSONValue(parsing: Array(try Data(contentsOf: url)))
    }

    // Read on every use, not kept in a static: LeakSanitizer does not recognize the tree's pointers inside a global
    // (enum payloads carry tag bits), so a static tree is reported as leaked at exit.
    static var recordSchema: Result<JSONValue, any Error> { Result { try schema("disclosure.record") } }
    static var anomalySchema: Result<JSONValue, any Error> { Result { try schema("disclosure.anomaly") } }

    static func member(_ value: JSONValue?, _ key: String) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The JSON Schema type name of a value (`integer` for a number written without decimals).
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .number(let amount): amount.scale == 0 ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Problems of `value` against the schema node `node` (`$ref`, `type`, `const`, `required` with `properties`,
    /// `items`: all the contract's schemas use). Object keys must equal `required`, in order.
    static func problems(_ value: JSONValue, _ node: JSONValue, root: JSONValue, path: String = "$") -> [String] {
        var node = node
        if case .string(let reference) = member(node, "$ref") {
            let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
            guard let target = member(member(root, "$defs"), name) else { return ["\(path): no \(reference)"] }
            node = target
        }
        var found: [String] = []
        let types: [String]
        switch member(node, "type") {
        case .string(let type): types = [type]
        case .array(let list): types = list.compactMap { if case .string(let type) = $0 { type } else { nil } }
        default: types = []
        }
        let type = typeName(value)
        if !types.isEmpty, !types.contains(type), !(type == "integer" && types.contains("number")) {
            found.append("\(path): \(type), schema says \(types)")
        }
        if let constant = member(node, "const"), constant != value {
            found.append("\(path): not \(constant.jsonString)")
        }
        if case .object(let members) = value, case .array(let required) = member(node, "required") {
            let keys = JSONValue.array(members.map { .string($0.0) })
            if keys != .array(required) {
                found.append("\(path): keys \(keys.jsonString), schema \(JSONValue.array(required).jsonString)")
            }
            for (key, child) in members {
                guard let property = member(member(node, "properties"), key) else { continue }
                found += problems(child, property, root: root, path: "\(path).\(key)")
            }
        }
        if case .array(let elements) = value, let items = member(node, "items") {
            for (index, element) in elements.enumerated() {
                found += problems(element, items, root: root, path: "\(path)[\(index)]")
            }
        }
        return found
    }

    /// Checks a processed document's outputs against the schemas, against their reading back, and against each
    /// other (the parse line holds the record and the anomalies as written alone).
    private static func expectConforming(_ processed: ProcessedDocument, _ label: String) throws {
        let recordSchema = try Self.recordSchema.get()
        let anomalySchema = try Self.anomalySchema.get()
        let recordBytes = processed.recordJSON()
        let record = try JSONValue(parsing: recordBytes)
        #expect(record.serialized() == recordBytes, "\(label): record reads back to other bytes")
        let recordProblems = problems(record, recordSchema, root: recordSchema)
        #expect(recordProblems.isEmpty, "\(label): \(recordProblems)")
        let anomalyBytes = processed.anomalyJSON()
        #expect(anomalyBytes == processed.anomalies.map(AnomalyJSON.bytes), "\(label): anomalies")
        // The worker's one buffer: the same record and events, one after the other, nothing between or after them.
        let output = processed.outputJSON()
        #expect(Array(output.bytes[output.record]) == recordBytes, "\(label): record in the output buffer")
        #expect(output.events.map { Array(output.bytes[$0]) } == anomalyBytes, "\(label): events in the output buffer")
        #expect(
            zip([output.record] + output.events, output.events).allSatisfy { $0.upperBound == $1.lowerBound }
                && output.record.lowerBound == 0
                && (output.events.last ?? output.record).upperBound == output.bytes.count,
            "\(label): the output buffer's ranges"
        )
        var anomalies: [JSONValue] = []
        for bytes in anomalyBytes {
            let anomaly = try JSONValue(parsing: bytes)
            #expect(anomaly.serialized() == bytes, "\(label): anomaly reads back to other bytes")
            let anomalyProblems = problems(anomaly, anomalySchema, root: anomalySchema)
            #expect(anomalyProblems.isEmpty, "\(label): \(anomalyProblems)")
            anomalies.append(anomaly)
        }
        let line = JSONValue.object([("record", record), ("anomalies", .array(anomalies))]).serialized()
        #expect(processed.parseLine() == line, "\(label): parse line")
    }

    @Test func aFullRecordConformsToTheSchemasAndReadsBack() throws {
        let text = NormalizedText(normalized: "一、概况\n(一)职能\n收入1651.99万元。")
        let processed = ProcessedDocument(record: Self.fullRecord(), anomalies: Self.anomalies(), text: text)
        try Self.expectConforming(processed, "full record")
        let empty = ProcessedDocument(record: DisclosureRecord(documentId: "x"), anomalies: [], text: text)
        try Self.expectConforming(empty, "empty record")

        // Values read back as written: escaped strings, amounts at their scale, scalar offsets of sections.
        let record = try JSONValue(parsing: processed.recordJSON())
        #expect(Self.member(record, "title") == .string("铜梁区\n2024年\t部门预算\\说明\u{01}"))
        #expect(Self.member(Self.member(record, "source"), "url") == .string("https://x/\"q\""))
        let total = Self.member(Self.member(record, "expenditure"), "total")
        #expect(total.map { String(decoding: $0.serialized(), as: UTF8.self) } == "642.976884")
        guard case .array(let sections) = Self.member(record, "sections"), sections.count == 2 else {
            Issue.record("sections is not an array of two")
            return
        }
        // The second section spans bytes 3..<9 of `一、概况…`: scalars 1..<3.
        #expect(Self.member(sections[1], "start") == .number(Amount(1)))
        #expect(Self.member(sections[1], "end") == .number(Amount(3)))
        let expected =
            #"{"schema":"disclosure.anomaly/v1","anomalyId":"a2","documentId":"sha256:abc","unit":{"name":null},"#
            + #""fiscalYear":null,"ruleId":"completeness","subject":"document","severity":"info","message":"m","#
            + #""messageZh":"m","expected":null,"actual":null,"difference":null,"tolerance":null,"evidence":[]}"#
        #expect(String(decoding: processed.anomalyJSON()[1], as: UTF8.self) == expected)
    }

    @Test func eventsWrittenInOneRunMatchEventsWrittenAlone() throws {
        // The run copies repeated members from where it wrote them before: every change between neighbours (unit,
        // year, rule, severity, each message, equal texts in other storage) must still be written.
        func event(
            _ unit: String?,
            _ year: Int?,
            _ rule: String,
            _ severity: Anomaly.Severity,
            _ en: String,
            _ zh: String
        )
            -> Anomaly
        {
            Anomaly(
                anomalyId: "anomaly:\(rule)",
                documentId: "sha256:abc",
                unitName: unit,
                fiscalYear: year,
                ruleId: rule,
                subject: "text[\(en.count)]",
                severity: severity,
                message: en,
                messageZh: zh,
                expected: nil,
                actual: Amount(parsing: "1.5"),
                difference: nil,
                tolerance: nil,
                evidence: [Anomaly.Evidence(path: "p", quote: "说\"\(zh)\"", start: 1, end: 2)]
            )
        }
        let built = String(repeating: "m", count: 3)
        let anomalies = [
            event("单位", 2024, "parse.unrecognized", .info, "mmm", "未识别"),
            event("单位", 2024, "parse.unrecognized", .info, "mmm", "未识别"),
            event("单位", 2024, "parse.unrecognized", .info, built, "未识别"),
            event("单位", 2024, "parse.unrecognized", .warning, "mmm", "未识别"),
            event("单位", 2024, "parse.unrecognized", .warning, "mmm", "未识别2"),
            event(nil, 2024, "parse.unrecognized", .warning, "mmm", "未识别2"),
            event("单位", nil, "parse.unrecognized", .warning, "mmm", "未识别2"),
            event("单位", nil, "sum.income", .warning, "mmm", "未识别2"),
            event("单位", 2024, "parse.unrecognized", .warning, "mmm", "未识别2"),
        ]
        let alone = anomalies.map(AnomalyJSON.bytes)
        #expect(AnomalyJSON.lines(anomalies) == alone)
        let processed = ProcessedDocument(
            record: DisclosureRecord(documentId: "x"),
            anomalies: anomalies,
            text: NormalizedText(normalized: "")
        )
        let line = try JSONValue(parsing: processed.parseLine())
        #expect(Self.member(line, "anomalies") == .array(try alone.map { try JSONValue(parsing: $0) }))
        let output = processed.outputJSON()
        #expect(Array(output.bytes[output.record]) == processed.recordJSON())
        #expect(output.events.map { Array(output.bytes[$0]) } == alone)
    }

    @Test func theParserReadsJSONAndRefusesWhatTheContractNeverWrites() throws {
        let text = #" {"a" : [1, -2.50, true, false, null, "x\u00e9\ud83d\ude00\n\/"]} "#
        let value = try JSONValue(parsing: Array(text.utf8))
        #expect(value.jsonString == #"{"a":[1,-2.50,true,false,null,"xé😀\n/"]}"#)
        let bad = ["", "{", "[1,]", "01", "1e5", "1.", #""a"#, #""\u12""#, #"{"a" 1}"#, "[1] x", "nul", "\"\u{01}\""]
        for text in bad {
            #expect(throws: JSONValue.ParseError.self, "\(text)") { try JSONValue(parsing: Array(text.utf8)) }
        }
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
            var writer = JSONWriter(capacity: 1)
            writer.number(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == value.description)
        }
        for value in [0, 7, -7, 10, 2024, Int.max, Int.min] {
            var writer = JSONWriter(capacity: 1)
            writer.int(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
        }
        // Every digit count, at and around each power of ten (the digits are written two at a time), at scales 0…5.
        var power = 1
        var boundaries: [Int] = [1, 9, 11, 99, 101]
        for _ in 0..<18 {
            power *= 10
            boundaries += [power - 1, power, power + 1, 5 * power + 37, 9 * power + 9]
        }
        for value in boundaries + boundaries.map({ -$0 }) {
            var writer = JSONWriter(capacity: 1)
            writer.int(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
            for scale in 0...5 {
                let amount = Amount(units: Int64(value), scale: scale)
                var writer = JSONWriter(capacity: 1)
                writer.number(amount)
                #expect(String(decoding: writer.bytes, as: UTF8.self) == amount.description)
            }
        }
    }

    /// The JSON string literal of `text`, escaped one byte at a time: the oracle of the block-wise writer.
    static func escaped(_ text: String) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case ..<0x20: out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    @Test func stringsEscapeOnlyWhatJSONNeedsAtAnyPosition() throws {
        // Every escape at every offset around the sixteen-byte blocks and the overlapping last block, in ASCII and
        // CJK surroundings.
        for filler in ["a", "说"] {
            for special in ["\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{7F}", "é"] {
                for before in 0..<34 {
                    for after in [0, 1, 7, 9, 15, 16, 17] {
                        let text =
                            String(repeating: filler, count: before) + special
                            + String(repeating: filler, count: after)
                        var writer = JSONWriter(capacity: 1)
                        writer.string(text)
                        let written = writer.bytes
                        #expect(
                            try JSONValue(parsing: written) == .string(text),
                            "\(before) \(after) \(special.unicodeScalars)"
                        )
                        #expect(!written.dropFirst().dropLast().contains { $0 < 0x20 })
                        #expect(written == Self.escaped(text), "\(before) \(after) \(special.unicodeScalars)")
                    }
                }
            }
        }
        var writer = JSONWriter(capacity: 1)
        writer.openArray()
        writer.string("\u{01}\"\\\n\r\t\u{1F}")
        writer.string("")
        writer.bool(true)
        writer.bool(false)
        writer.null()
        writer.closeArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"["\u0001\"\\\n\r\t\u001f","",true,false,null]"#)
    }

    /// The scalars that start before `offset` (clamped), one byte at a time: the oracle of the word-wise counts.
    static func scalars(before offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<max(0, min(offset, bytes.count))].filter { $0 & 0xC0 != 0x80 }.count
    }

    @Test func writingIntoAnArrayGivesTheWriterBytesEvenWhenItOutgrowsIt() {
        for capacity in [0, 64, 100, 4096] {
            func write(_ w: inout JSONWriter) -> Int {
                for index in 0..<50 {
                    w.startDocument()
                    w.openObject()
                    w.key("n")
                    w.int(index)
                    w.key("s")
                    w.string("支出\(index)\"")
                    w.closeObject()
                }
                return w.written
            }
            var alone = JSONWriter(capacity: 64)
            let count = write(&alone)
            let (bytes, written) = JSONWriter.array(capacity: capacity) { write(&$0) }
            #expect(bytes == alone.bytes, "capacity \(capacity)")
            #expect(written == count)
        }
    }

    @Test func scalarOffsetsOfEveryByteOffsetMatchACountByteByByte() {
        // Texts ending inside and at the end of a 64-byte block, every offset (and some outside the text): the
        // block-wise counts (whole blocks, masked lanes, the last partial block word by word) against the oracle.
        let unit = "一、a概况\n(二)职能😀 é"
        for repeats in [0, 1, 3, 4, 7, 9] {
            for tail in ["", "a", "说", "ab说"] {
                let text = NormalizedText(normalized: String(repeating: unit, count: repeats) + tail)
                let table = ScalarOffsets(text)
                for offset in -2...(text.bytes.count + 2) {
                    #expect(
                        table.scalar(offset) == Self.scalars(before: offset, in: text.bytes),
                        "\(repeats) \(offset)"
                    )
                }
            }
        }
    }

    @Test func scalarOffsetsOfTextsAroundSixteenKiBMatchACountByteByByte() {
        // The checkpoints are counted on the stack up to 256 blocks (16 KiB) and in a heap buffer above: texts of
        // 255 to 257 blocks and one of about 40 KiB, every offset against a running count.
        let unit = Array("一、a概况\n(二)职能😀 é".utf8)
        for length in [16_320, 16_383, 16_384, 16_385, 16_448, 16_449, 40_000] {
            var bytes: [UInt8] = []
            while bytes.count < length { bytes += unit }
            // Cut at a scalar start so that the text stays well-formed.
            var end = length
            while end > 0 && end < bytes.count && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            let text = NormalizedText(normalized: String(decoding: bytes[..<end], as: UTF8.self))
            let table = ScalarOffsets(text)
            var scalars = 0
            var matches = true
            for offset in 0...text.bytes.count {
                if table.scalar(offset) != scalars { matches = false }
                if offset < text.bytes.count && text.bytes[offset] & 0xC0 != 0x80 { scalars += 1 }
            }
            #expect(matches, "\(length)")
            #expect(table.scalar(text.bytes.count + 5) == scalars)
        }
    }

    @Test func sectionOffsetsCountScalarsInAnyOrder() {
        let text = NormalizedText(normalized: String(repeating: "一、a概况\n(二)职能😀 ", count: 40))
        let table = ScalarOffsets(text)
        var generator = SystemRandomNumberGenerator()
        for ordered in [true, false] {
            for _ in 0..<50 {
                var spans = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                    let start = Int.random(in: -2...(text.bytes.count + 2), using: &generator)
                    return TextSpan(start: start, end: start + Int.random(in: 0...400, using: &generator))
                }
                if ordered { spans.sort { $0.start < $1.start } }
                let offsets = text.bytes.withUnsafeBufferPointer { ScalarCursor.scalars(of: spans, in: $0) }
                for (span, offset) in zip(spans, offsets) {
                    #expect(offset.start == table.scalar(span.start) && offset.end == table.scalar(span.end))
                    #expect(offset.start == Self.scalars(before: span.start, in: text.bytes))
                    #expect(offset.end == Self.scalars(before: span.end, in: text.bytes))
                }
            }
        }
    }

    @Test func corpusDocumentsConformToTheSchemas() throws {
        guard let corpus = TestSupport.corpus else {
            print("JSONOutputTests: ../shared/corpus not found; skipped")
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
                try Self.expectConforming(processed, "\(group)/\(name)")
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}
