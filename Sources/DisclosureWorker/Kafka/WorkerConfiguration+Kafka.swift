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
        configuration.threadScheduling = threadScheduling == .batch ? .batch : .normal
        // A partition holds a bounded number of inputs awaiting acknowledgement
        // (concurrency.maxUnacknowledgedPerPartition; one at a time at 1): a long linger adds to the time each is held.
        configuration.linger = .milliseconds(1)
        // The prefetch is where inputs wait once the lanes hold concurrency.maxQueuedBytes (the worker then stops
        // taking from the consumer); with the lanes and one fetch response it bounds the inputs held in memory.
        // librdkafka 2.0.2 fetches nothing more while it holds this much and looks again only a second later (later
        // versions made that `fetch.queue.backoff.ms`; 2.0.2 has no such property), which once made the prefetch
        // hold a second of work (24, then 40 MiB: 16 MiB left the worker waiting for input). The consumer now wakes
        // the fetching threads when its poll finds the queue empty (RDKafkaConsumer.wakeFetchers), so the prefetch
        // need only cover a fetch's round trip: 16 MiB ran as fast as 40 on 2, 10 and 200 KB documents (interleaved)
        // and took the peak RSS of 1,000 mixed 200 KB documents from 144-166 MiB (up to 174 MB, over the 150 MB
        // bound) to 123-135, the 100,000-input backlog from 114-121 to 86-92 (docs/BENCHMARKS.md, session 14).
        // librdkafka's default, 64 MiB, was most of the worker's memory under a backlog.
        configuration.queuedMaxMessagesKilobytes = 16384
        // One fetch response may bring up to fetch.max.bytes (librdkafka's default 50 MiB: 64 partitions of 200 KB
        // documents came in one response of ~50 MB, kept whole until its last record is taken). 4 MiB bounds that.
        // 4 MiB once cost 10 KB documents throughput (more, smaller fetches while the prefetch was full), before the
        // consumer woke the fetching threads; since then it ran as fast as 8 MiB (interleaved rounds, sessions 14
        // and 15) with a peak RSS 4-12 MiB lower on 200 KB documents (docs/BENCHMARKS.md).
        configuration.fetchMaxBytes = 4 * 1024 * 1024
        return configuration
    }
}
