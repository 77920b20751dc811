public import Logging

/// Reads records from Kafka in a consumer group, one at a time, with explicit offset store and commit.
///
/// ```swift
/// let consumer = try KafkaConsumer(configuration: configuration, logger: logger)   // groupID set
/// try consumer.subscribe(topics: ["disclosures.raw"])
/// for try await event in consumer.events {
///     switch event {
///     case .message(let message):
///         … process, wait for the outputs' deliveries …
///         try consumer.storeOffset(after: message)
///     case .partitionsRevoked(let partitions, let lost):
///         … finish in-flight work of `partitions` …
///         if !lost { try await consumer.commit() }
///     case .partitionsAssigned:
///         break
///     }
///     // commit every few seconds / records: try await consumer.commit()
/// }
/// try await consumer.close()
/// ```
///
/// Defaults (``KafkaConfiguration``): `enable.auto.offset.store=false` (always), `enable.auto.commit=false`,
/// `partition.assignment.strategy=cooperative-sticky`, `auto.offset.reset=earliest`.
///
/// Rebalances reach the caller before they take effect: see ``KafkaConsumerEvent``. The consumer keeps polling
/// librdkafka on a timer while the caller is idle or paused, so it stays in the group; polling and the rebalance
/// callback run on a dispatch queue of their own, commits on a thread of their own: nothing blocks Swift's
/// cooperative pool. Records are consumed one at a time (`rd_kafka_consumer_poll`; never 2.0.x's batch call).
///
/// Close it with ``close()`` (leaves the group at once); dropping it unclosed closes it in `deinit`.
public final class KafkaConsumer: Sendable {
    private let client: RDKafkaConsumer

    /// Creates a consumer; it joins the group once subscribed.
    ///
    /// - Throws: ``KafkaError`` when a property is invalid (librdkafka's message) or no group id is set.
    public init(configuration: KafkaConfiguration, logger: Logger) throws {
        client = try RDKafkaConsumer(configuration: configuration, logger: logger)
    }

    /// Subscribes to `topics` (replacing any earlier subscription); the group assigns partitions.
    ///
    /// - Throws: ``KafkaError`` from `rd_kafka_subscribe`.
    public func subscribe(topics: [String]) throws {
        try client.subscribe(topics: topics)
    }

    /// The records and rebalance events, in order. Iterate it from one task only.
    ///
    /// Ends (returns nil) after ``close()``; throws on a fatal consumer error. Asking for the next event is what
    /// acknowledges a rebalance event handed out before it.
    public var events: KafkaConsumerEvents { KafkaConsumerEvents(buffer: client.events) }

    /// Marks `message` as done: its partition's stored offset becomes `message.offset + 1` (the next to read).
    ///
    /// Non-blocking. The stored offset is committed by the next ``commit()`` (or by librdkafka's auto-commit when
    /// enabled). Store only what is finished (SPEC §3: after every output was acknowledged).
    ///
    /// - Throws: ``KafkaError`` when the partition is not assigned to this consumer.
    public func storeOffset(after message: KafkaMessage) throws {
        try client.storeOffsets([KafkaTopicPartitionOffset(message.topicPartition, offset: message.offset + 1)])
    }

    /// Stores explicit offsets: each is the *next* offset to consume for its partition.
    ///
    /// - Throws: ``KafkaError`` when a partition is not assigned to this consumer.
    public func storeOffsets(_ offsets: [KafkaTopicPartitionOffset]) throws {
        try client.storeOffsets(offsets)
    }

    /// Commits the stored offsets of the assigned partitions and waits for the broker (synchronous commit, on a
    /// thread of its own). Nothing stored since the last commit is not an error.
    ///
    /// - Throws: ``KafkaError`` (check ``KafkaError/isRetriable``).
    public func commit() async throws {
        try await client.commit(nil)
    }

    /// Commits explicit offsets (each the next offset to consume) and waits for the broker.
    ///
    /// - Throws: ``KafkaError`` (check ``KafkaError/isRetriable``).
    public func commit(_ offsets: [KafkaTopicPartitionOffset]) async throws {
        try await client.commit(offsets)
    }

