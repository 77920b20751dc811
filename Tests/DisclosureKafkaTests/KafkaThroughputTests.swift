import DisclosureKafka
import Foundation
import Testing

/// Throughput through the wrapper against the mock cluster (kept under its ~5 MB per partition retention); opt-in
/// (`KAFKA_BENCH=1`), it measures and prints,
/// and asserts only that everything arrived.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: ProcessInfo.processInfo.environment["KAFKA_BENCH"] == "1"))
struct KafkaThroughputTests {
    @Test func produceAndConsumeFiftyThousandRecords() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("bench")
        try cluster.createTopic(topic, partitions: 4)
        let count = 50_000
        let value = [UInt8](repeating: 0x61, count: 100)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        let clock = ContinuousClock()
        let produceStart = clock.now
        var deliveries: [KafkaPendingDelivery] = []
        deliveries.reserveCapacity(count)
        for index in 0..<count {
            deliveries.append(
                try producer.send(
                    topic: topic,
                    key: Array("k\(index)".utf8),
                    value: value,
                    headers: [KafkaHeader(key: "seq", string: String(index))]
                )
            )
        }
        for delivery in deliveries { _ = try await delivery.value() }
        let produced = clock.now - produceStart
        await producer.close(timeout: .seconds(5))

        let consumer = try KafkaConsumer(
            configuration: KafkaTestSupport.consumerConfiguration(cluster.bootstrapServers, group: "bench"),
            logger: KafkaTestSupport.logger()
        )
        try consumer.subscribe(topics: [topic])
        var received = 0
        var consumeStart: ContinuousClock.Instant?
        for try await event in consumer.events {
            guard case .message(let message) = event else { continue }
            if consumeStart == nil { consumeStart = clock.now }
            try consumer.storeOffset(after: message)
            received += 1
            if received == count { break }
        }
        let consumed = clock.now - consumeStart!
        await consumer.close()
        #expect(received == count)
        print("produce+ack \(count) x 100 B: \(produced) (\(Self.rate(count, produced)) msg/s)")
        print("consume+store \(count): \(consumed) (\(Self.rate(count, consumed)) msg/s, after the first record)")
    }

    static func rate(_ count: Int, _ duration: Duration) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Int(Double(count) / seconds)
    }
}
