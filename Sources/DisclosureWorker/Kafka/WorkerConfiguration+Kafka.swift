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
        // A partition holds a bounded number of inputs awaiting acknowledgement
        // (concurrency.maxUnacknowledgedPerPartition; one at a time at 1): a long linger adds to the time each is held.
        configuration.linger = .milliseconds(1)
        // The prefetch is where inputs wait once the lanes hold concurrency.maxQueuedBytes (the worker then stops
        // taking from the consumer). librdkafka 2.0.2 fetches nothing more while it holds this much and looks again
        // only a second later (later versions made that `fetch.queue.backoff.ms`; 2.0.2 has no such property), so
        // it must hold about a second of work: 16 MiB (with 16 MiB in the lanes) left the worker waiting, ~5% fewer
        // 10 KB documents per second than pausing did; 24 MiB (with 8 MiB in the lanes) ran ~30% more
        // (docs/BENCHMARKS.md, 13:00 UTC 2026-11-28). Once the worker ran ~4,500 documents/s, 24 MiB lasted about
        // half a second: the processing tasks waited for input 2.4–3.5 s per 2.6 s round (4 tasks), against 0.1 s
        // with 40 MiB (same minutes, 12,000 × 10 KB, 2026-11-28 21:36). librdkafka's default, 64 MiB, was most of the
        // worker's memory under a backlog; 40 MiB keeps the 200 KB backlog under the 150 MiB bound. Since the
        // consumer wakes the fetching threads whenever its poll finds the queue empty (RDKafkaConsumer.wakeFetchers),
        // the second's wait no longer comes: 16 MiB ran as fast as 40 (2026-11-29, session 13), not changed yet.
        configuration.queuedMaxMessagesKilobytes = 40960
        // One fetch response may bring up to fetch.max.bytes (librdkafka's default 50 MiB: 64 partitions of 200 KB
        // documents came in one response of ~50 MB, kept whole until its last record is taken). 8 MiB bounds that;
        // 4 MiB cost 10 KB documents throughput (more, smaller fetches while the prefetch is full).
        configuration.fetchMaxBytes = 8 * 1024 * 1024
        return configuration
    }
}
