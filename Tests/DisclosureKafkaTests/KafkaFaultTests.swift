import DisclosureKafka
import Synchronization
import Testing

/// Faults injected into the mock cluster: a broker down and back up, request errors.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct KafkaFaultTests {
    @Test func brokerDownMidStreamAndBackUpLosesNothing() async throws {
        let cluster = try KafkaMockCluster(brokers: 2)
        let topic = KafkaTestSupport.unique("down")
        let group = KafkaTestSupport.unique("down")
        try cluster.createTopic(topic, partitions: 4)
        // Partitions 0 and 1 on broker 1, 2 and 3 on broker 2; the group's coordinator stays on broker 1.
        for partition: Int32 in 0..<4 {
            try cluster.setPartitionLeader(topic: topic, partition: partition, broker: partition < 2 ? 1 : 2)
        }
        try cluster.setGroupCoordinator(group, broker: 1)
        let logger = KafkaTestSupport.logger()
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: logger
        )
        let consumer = ConsumerDriver(
            consumer: try KafkaConsumer(
                configuration: KafkaTestSupport.consumerConfiguration(cluster.bootstrapServers, group: group),
                logger: logger
            )
        )
        try consumer.consumer.subscribe(topics: [topic])
        consumer.start()

        func send(_ range: Range<Int>) throws -> [(partition: Int32, delivery: KafkaPendingDelivery)] {
            try range.map { index in
                let partition = Int32(index % 4)
                let delivery = try producer.send(
                    topic: topic,
                    key: Array("key-\(index)".utf8),
                    value: Array("value-\(index)".utf8),
                    headers: [KafkaHeader(key: "seq", string: String(index))],
                    partition: partition
                )
                return (partition, delivery)
            }
        }

        for (_, delivery) in try send(0..<500) { _ = try await delivery.value() }
        try await consumer.wait { $0.messages.count >= 500 }

        try cluster.setBrokerDown(2)
        let during = try send(500..<1000)
        // Broker 1's partitions keep flowing while broker 2 is down.
        for (partition, delivery) in during where partition < 2 { _ = try await delivery.value() }
        try await consumer.wait { $0.messages.count >= 750 }
        #expect(during.filter { $0.partition >= 2 }.allSatisfy { $0.delivery.currentResult == nil })

        try cluster.setBrokerUp(2)
        for (_, delivery) in during { _ = try await delivery.value() }
        try await consumer.wait { $0.messages.count >= 1000 }
        await producer.close(timeout: .seconds(5))
        await consumer.stop()

        let sequence = consumer.snapshot.messages.map { Int($0.headers.value(forKey: "seq")!.text)! }
        #expect(Set(sequence) == Set(0..<1000))
        // The idempotent producer's retries wrote nothing twice.
        #expect(sequence.count == 1000)
    }

    @Test func injectedRetriableProduceErrorIsRetriedAndDelivered() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("retriable")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        // Connect (and get a producer id) first, so the errors hit our produce requests.
        _ = try await producer.produce(topic: topic, key: [1], value: [1])
        #expect(KafkaError.Code.notLeaderForPartition.isRetriable)
        cluster.pushRequestErrors(.produce, [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas])
        let report = try await producer.produce(topic: topic, key: [2], value: [2])
        #expect(report.partition == 0)
        #expect(report.offset == 1)
        await producer.close(timeout: .seconds(5))
    }

    @Test func injectedNonRetriableProduceErrorIsReportedAsSuch() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("permanent")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        _ = try await producer.produce(topic: topic, key: [1], value: [1])
        cluster.pushRequestErrors(.produce, [.topicAuthorizationFailed])
        let result = try await producer.send(topic: topic, key: [2], value: [2]).result()
        guard case .failure(let error) = result else {
            Issue.record("delivered despite the injected error: \(result)")
            return
        }
        #expect(error.code == .topicAuthorizationFailed)
        #expect(error.name == "TOPIC_AUTHORIZATION_FAILED")
        #expect(!error.isRetriable)
        #expect(!error.isFatal)
        await producer.close(timeout: .seconds(5))
    }

    @Test func aSlowBrokerStillDeliversInOrder() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("slow")
        try cluster.createTopic(topic, partitions: 1)
        try cluster.setRoundTripTime(.milliseconds(150), broker: 1)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        let deliveries = try (0..<50).map { try producer.send(topic: topic, key: [UInt8($0)], value: [UInt8($0)]) }
        var offsets: [Int64] = []
        for delivery in deliveries { offsets.append(try await delivery.value().offset) }
        #expect(offsets == Array(0..<50))
        await producer.close(timeout: .seconds(5))
    }

    @Test func closeFailsWhatIsStillQueuedAndCompletesEveryDelivery() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("purge")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        _ = try await producer.produce(topic: topic, key: [0], value: [0])
        try cluster.setBrokerDown(1)
        let deliveries = try (1...20).map { try producer.send(topic: topic, key: [UInt8($0)], value: [1]) }
        let flushError = await producer.close(timeout: .milliseconds(200))
        #expect(flushError?.code == .timedOut)
        for delivery in deliveries {
            let result = try #require(delivery.currentResult)
            guard case .failure(let error) = result else {
                Issue.record("delivered while the broker was down")
                continue
            }
            #expect([.purgedFromQueue, .purgedInFlight].contains(error.code))
        }
        #expect(throws: KafkaError.self) { try producer.send(topic: topic, key: nil, value: [1]) }
    }
}
