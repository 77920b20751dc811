public import DisclosureKafka

extension WorkerConfiguration.Kafka {
    /// The librdkafka settings for the worker's consumer and producer.
    ///
    /// Typed fields come from the worker's keys; `kafka.properties.*` pass through last, so an operator can
    /// override anything. The producer stays idempotent with `acks=all` (the wrapper's defaults), so librdkafka's
    /// own retries neither duplicate nor reorder a partition's outputs.
    public var clientConfiguration: KafkaConfiguration {
        var configuration = KafkaConfiguration(
            bootstrapServers: bootstrapServers.split(separator: ",").map(String.init),
            clientID: clientId,
            groupID: groupId,
            additionalProperties: properties
        )
        configuration.sessionTimeout = .milliseconds(sessionTimeoutMs)
        configuration.autoOffsetReset = autoOffsetReset == .earliest ? .earliest : .latest
        // Outputs are awaited one input at a time per partition: a long linger would add to every input's latency.
        configuration.linger = .milliseconds(1)
        // librdkafka prefetches up to 64 MiB by default, most of the worker's memory under a backlog (152 MiB peak
        // through 100,000 queued inputs, 97 MiB with 16 MiB, at the same throughput: docs/BENCHMARKS.md). 16 MiB is
        // still ~1,600 inputs of 10 KB, far more than the cores get through in one fetch round trip.
        configuration.queuedMaxMessagesKilobytes = 16384
        return configuration
    }
}
