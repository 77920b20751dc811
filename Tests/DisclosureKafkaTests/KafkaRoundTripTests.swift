import DisclosureKafka
import Testing

/// Producer and consumer against librdkafka's in-process mock cluster (a real Kafka protocol endpoint).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct KafkaRoundTripTests {
    @Test func tenThousandMessagesWithHeadersRoundTripInOrderPerPartition() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        let topic = KafkaTestSupport.unique("roundtrip")
        try cluster.createTopic(topic, partitions: 4)
        let logger = KafkaTestSupport.logger()
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: logger
        )
        let count = 10_000
        var deliveries: [KafkaPendingDelivery] = []
        deliveries.reserveCapacity(count)
        for index in 0..<count {
            deliveries.append(
                try producer.send(
                    topic: topic,
                    key: Array("key-\(index % 101)".utf8),
                    value: Array("value-\(index)".utf8),
                    headers: [
                        KafkaHeader(key: "seq", string: String(index)),
                        KafkaHeader(key: "content-type", string: "text/plain"),
                        KafkaHeader(key: "empty", value: nil),
                    ]
                )
            )
        }
        var reports: [KafkaDeliveryReport] = []
        for delivery in deliveries {
            reports.append(try await delivery.value())
        }
        #expect(reports.count == count)
        #expect(await producer.close(timeout: .seconds(5)) == nil)

        // Per partition, offsets follow send order (idempotent producer: no reordering) and are 0, 1, 2, …
        var byPartition: [Int32: [(index: Int, offset: Int64)]] = [:]
        for (index, report) in reports.enumerated() {
            #expect(report.topic == topic)
            byPartition[report.partition, default: []].append((index, report.offset))
        }
        #expect(byPartition.count == 4)
        for (_, entries) in byPartition {
            #expect(entries.map(\.offset) == Array(0..<Int64(entries.count)))
        }

        let consumer = try KafkaConsumer(
            configuration: KafkaTestSupport.consumerConfiguration(cluster.bootstrapServers, group: "roundtrip"),
            logger: logger
        )
        try consumer.subscribe(topics: [topic])
        let driver = ConsumerDriver(consumer: consumer)
        driver.start()
        try await driver.wait { $0.messages.count >= count }
        try await consumer.commit()
        let seen = driver.snapshot
        await driver.stop()

        #expect(seen.messages.count == count)
        var expectedOffset: [Int32: Int64] = [:]
        for message in seen.messages {
            let index = Int(message.headers.value(forKey: "seq")!.text)!
            #expect(message.offset == expectedOffset[message.partition, default: 0])
            expectedOffset[message.partition] = message.offset + 1
            #expect(reports[index].partition == message.partition)
            #expect(reports[index].offset == message.offset)
            #expect(message.key.map(\.text) == "key-\(index % 101)")
            #expect(message.value.map(\.text) == "value-\(index)")
            #expect(message.headers.map(\.key) == ["seq", "content-type", "empty"])
            #expect(message.headers[2].value == nil)
            #expect(message.timestampMilliseconds != nil)
        }
    }
}
