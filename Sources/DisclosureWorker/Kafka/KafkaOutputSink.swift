public import DisclosureKafka

/// The ``OutputSink`` over a `DisclosureKafka.KafkaProducer`.
public final class KafkaOutputSink: OutputSink {
    /// The producer.
    public let producer: KafkaProducer

    /// Creates the sink.
    public init(producer: KafkaProducer) {
        self.producer = producer
    }

    /// Queues every message in order, then waits for every acknowledgement.
    ///
    /// - Throws: the first queueing or delivery error (`KafkaError`, with librdkafka's retriable and fatal flags).
    public func publish(_ messages: [OutboundMessage]) async throws {
        var deliveries: [KafkaPendingDelivery] = []
        deliveries.reserveCapacity(messages.count)
        var queueError: (any Error)?
        for message in messages {
            do {
                deliveries.append(
                    try producer.send(
                        topic: message.topic,
                        key: message.key,
                        value: message.value,
                        headers: message.headers.map { KafkaHeader(key: $0.name, value: $0.value) }
                    )
                )
            } catch {
                queueError = error
                break
            }
        }
        // Wait for what was queued even after a queueing error: every delivery is resumed exactly once, and the
        // retry that follows must not race the earlier copies.
        var deliveryError: (any Error)?
        for delivery in deliveries {
            if case .failure(let error) = await delivery.result(), deliveryError == nil {
                deliveryError = error
            }
        }
        if let error = queueError ?? deliveryError { throw error }
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
