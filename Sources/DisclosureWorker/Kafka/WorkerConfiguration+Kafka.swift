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
        return configuration
    }
}
