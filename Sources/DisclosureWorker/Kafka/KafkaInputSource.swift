public import DisclosureKafka

/// The ``InputSource`` over a `DisclosureKafka.KafkaConsumer` subscribed to the raw topic.
public final class KafkaInputSource: InputSource {
    /// The consumer.
    public let consumer: KafkaConsumer

    /// Creates the source over a subscribed consumer.
    public init(consumer: KafkaConsumer) {
        self.consumer = consumer
    }

    /// The next event, with the message copied into the pipeline's types.
    public func next() async throws -> InputEvent? {
        // The iterator holds only the consumer's event buffer: a fresh one per call reads the same sequence, and
        // asking for the next event is what applies a rebalance handed out before (see KafkaConsumerEvent).
        var iterator = consumer.events.makeAsyncIterator()
        guard let event = try await iterator.next() else { return nil }
        switch event {
        case .message(let message):
            return .message(
                InboundMessage(
                    topic: message.topic,
                    partition: message.partition,
                    offset: message.offset,
                    key: message.key,
                    value: message.value ?? [],
                    headers: message.headers.map { MessageHeader(name: $0.key, value: $0.value) }
                )
            )
        case .partitionsAssigned(let partitions):
            return .assigned(partitions.map { TopicPartition(topic: $0.topic, partition: $0.partition) })
        case .partitionsRevoked(let partitions, let lost):
            return .revoked(partitions.map { TopicPartition(topic: $0.topic, partition: $0.partition) }, lost: lost)
        }
    }

    /// Stores the positions for the next commit.
    public func store(_ positions: [TopicPartition: Int64]) throws {
        try consumer.storeOffsets(
            positions.map {
                KafkaTopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value)
            }
        )
    }

    /// Commits the stored positions.
    public func commit() async throws {
        try await consumer.commit()
    }

    /// Pauses fetching.
    public func pause(_ partitions: [TopicPartition]) throws {
        try consumer.pause(partitions.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) })
    }

    /// Resumes fetching.
    public func resume(_ partitions: [TopicPartition]) throws {
        try consumer.resume(partitions.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) })
    }

    /// The high watermark of each partition, asked from its leader: one request per leader for all of them (a
    /// request per partition delayed the fetches on the same connection; see ``KafkaConsumer/endOffsets(for:timeout:)``).
    public func endOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        let ends = try await consumer.endOffsets(
            for: partitions.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) },
            timeout: .seconds(5)
        )
        var result: [TopicPartition: Int64] = [:]
        for (partition, end) in ends {
            result[TopicPartition(topic: partition.topic, partition: partition.partition)] = end
        }
        return result
    }

    /// Leaves the group.
    public func close() async {
        await consumer.close()
    }
}
