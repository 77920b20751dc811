import DisclosureKafka

/// Reading a consumer's events with an optional quiet period, shared by `tail` and `replay-dlq`.
enum ConsumerEvents {
    /// The next event, or `nil` when the consumer closed or nothing arrived for `idle`.
    static func next(_ consumer: KafkaConsumer, idle: Duration?) async throws -> KafkaConsumerEvent? {
        guard let idle else {
            var iterator = consumer.events.makeAsyncIterator()
            return try await iterator.next()
        }
        return try await withThrowingTaskGroup(of: KafkaConsumerEvent?.self) { group in
            group.addTask {
                var iterator = consumer.events.makeAsyncIterator()
                return try await iterator.next()
            }
            group.addTask {
                try await Task.sleep(for: idle)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
