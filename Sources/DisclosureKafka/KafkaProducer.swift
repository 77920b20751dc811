public import Logging

/// Produces records to Kafka and reports each one's delivery.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: .init(bootstrapServers: ["127.0.0.1:9092"]), logger: logger)
/// let delivery = try producer.send(topic: "disclosures.records", key: id, value: json, headers: headers)
/// let report = try await delivery.value()   // partition and offset, after the broker acknowledged it
/// await producer.close(timeout: .seconds(10))
/// ```
///
/// Idempotent by default (`enable.idempotence=true`, `acks=all`): librdkafka's own retries neither duplicate nor
/// reorder. A dedicated thread polls librdkafka (`rd_kafka_poll`) and completes deliveries; nothing blocks Swift's
/// cooperative pool. Call ``close(timeout:)`` before dropping the producer; dropping it without closing purges
/// whatever is still queued (those deliveries fail with ``KafkaError/Code/purgedFromQueue``).
public final class KafkaProducer: Sendable {
    private let client: RDKafkaProducer

    /// Creates a producer; it connects lazily, on first use.
    ///
    /// - Throws: ``KafkaError`` when a property is invalid (librdkafka's message).
    public init(configuration: KafkaConfiguration, logger: Logger) throws {
        client = try RDKafkaProducer(configuration: configuration, logger: logger)
    }