    /// The group's committed offsets for `partitions` (the next offset to consume; negative when none).
    ///
    /// - Throws: ``KafkaError`` on timeout or broker error.
    public func committedOffsets(
        for partitions: [KafkaTopicPartition],
        timeout: Duration = .seconds(10)
    ) async throws -> [KafkaTopicPartitionOffset] {
        try await client.committed(partitions, timeout: timeout)
    }

    /// The partitions currently assigned to this consumer, sorted.
    ///
    /// - Throws: ``KafkaError``.
    public func assignment() async throws -> [KafkaTopicPartition] {
        try await client.assignment()
    }

    /// The partition's low watermark (oldest offset kept) and high watermark (offset the next record will get),
    /// asked from its leader. A consumer has read everything when its next offset equals `high`
    /// (`tail --exit-at-end`).
    ///
    /// - Throws: ``KafkaError`` on timeout or broker error.
    public func watermarks(
        for partition: KafkaTopicPartition,
        timeout: Duration = .seconds(10)
    ) async throws -> (low: Int64, high: Int64) {
        try await client.watermarks(partition, timeout: timeout)
    }

    /// The high watermark of every partition in `partitions` (what ``watermarks(for:timeout:)`` calls `high`), asked
    /// in one ListOffsets request per leader.
    ///
    /// ``watermarks(for:timeout:)`` costs two requests per partition, one after the other, each waiting behind the
    /// fetch the broker holds on the connection the consumer fetches on (`fetch.wait.max.ms`): the worker's lag
    /// measurement of 64 partitions took 0.45 s at a 10 ms fetch wait (~20 s for 48 at 500 ms), and against the dev
    /// broker, while it ran Nagle's algorithm, its responses delayed the fetched records by up to ~50 ms
    /// (docs/BENCHMARKS.md, latency, 2026-11-29).
    ///
    /// - Throws: ``KafkaError`` on timeout or broker error (for any partition).
    public func endOffsets(
        for partitions: [KafkaTopicPartition],
        timeout: Duration = .seconds(10)
    ) async throws -> [KafkaTopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        var ends: [KafkaTopicPartition: Int64] = [:]
        for entry in try await client.endOffsets(partitions, timeout: timeout) {
            ends[entry.topicPartition] = entry.offset
        }
        return ends
    }

    /// Stops fetching `partitions` (the consumer keeps polling, so it stays in the group). Records fetched before
    /// the pause may still be delivered; none is lost or repeated.
    ///
    /// - Throws: ``KafkaError`` for partitions not assigned.
    public func pause(_ partitions: [KafkaTopicPartition]) throws {
        try client.setPaused(true, partitions)
    }

    /// Resumes fetching `partitions` where they stopped.
    ///
    /// - Throws: ``KafkaError`` for partitions not assigned.
    public func resume(_ partitions: [KafkaTopicPartition]) throws {
        try client.setPaused(false, partitions)
    }

    /// Moves assigned partitions to new offsets; the next record of each is the one at its offset.
    ///
    /// - Important: not while handling a rebalance event (call it after asking for the next event).
    /// - Throws: ``KafkaError`` for unassigned partitions, a pending rebalance, or a timeout.
    public func seek(_ offsets: [KafkaTopicPartitionOffset], timeout: Duration = .seconds(10)) async throws {
        try await client.seek(offsets, timeout: timeout)
    }

    /// Leaves the group and ends ``events`` (`rd_kafka_consumer_close`). A pending rebalance is applied without
    /// waiting for the caller; partitions are revoked without events. Commit what you want kept first.
    public func close() async {
        await client.close()
    }
}

/// The event sequence of a ``KafkaConsumer``.
public struct KafkaConsumerEvents: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerEvent
    let buffer: ConsumerEventBuffer

    /// Returns the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }

    /// The iterator: asking for the next event acknowledges a rebalance event returned before.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: ConsumerEventBuffer

        /// The next event; nil after close.
        ///
        /// - Throws: a fatal ``KafkaError``, or `CancellationError`.
        public mutating func next() async throws -> KafkaConsumerEvent? {
            try await buffer.next()
        }
    }
}
