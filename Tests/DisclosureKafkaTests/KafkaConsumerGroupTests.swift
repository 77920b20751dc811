import DisclosureKafka
import Testing

/// Consumer groups against the mock cluster: partition split and rebalance, committed offsets across restarts.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct KafkaConsumerGroupTests {
    /// Produces `count` keyed records (`seq` header) and waits for every delivery.
    static func produce(
        _ count: Int,
        to topic: String,
        bootstrap: String,
        startingAt start: Int = 0,
        partition: Int32? = nil
    ) async throws -> [KafkaDeliveryReport] {
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(bootstrap),
            logger: KafkaTestSupport.logger()
        )
        var deliveries: [KafkaPendingDelivery] = []
        for index in start..<(start + count) {
            deliveries.append(
                try producer.send(
                    topic: topic,
                    key: Array("key-\(index)".utf8),
                    value: Array("value-\(index)".utf8),
                    headers: [KafkaHeader(key: "seq", string: String(index))],
                    partition: partition
                )
            )
        }
        var reports: [KafkaDeliveryReport] = []
        for delivery in deliveries { reports.append(try await delivery.value()) }
        await producer.close(timeout: .seconds(5))
        return reports
    }

    @Test func twoConsumersSplitThePartitionsAndRebalanceWhenOneLeaves() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        let topic = KafkaTestSupport.unique("group")
        let group = KafkaTestSupport.unique("group")
        try cluster.createTopic(topic, partitions: 4)
        let all = Set((0..<4).map { KafkaTopicPartition(topic: topic, partition: $0) })
        let logger = KafkaTestSupport.logger()
        var configuration = KafkaTestSupport.consumerConfiguration(cluster.bootstrapServers, group: group)
        // The mock coordinator waits up to a session timeout for members to rejoin on each rebalance; below its
        // 3 s initial join delay a first member expires before the join completes.
        configuration.sessionTimeout = .seconds(4)

        // One change signal: the conditions below look at both members.
        let changes = ChangeSignal()
        let first = ConsumerDriver(
            consumer: try KafkaConsumer(configuration: configuration, logger: logger),
            changes: changes
        )
        try first.consumer.subscribe(topics: [topic])
        first.start()
        try await first.wait { $0.assignment == all }

        let second = ConsumerDriver(
            consumer: try KafkaConsumer(configuration: configuration, logger: logger),
            changes: changes
        )
        try second.consumer.subscribe(topics: [topic])
        second.start()
        // Cooperative-sticky: the first gives up some partitions (revoke before they move), the second takes them.
        try await second.wait { !$0.assignment.isEmpty }
        try await first.wait { $0.assignment.count < 4 }
        try await first.wait { [second] in $0.assignment.union(second.snapshot.assignment) == all }
        let split = (first.snapshot.assignment, second.snapshot.assignment)
        #expect(split.0.isDisjoint(with: split.1))
        #expect(split.0.count == 2 && split.1.count == 2)
        #expect(
            first.snapshot.events.contains {
                if case .partitionsRevoked(let partitions, lost: false) = $0 { return Set(partitions) == split.1 }
                return false
            }
        )
        #expect(try await first.consumer.assignment() == split.0.sorted())

        // Records produced now reach both members, each from its own partitions.
        _ = try await Self.produce(40, to: topic, bootstrap: cluster.bootstrapServers)
        try await first.wait { [second] in $0.messages.count + second.snapshot.messages.count >= 40 }
        #expect(first.snapshot.messages.allSatisfy { split.0.contains($0.topicPartition) })
        #expect(second.snapshot.messages.allSatisfy { split.1.contains($0.topicPartition) })

        // The second leaves (close sends LeaveGroup): the first gets its partitions back.
        await second.stop()
        try await first.wait { $0.assignment == all }
        await first.stop()
        #expect(first.snapshot.error == nil)
        #expect(second.snapshot.error == nil)
        // Every rebalance reached the caller before librdkafka applied it.
        #expect(first.snapshot.rebalanceSeenBeforeEffect.count >= 3)
        #expect(first.snapshot.rebalanceSeenBeforeEffect.allSatisfy { $0 })
        #expect(second.snapshot.rebalanceSeenBeforeEffect.allSatisfy { $0 })
    }

    /// The one-request-per-leader query gives every partition the high watermark the per-partition query gives:
    /// partitions on three leaders, each holding a different number of records (none in some).
    @Test func endOffsetsMatchEachPartitionsHighWatermark() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        let topic = KafkaTestSupport.unique("ends")
        try cluster.createTopic(topic, partitions: 9)
        let counts = [3, 10, 6, 2, 0, 5, 1, 8, 4]
        for (partition, count) in counts.enumerated() where count > 0 {
            _ = try await Self.produce(
                count,
                to: topic,
                bootstrap: cluster.bootstrapServers,
                partition: Int32(partition)
            )
        }
        let consumer = try KafkaConsumer(
            configuration: KafkaTestSupport.consumerConfiguration(
                cluster.bootstrapServers,
                group: KafkaTestSupport.unique("ends")
            ),
            logger: KafkaTestSupport.logger()
        )
        let partitions = (0..<9).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
        let ends = try await consumer.endOffsets(for: partitions)
        #expect(ends.count == 9)
        for partition in partitions {
            let high = try await consumer.watermarks(for: partition).high
            #expect(ends[partition] == high, "\(partition)")
            #expect(high == Int64(counts[Int(partition.partition)]))
        }
        #expect(try await consumer.endOffsets(for: []).isEmpty)
        await consumer.close()
    }

    @Test func committedOffsetsSurviveAConsumerRestart() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("restart")
        let group = KafkaTestSupport.unique("restart")
        try cluster.createTopic(topic, partitions: 1)
        _ = try await Self.produce(100, to: topic, bootstrap: cluster.bootstrapServers)
        let logger = KafkaTestSupport.logger()
        let configuration = KafkaTestSupport.consumerConfiguration(cluster.bootstrapServers, group: group)
        let partition = KafkaTopicPartition(topic: topic, partition: 0)

        // First run: finishes (stores) 40 records, commits, reads on without storing, then stops.
        let first = ConsumerDriver(
            consumer: try KafkaConsumer(configuration: configuration, logger: logger),
            storeLimit: 40
        )
        try first.consumer.subscribe(topics: [topic])
        first.start()
        try await first.wait { $0.messages.count >= 60 }
        try await first.consumer.commit()
        #expect(try await first.consumer.committedOffsets(for: [partition]).first?.offset == 40)
        await first.stop()

        // Second run in the same group: starts exactly after the last commit, not before, not after.
        let second = ConsumerDriver(consumer: try KafkaConsumer(configuration: configuration, logger: logger))
        try second.consumer.subscribe(topics: [topic])
        second.start()
        try await second.wait { $0.messages.count >= 60 }
        let offsets = second.snapshot.messages.map(\.offset)
        #expect(offsets == Array(40..<100))
        let watermarks = try await second.consumer.watermarks(for: partition)
        #expect(watermarks.low == 0 && watermarks.high == 100)
        try await second.consumer.commit()
        #expect(try await second.consumer.committedOffsets(for: [partition]).first?.offset == 100)
        await second.stop()
    }
}
