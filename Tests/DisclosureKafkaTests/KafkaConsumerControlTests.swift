import DisclosureKafka
import Testing

/// Seek, pause/resume, an idle caller and a full prefetch, driving the event iterator by hand.
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

    /// librdkafka 2.0.2 stops fetching while its queue holds `queued.max.messages.kbytes` and decides again only when
    /// its broker thread wakes, up to a second later; the consumer wakes it whenever a poll finds the queue empty.
    /// Here every fetch fills the 1 KB bound (one 4 KB record per fetch).
    @Test func aFullPrefetchDoesNotStallFetching() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("refill")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        let count = 30
        // Each record awaited before the next: one record per batch, so that a fetch brings one.
        for index in 0..<count {
            _ = try await producer.produce(
                topic: topic,
                key: Array("key-\(index)".utf8),
                value: [UInt8](repeating: 0x61, count: 4096)
            )
        }
        await producer.close(timeout: .seconds(5))
        var configuration = KafkaTestSupport.consumerConfiguration(
            cluster.bootstrapServers,
            group: KafkaTestSupport.unique("refill")
        )
        configuration.queuedMaxMessagesKilobytes = 1
        configuration.maxPartitionFetchBytes = 1024
        let consumer = try KafkaConsumer(configuration: configuration, logger: KafkaTestSupport.logger())
        try consumer.subscribe(topics: [topic])
        var iterator = consumer.events.makeAsyncIterator()
        #expect(try await Self.nextMessage(&iterator)?.offset == 0)
        let clock = ContinuousClock()
        let start = clock.now
        for expected in Int64(1)..<Int64(count) {
            #expect(try await Self.nextMessage(&iterator)?.offset == expected)
        }
        let elapsed = clock.now - start
        await consumer.close()
        // 29 fetches: 5-8 ms for all of them with the wake-ups, 11-25 s without (each fetch up to a second later).
        #expect(elapsed < .seconds(3), "29 records took \(elapsed)")
    }

    @Test func closeWaitsForAFetchWakeUpUnderWay() async throws {
        // A fetch wake-up (a ListOffsets to the leader) holds the consumer until librdkafka answers it. Had close()
        // returned before it did, the consumer's deinit (rd_kafka_destroy) would run on the wake-up's queue up to a
        // second later, while a caller such as `tail --exit-at-end` was already exiting the process.
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("wake-close")
        try cluster.createTopic(topic, partitions: 1)
        let count = 3
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        for index in 0..<count {
            _ = try await producer.produce(topic: topic, key: nil, value: [UInt8](repeating: UInt8(index), count: 1024))
        }
        await producer.close(timeout: .seconds(5))
        var configuration = KafkaTestSupport.consumerConfiguration(
            cluster.bootstrapServers,
            group: KafkaTestSupport.unique("wake-close")
        )
        // A wake-up once 512 value bytes were taken and the queue ran dry: after every record here.
        configuration.queuedMaxMessagesKilobytes = 1
        configuration.maxPartitionFetchBytes = 1024
        // Every wake-up's answer comes 900 ms late (a wake-up waits for it up to a second).
        try cluster.delayRequests(.listOffsets, count: 100, by: .milliseconds(900), broker: 1)
        var consumer: KafkaConsumer? = try KafkaConsumer(
            configuration: configuration,
            logger: KafkaTestSupport.logger()
        )
        try consumer?.subscribe(topics: [topic])
        var iterator = try #require(consumer).events.makeAsyncIterator()
        for _ in 0..<count {
            _ = try await Self.nextMessage(&iterator)
        }
        // The wrapped librdkafka consumer, watched without a reference.
        weak let client = Mirror(reflecting: try #require(consumer)).descendant("client") as AnyObject?
        #expect(client != nil)
        // The last record's poll found the queue dry and started a wake-up (or one was still under way): close now.
        await consumer?.close()
        consumer = nil
        #expect(client == nil, "the consumer outlived close() and its last reference")
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
