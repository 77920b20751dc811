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

    /// Queues every message in order (librdkafka copies key, value and headers before each call returns, so the
    /// messages may be dropped at once) and returns the wait for their acknowledgements.
    public func enqueue(_ messages: [OutboundMessage]) -> PendingPublication {
        let batch = KafkaDeliveryBatch()
        var queueError: (any Error)?
        // Consecutive messages usually share one header array (an input's anomaly events): convert it once, and let
        // librdkafka copy the converted list for each message.
        var lastHeaders: [MessageHeader]?
        var kafkaHeaders = KafkaHeaderList([])
        for message in messages {
            if lastHeaders.map({ !Self.same($0, message.headers) }) ?? true {
                lastHeaders = message.headers
                kafkaHeaders = KafkaHeaderList(message.headers.map { KafkaHeader(key: $0.name, value: $0.value) })
            }
            do {
                try producer.send(
                    topic: message.topic,
                    key: message.key,
                    value: message.value,
                    headers: kafkaHeaders,
                    batch: batch
                )
            } catch {
                queueError = error
                break
            }
        }
        batch.seal()
        // Earlier inputs' acknowledgements are served on this thread, between two inputs, rather than by the
        // producer's poll thread, woken for each (see KafkaProducer.serveDeliveryReports()).
        producer.serveDeliveryReports()
        return PendingPublication { [queueError] in
            // Wait for what was queued even after a queueing error: the retry that follows must not race the earlier
            // copies.
            let delivered = await batch.result()
            if let error = queueError { throw error }
            try delivered.get()
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

    /// Whether two header arrays are one array: they share storage (the planner gives an input's events one array).
    ///
    /// Storage only, never the elements: the one comparison per input that would fail (the record's headers against
    /// its events') went through the generic `Equatable` path of `[UInt8]?`, about 1 us; arrays that are equal but
    /// not shared only cost a new list.
    private static func same(_ lhs: [MessageHeader], _ rhs: [MessageHeader]) -> Bool {
        lhs.count == rhs.count
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
