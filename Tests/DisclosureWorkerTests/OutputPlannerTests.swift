import DisclosureCore
import DisclosureWorker
import Testing

@Suite struct OutputPlannerTests {
    let planner = OutputPlanner(topics: WorkerConfiguration.Topics(), processor: DisclosureProcessor())
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    func input(key: String?, value: [UInt8], headers: [MessageHeader] = []) -> InboundMessage {
        InboundMessage(
            topic: "disclosures.raw",
            partition: 2,
            offset: 41,
            key: key.map { Array($0.utf8) },
            value: value,
            headers: headers
        )
    }

    @Test func aDocumentYieldsItsRecordKeyedByDocumentIdWithTheTraceCarried() throws {
        let message = input(
            key: "doc-1",
            value: Array("重庆市铜梁区人民政府办公室2024年部门预算情况说明\n2024年收入预算1651.99万元，支出预算1651.99万元。".utf8),
            headers: [
                MessageHeader(name: "content-type", string: "text/plain; charset=utf-8"),
                MessageHeader(name: "traceparent", string: traceparent),
            ]
        )
        let outputs = try planner.outputs(for: message)
        #expect(outputs.documentId == "doc-1")
        let record = try #require(outputs.messages.first)
        #expect(record.topic == "disclosures.records")
        #expect(outputs.messages.count == 1 + outputs.anomalies.count)
        for output in outputs.messages {
            #expect(output.key == Array("doc-1".utf8))
            // docs/SUBSCRIBERS.md's headers, in this order, and no others (the document id is the key, not a header).
            #expect(
                output.headers == [
                    MessageHeader(name: "content-type", string: "application/json"),
                    MessageHeader(name: "traceparent", string: traceparent),
                ]
            )
        }
        for output in outputs.messages.dropFirst() { #expect(output.topic == "disclosures.anomalies") }
        // Deterministic: the same input gives byte-identical outputs.
        #expect(try planner.outputs(for: message).messages == outputs.messages)
    }

    @Test func theMessagesCarryTheCoreJSONOfTheRecordAndOfEachEvent() throws {
        let message = input(
            key: "doc-2",
            value: Array(
                """
                某区财政局2024年部门预算情况说明
                2024年收入预算1651.99万元，支出预算1651.99万元。其中基本支出1000.00万元，项目支出600.00万元。
                一般公共服务支出800.00万元，教育支出900.00万元。三公经费12.00万元。
                """.utf8
            )
        )
        let outputs = try planner.outputs(for: message)
        let processed = try DisclosureProcessor().process(OutputPlanner.rawDocument(from: message))
        // The values cut from the one buffer are the bytes the core writes for each message alone.
        let expected = [processed.recordJSON()] + processed.anomalyJSON()
        #expect(processed.anomalies.count > 1)
        #expect(outputs.messages.map(\.value) == expected)
        #expect(outputs.messages.map(\.valueCount) == expected.map(\.count))
        #expect(outputs.byteCount == expected.reduce(0) { $0 + $1.count })
        // One buffer for all of them.
        let buffers = Set(outputs.messages.map { $0.valueBuffer.withUnsafeBufferPointer { $0.baseAddress } })
        #expect(buffers.count == 1)
    }

    @Test func aMessageCutFromABufferEqualsOneWithTheSameValueOfItsOwn() {
        let buffer = Array("record-event-1-event-2".utf8)
        let cut = OutboundMessage(topic: "t", key: [1], valueIn: buffer, range: 7..<14, headers: [])
        let own = OutboundMessage(topic: "t", key: [1], value: Array("event-1".utf8))
        #expect(cut == own)
        #expect(cut.value == Array("event-1".utf8))
        #expect(cut.valueCount == 7)
        #expect(cut != OutboundMessage(topic: "t", key: [1], valueIn: buffer, range: 15..<22))
        var emptied = cut
        emptied.value = []
        #expect(emptied.value.isEmpty && emptied.valueCount == 0 && emptied.valueBuffer.isEmpty)
        #expect(OutboundMessage(topic: "t", key: nil, valueIn: buffer, range: 3..<3).value == [])
    }

    @Test func withoutAnIdTheContentHashIsTheKey() throws {
        let bytes = Array("某区财政局2024年部门预算情况说明\n2024年收入预算300万元，支出预算300万元。".utf8)
        let outputs = try planner.outputs(for: input(key: nil, value: bytes))
        #expect(outputs.documentId == RawDocument(bytes: bytes).contentDocumentId)
        #expect(outputs.documentId.hasPrefix("sha256:"))
    }

    @Test func theHeaderIdWinsAndAURLKeyIsTheSource() {
        let raw = OutputPlanner.rawDocument(
            from: input(
                key: "https://example.gov.cn/a.html",
                value: [0x41],
                headers: [
                    MessageHeader(name: "document-id", string: "id-9"),
                    MessageHeader(name: "fetched-at", string: "2024-03-01T08:00:00Z"),
                ]
            )
        )
        #expect(raw.documentId == "id-9")
        #expect(raw.sourceURL == "https://example.gov.cn/a.html")
        #expect(raw.fetchedAt == "2024-03-01T08:00:00Z")
    }

    @Test func unreadableInputThrowsItsDeadLetterClass() {
        #expect {
            try planner.outputs(for: input(key: "k", value: []))
        } throws: { error in
            (error as? WorkerError)?.code == .decode
        }
    }

    @Test func theDeadLetterKeepsKeyValueAndHeadersAndAddsTheErrorHeaders() {
        let message = input(
            key: "k",
            value: [0xFF, 0x00],
            headers: [
                MessageHeader(name: "traceparent", string: traceparent),
                MessageHeader(name: "error-class", string: "stale"),
            ]
        )
        let letter = planner.deadLetter(
            for: message,
            error: WorkerError(.decode, "not text\nat all"),
            attempts: 1
        )
        #expect(letter.topic == "disclosures.dlq")
        #expect(letter.key == message.key)
        #expect(letter.value == message.value)
        #expect(
            letter.headers == [
                MessageHeader(name: "traceparent", string: traceparent),
                MessageHeader(name: "error-class", string: "decode"),
                MessageHeader(name: "error-message", string: "not text at all"),
                MessageHeader(name: "source-topic", string: "disclosures.raw"),
                MessageHeader(name: "source-partition", string: "2"),
                MessageHeader(name: "source-offset", string: "41"),
                MessageHeader(name: "attempts", string: "1"),
            ]
        )
    }
}