    /// Queues a record and returns at once; the broker's acknowledgement arrives through the returned delivery.
    ///
    /// - Parameters:
    ///   - topic: Topic to write to.
    ///   - key: Partitioning key (records with the same key land on the same partition, in order).
    ///   - value: The record's bytes; nil writes a null value.
    ///   - headers: Headers, in order.
    ///   - partition: An explicit partition; nil lets the partitioner choose from the key.
    ///   - timestampMilliseconds: The record's create time; nil for now.
    /// - Returns: the pending delivery: `try await delivery.value()` gives partition and offset.
    /// - Throws: ``KafkaError`` when librdkafka cannot queue it: ``KafkaError/Code/queueFull`` (retriable: wait for
    ///   deliveries), too large, unknown partition, or a closed producer.
    @discardableResult
    public func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader] = [],
        partition: Int32? = nil,
        timestampMilliseconds: Int64? = nil
    ) throws -> KafkaPendingDelivery {
        try client.send(
            topic: topic,
            partition: partition,
            key: key,
            value: value,
            headers: headers,
            timestampMilliseconds: timestampMilliseconds
        )
    }

    /// Queues a record as part of `batch` and returns at once; the batch completes once every record added to it
    /// is acknowledged (or one failed) and it was sealed (``KafkaDeliveryBatch/seal()``).
    ///
    /// One wait for a group of records instead of one per record: what the worker does for an input's record and
    /// anomaly events.
    ///
    /// - Parameters:
    ///   - topic: Topic to write to.
    ///   - key: Partitioning key.
    ///   - value: The record's bytes; nil writes a null value.
    ///   - headers: Headers, in order.
    ///   - partition: An explicit partition; nil lets the partitioner choose from the key.
    ///   - batch: The batch the record's delivery counts toward.
    /// - Throws: ``KafkaError`` when librdkafka cannot queue it (the batch does not count it); see
    ///   ``send(topic:key:value:headers:partition:timestampMilliseconds:)``.
    public func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader] = [],
        partition: Int32? = nil,
        batch: KafkaDeliveryBatch
    ) throws {
        try client.send(topic: topic, partition: partition, key: key, value: value, headers: headers, batch: batch)
    }

    /// Queues a record with prepared headers as part of `batch`: librdkafka copies the converted list for the record
    /// (``KafkaHeaderList``), cheaper than converting `[KafkaHeader]` for every record that carries the same headers.
    ///
    /// - Parameters:
    ///   - topic: Topic to write to.
    ///   - key: Partitioning key.
    ///   - value: The record's bytes; nil writes a null value.
    ///   - headers: The headers, converted once.
    ///   - partition: An explicit partition; nil lets the partitioner choose from the key.
    ///   - batch: The batch the record's delivery counts toward.
    /// - Throws: ``KafkaError`` when librdkafka cannot queue it (the batch does not count it); see
    ///   ``send(topic:key:value:headers:partition:timestampMilliseconds:)``.
    public func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: KafkaHeaderList,
        partition: Int32? = nil,
        batch: KafkaDeliveryBatch
    ) throws {
        try client.send(topic: topic, partition: partition, key: key, value: value, headers: headers, batch: batch)
    }

    /// Queues `count` records that share topic, key and headers, in order, as part of `batch`: what the worker does
    /// for an input's anomaly events.
    ///
    /// The same records as a ``send(topic:key:value:headers:partition:batch:)`` for each value, for less: the
    /// producer's state, the topic handle and the batch are dealt with once for all of them, and the wall clock read
    /// once for their create time (they share it: the time of the call, in milliseconds). The values come from a
    /// closure rather than a generic collection: across the module boundary a generic one would not be specialized,
    /// and reading each value through it cost more than the call saves.
    ///
    /// ```swift
    /// try producer.send(topic: topic, key: key, count: events.count, headers: headers, batch: batch) { events[$0] }
    /// ```
    ///
    /// - Parameters:
    ///   - topic: Topic to write to.
    ///   - key: Partitioning key of every record.
    ///   - count: How many records.
    ///   - headers: The headers of every record, converted once.
    ///   - partition: An explicit partition; nil lets the partitioner choose from the key.
    ///   - batch: The batch the records' deliveries count toward.
    ///   - value: The bytes of record `index` (`0..<count`), called once per record, in order.
    /// - Throws: ``KafkaError`` for the first record librdkafka cannot queue: it and those after it are not queued
    ///   (the batch does not count them), those before it are; see
    ///   ``send(topic:key:value:headers:partition:timestampMilliseconds:)``.
    public func send(
        topic: String,
        key: [UInt8]?,
        count: Int,
        headers: KafkaHeaderList,
        partition: Int32? = nil,
        batch: KafkaDeliveryBatch,
        value: (_ index: Int) -> [UInt8]
    ) throws {
        try client.send(
            topic: topic,
            partition: partition,
            key: key,
            count: count,
            headers: headers,
            batch: batch,
            value: value
        )
    }

    /// Queues `count` records that share topic, key and headers, in order, as part of `batch`, whose values are
    /// ranges of one buffer: what the worker does for an input's outputs, written into one buffer (no array per
    /// record to make and free).
    ///
    /// The same records as ``send(topic:key:count:headers:partition:batch:value:)`` with `Array(bytes[range(index)])`
    /// for each value.
    ///
    /// - Parameters:
    ///   - topic: Topic to write to.
    ///   - key: Partitioning key of every record.
    ///   - count: How many records.
    ///   - headers: The headers of every record, converted once.
    ///   - partition: An explicit partition; nil lets the partitioner choose from the key.
    ///   - batch: The batch the records' deliveries count toward.
    ///   - bytes: The buffer that holds every value: `batch` keeps it until every record is reported, and librdkafka
    ///     reads the values in place (no copy per record).
    ///   - range: Where the value of record `index` (`0..<count`) is in `bytes`, called once per record, in order;
    ///     a range outside `bytes` is a programming error (it traps).
    /// - Throws: as ``send(topic:key:count:headers:partition:batch:value:)``.
    public func send(
        topic: String,
        key: [UInt8]?,
        count: Int,
        headers: KafkaHeaderList,
        partition: Int32? = nil,
        batch: KafkaDeliveryBatch,
        valuesIn bytes: [UInt8],
        range: (_ index: Int) -> Range<Int>
    ) throws {
        try client.send(
            topic: topic,
            partition: partition,
            key: key,
            count: count,
            headers: headers,
            batch: batch,
            valuesIn: bytes,
            range: range
        )
    }

    /// Queues `count` records that share topic, key and headers, in order, as part of `batch`, whose values are
    /// ranges of one buffer, with headers made for this send (``KafkaRecordHeaders``): the last record takes their
    /// list and the others copies of it, one list per record where a ``KafkaHeaderList`` costs one more per send.
    ///
    /// The same records as ``send(topic:key:count:headers:partition:batch:valuesIn:range:)`` with a
    /// ``KafkaHeaderList`` of the same headers.
    ///
    /// - Parameters:
    ///   - topic: Topic to write to.
    ///   - key: Partitioning key of every record.
    ///   - count: How many records.
    ///   - headers: The headers of every record, taken by the send (destroyed here when no record takes them).
    ///   - partition: An explicit partition; nil lets the partitioner choose from the key.
    ///   - batch: The batch the records' deliveries count toward.
    ///   - bytes: The buffer that holds every value: `batch` keeps it until every record is reported, and librdkafka
    ///     reads the values in place (no copy per record).
    ///   - range: Where the value of record `index` (`0..<count`) is in `bytes`, called once per record, in order;
    ///     a range outside `bytes` is a programming error (it traps).
    /// - Throws: as ``send(topic:key:count:headers:partition:batch:value:)``.
    public func send(
        topic: String,
        key: [UInt8]?,
        count: Int,
        headers: consuming KafkaRecordHeaders,
        partition: Int32? = nil,
        batch: KafkaDeliveryBatch,
        valuesIn bytes: [UInt8],
        range: (_ index: Int) -> Range<Int>
    ) throws {
        try client.send(
            topic: topic,
            partition: partition,
            key: key,
            count: count,
            headers: headers,
            batch: batch,
            valuesIn: bytes,
            range: range
        )
    }

    /// Produces a record and waits for the broker's acknowledgement.
    ///
    /// - Returns: where the record was written.
    /// - Throws: ``KafkaError`` when it could not be queued or delivered.
    public func produce(
        topic: String,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader] = [],
        partition: Int32? = nil
    ) async throws -> KafkaDeliveryReport {
        try await send(topic: topic, key: key, value: value, headers: headers, partition: partition).value()
    }

    /// Serves the delivery reports that have arrived, on the calling thread, and returns at once (never blocks).
    ///
    /// Optional: the producer's own thread serves them otherwise. A caller that queues records often (the worker,
    /// after each input's outputs) saves that thread's wake-ups: while the calls keep coming, the thread only polls
    /// every 2 ms as a fallback instead of being woken by every report, unless a caller waits
    /// (``beginWaitingForDeliveries()``). Deliveries complete on the calling thread then, so keep
    /// ``KafkaPendingDelivery/whenComplete(_:)`` callbacks short.
    public func serveDeliveryReports() {
        client.serveDeliveryReports()
    }

    /// Serves the delivery reports that have arrived, then has the producer's thread serve each report as it
    /// arrives until ``endWaitingForDeliveries()``: call it before a wait that only that thread can end (the caller
    /// stops calling ``serveDeliveryReports()`` meanwhile).
    public func beginWaitingForDeliveries() {
        client.beginWaiting()
    }

    /// Ends a ``beginWaitingForDeliveries()``.
    public func endWaitingForDeliveries() {
        client.endWaiting()
    }

    /// Records queued or in flight.
    public var outstandingCount: Int { client.outstandingCount }

    /// Waits until every queued record is delivered or failed, up to `timeout`; off the cooperative pool.
    ///
    /// - Throws: ``KafkaError`` with ``KafkaError/Code/timedOut`` when records are still outstanding.
    public func flush(timeout: Duration) async throws {
        if let error = await client.flush(timeout: timeout) { throw error }
    }

    /// Flushes for up to `timeout`, then fails what is left (purge) and stops polling. Later sends throw.
    ///
    /// Every pending delivery is completed when this returns: acknowledged, failed, or purged.
    ///
    /// - Returns: nil when everything was delivered in time; else the flush error (``KafkaError/Code/timedOut``).
    @discardableResult
    public func close(timeout: Duration) async -> KafkaError? {
        await client.close(timeout: timeout)
    }
}
