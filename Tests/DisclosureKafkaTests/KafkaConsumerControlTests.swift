import DisclosureKafka
import Testing

/// Seek, pause/resume and an idle caller, driving the event iterator by hand.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct KafkaConsumerControlTests {
    /// Returns the next record, skipping rebalance events.
    static func nextMessage(_ iterator: inout KafkaConsumerEvents.AsyncIterator) async throws -> KafkaMessage? {
        while let event = try await iterator.next() {
            if case .message(let message) = event { return message }
        }
        return nil
    }

    @Test func seekPauseAndResumeKeepThePartitionsOrder() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("control")
        try cluster.createTopic(topic, partitions: 1)
        _ = try await KafkaConsumerGroupTests.produce(50, to: topic, bootstrap: cluster.bootstrapServers)
        let consumer = try KafkaConsumer(
            configuration: KafkaTestSupport.consumerConfiguration(
                cluster.bootstrapServers,
                group: KafkaTestSupport.unique("control")
            ),
            logger: KafkaTestSupport.logger()
        )
        try consumer.subscribe(topics: [topic])
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        var iterator = consumer.events.makeAsyncIterator()
        for expected in Int64(0)..<10 {
            #expect(try await Self.nextMessage(&iterator)?.offset == expected)
        }

        // Seek back: records buffered ahead are dropped, the next one is at the new offset.
        try await consumer.seek([KafkaTopicPartitionOffset(partition, offset: 5)])
        #expect(try await Self.nextMessage(&iterator)?.offset == 5)

        // Pause and resume: nothing lost, nothing repeated.
        try consumer.pause([partition])
        try consumer.resume([partition])
        for expected in Int64(6)..<50 {
            #expect(try await Self.nextMessage(&iterator)?.offset == expected)
        }
        #expect(try await consumer.assignment() == [partition])
        await consumer.close()
        #expect(try await iterator.next() == nil)
    }

    @Test func anIdleCallerStaysInTheGroup() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("idle")
        try cluster.createTopic(topic, partitions: 1)
        _ = try await KafkaConsumerGroupTests.produce(300, to: topic, bootstrap: cluster.bootstrapServers)
        var configuration = KafkaTestSupport.consumerConfiguration(
            cluster.bootstrapServers,
            group: KafkaTestSupport.unique("idle")
        )
        configuration.sessionTimeout = .seconds(3)
        configuration.maxPollInterval = .seconds(3)
        let consumer = try KafkaConsumer(configuration: configuration, logger: KafkaTestSupport.logger())
        try consumer.subscribe(topics: [topic])
        var iterator = consumer.events.makeAsyncIterator()
        #expect(try await Self.nextMessage(&iterator)?.offset == 0)

        // The caller is busy for longer than max.poll.interval.ms; the consumer's own timer keeps polling. (This
        // sleep is the scenario under test, not synchronization.)
        try await Task.sleep(for: .seconds(4.5))

        // Still a member: no revoke, and the partition continues where it was.
        for expected in Int64(1)..<300 {
            let event = try await iterator.next()
            guard case .message(let message) = event else {
                Issue.record("expected record \(expected), got \(String(describing: event))")
                break
            }
            #expect(message.offset == expected)
        }
        await consumer.close()
    }
}
