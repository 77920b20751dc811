public import DisclosureKafka

/// The ``OutputSink`` over a `DisclosureKafka.KafkaProducer`.
public final class KafkaOutputSink: OutputSink {
    /// The producer.
    public let producer: KafkaProducer

    /// Creates the sink.
    public init(producer: KafkaProducer) {
        self.producer = producer
    }

    /// Queues every message in order, then waits once for all their acknowledgements (one
    /// `DisclosureKafka.KafkaDeliveryBatch`, not a wait per message).
    ///
    /// - Throws: the first queueing or delivery error (`KafkaError`, with librdkafka's retriable and fatal flags).
    public func publish(_ messages: [OutboundMessage]) async throws {
        try await enqueue(messages).acknowledged()
    }

    /// librdkafka delivers a partition's messages in the order they were produced (the producer is idempotent, so its
    /// own retries keep that order).
    public var queuesInOrder: Bool { true }

    /// Queues every message in order (librdkafka copies keys and headers before each call returns, and the batch
    /// keeps the value buffers librdkafka reads until their reports, so the messages may be dropped at once) and
    /// returns the wait for their acknowledgements.
    public func enqueue(_ messages: [OutboundMessage]) -> PendingPublication {
        // Its messages' header lists go back to this thread, which frees them at its next enqueue.
        let batch = KafkaDeliveryBatch(expectedCount: messages.count)
        var queueError: (any Error)?
        // Consecutive messages with the same topic, key, headers and value buffer (an input's anomaly events: the
        // planner gives them one key array, one header array and one buffer) go to the producer as one run: the
        // producer's state, the topic handle and the batch are dealt with once per run, the headers converted once
        // for all of them (and copied by librdkafka for each record but the last), and each value read by librdkafka
        // in place, out of the shared buffer (which the batch keeps).
        messages.withUnsafeBufferPointer { messages in
            var start = 0
            while start < messages.count {
                var end = start + 1
                while end < messages.count, Self.sameRun(messages[start], messages[end]) { end += 1 }
                do {
                    let first = messages[start]
                    // Made for this run: its last record takes the list, the others copies (one list per record).
                    var headers = KafkaRecordHeaders(capacity: first.headers.count)
                    for header in first.headers { headers.append(key: header.name, value: header.value) }
                    try producer.send(
                        topic: first.topic,
                        key: first.key,
                        count: end - start,
                        headers: headers,
                        batch: batch,
                        valuesIn: first.valueBuffer
                    ) { [start] index in messages[start + index].valueRange }
                } catch {
                    queueError = error
                    break
                }
                start = end
            }
        }
        batch.seal()
        // Earlier inputs' acknowledgements are served on this thread, between two inputs, rather than by the
        // producer's poll thread, woken for each (see KafkaProducer.serveDeliveryReports()).
        producer.serveDeliveryReports()
        return PendingPublication(completion: BatchCompletion(batch: batch, queueError: queueError))
    }

    /// An ``enqueue(_:)``'s acknowledgement: its batch's result, after every message that was queued was reported
    /// even when a queueing error stopped the run (the retry that follows must not race the earlier copies).
    private struct BatchCompletion: PublicationCompletion {
        let batch: KafkaDeliveryBatch
        let queueError: (any Error)?

        func whenComplete(_ body: @escaping @Sendable (Result<Void, any Error>) -> Void) {
            batch.whenComplete { [queueError] delivered in
                if let queueError {
                    body(.failure(queueError))
                } else {
                    body(delivered.mapError { $0 })
                }
            }
        }
    }

    /// Serves the delivery reports that have arrived, then runs `body` while the producer's thread serves each
    /// report as it arrives (it only polls on a timer while processing tasks serve them between inputs).
    public func whileWaitingForAcknowledgements<Result: Sendable>(
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        producer.beginWaitingForDeliveries()
        defer { producer.endWaitingForDeliveries() }
        return try await body()
    }

    /// Whether `next` may go in the same run as `first`: same topic, and key, headers and value buffer that are the
    /// same arrays (the planner gives an input's events one key array, one header array and one buffer).
    ///
    /// Storage only, never the elements: the one comparison per input that would fail (the record's headers against
    /// its events') went through the generic `Equatable` path of `[UInt8]?`, about 1 us; arrays that are equal but
    /// not shared only make a run shorter.
    private static func sameRun(_ first: OutboundMessage, _ next: OutboundMessage) -> Bool {
        first.topic == next.topic && sameStorage(first.key, next.key) && sameStorage(first.headers, next.headers)
            && sameStorage(first.valueBuffer, next.valueBuffer)
    }

    /// Whether two arrays are one array (or both nil).
    private static func sameStorage<Element>(_ lhs: [Element]?, _ rhs: [Element]?) -> Bool {
        guard let lhs, let rhs else { return lhs == nil && rhs == nil }
        return lhs.count == rhs.count
            && lhs.withUnsafeBufferPointer { left in
                rhs.withUnsafeBufferPointer { right in left.baseAddress == right.baseAddress }
            }
    }

    /// Waits until everything queued is delivered or failed.
    public func flush(timeout: Duration) async throws {
        try await producer.flush(timeout: timeout)
    }

    /// Flushes, then closes the producer.
    public func close(timeout: Duration) async {
        await producer.close(timeout: timeout)
    }
}
