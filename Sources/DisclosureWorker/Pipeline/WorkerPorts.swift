/// What the worker reads from: the consumer group on the raw topic, seen through the pipeline's own types.
///
/// The Kafka adapter (``KafkaInputSource``) implements it over `DisclosureKafka.KafkaConsumer`; tests implement it
/// in memory. Rebalance events arrive *before* they take effect: the source applies one when ``next()`` is called
/// again, so the worker can finish and commit the revoked partitions' work in between.
public protocol InputSource: Sendable {
    /// The next event; `nil` when the source is closed. Called from one task only.
    ///
    /// - Throws: a fatal client error, or `CancellationError`.
    func next() async throws -> InputEvent?
    /// Stores commit positions (each the next offset to read) for the next ``commit()``.
    func store(_ positions: [TopicPartition: Int64]) throws
    /// Commits the stored positions and waits for the broker.
    func commit() async throws
    /// Stops fetching these partitions (the source stays in the group).
    func pause(_ partitions: [TopicPartition]) throws
    /// Resumes fetching these partitions.
    func resume(_ partitions: [TopicPartition]) throws
    /// Leaves the group; ``next()`` returns `nil` afterwards.
    func close() async
    /// Each partition's end: the offset the next message published to it will get (its high watermark).
    func endOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64]
}

extension InputSource {
    /// No ends known (sources without watermarks: the lag metric stays empty).
    public func endOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] { [:] }
}

/// One event from an ``InputSource``.
public enum InputEvent: Sendable, Equatable {
    /// An input.
    case message(InboundMessage)
    /// Partitions assigned to this worker.
    case assigned([TopicPartition])
    /// Partitions taken away; `lost` when another member already owns them (do not commit them).
    case revoked([TopicPartition], lost: Bool)
}

/// Where the worker publishes: records, anomaly events and dead letters.
public protocol OutputSink: Sendable {
    /// Publishes the messages in order and returns when the broker acknowledged every one.
    ///
    /// - Throws: the first delivery error (the caller retries the whole batch: duplicates are byte-identical).
    func publish(_ messages: [OutboundMessage]) async throws
    /// Hands the messages over in order and returns at once; the result completes once the broker acknowledged
    /// every one. The caller may drop the messages when this returns.
    ///
    /// A queueing error is thrown by the result's ``PendingPublication/acknowledged()``, after every message that
    /// was queued has its acknowledgement (the retry that follows must not race the earlier copies).
    func enqueue(_ messages: [OutboundMessage]) -> PendingPublication
    /// Whether messages handed to ``enqueue(_:)`` are delivered in the order of the calls, per destination, whatever
    /// the acknowledgements (a Kafka producer, idempotent: its own retries keep a partition's order). Only then does
    /// the supervisor let a partition run ahead of its acknowledgements (`concurrency.maxUnacknowledgedPerPartition`):
    /// a sink that publishes when the result is awaited would publish in the order of the waits.
    var queuesInOrder: Bool { get }
    /// Runs `body`, a wait that only acknowledgements can end (an input in progress, a lane busy until its input is
    /// acknowledged): the sink completes acknowledgements as soon as they arrive meanwhile.
    func whileWaitingForAcknowledgements<Result: Sendable>(
        _ body: () async throws -> Result
    ) async rethrows -> Result
    /// Waits until everything queued is delivered or failed, up to `timeout`.
    func flush(timeout: Duration) async throws
    /// Flushes for up to `timeout`, then closes.
    func close(timeout: Duration) async
}

extension OutputSink {
    /// Not unless the sink says so.
    public var queuesInOrder: Bool { false }

    /// Runs `body` (sinks that complete acknowledgements as they arrive).
    public func whileWaitingForAcknowledgements<Result: Sendable>(
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await body()
    }

    /// Publishes when the result is awaited (sinks without a queue of their own: ``queuesInOrder`` is false).
    public func enqueue(_ messages: [OutboundMessage]) -> PendingPublication {
        PendingPublication { try await self.publish(messages) }
    }
}
