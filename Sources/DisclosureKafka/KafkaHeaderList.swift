import Crdkafka

/// Headers converted once to librdkafka's form, for many messages that carry the same ones.
///
/// ``KafkaProducer/send(topic:key:value:headers:partition:batch:)`` with `[KafkaHeader]` converts every name to a C
/// string and adds every header to a new list, per message. A list made once is instead copied by librdkafka
/// (`rd_kafka_headers_copy`, in C) for each message. The bytes on the wire are the same either way: names, values,
/// order, and empty values kept apart from null ones. Headers used for one send only (the worker's, which carry the
/// input's document id) cost a list less as ``KafkaRecordHeaders``, which the send's last record takes.
///
/// ```swift
/// let headers = KafkaHeaderList([KafkaHeader(key: "content-type", string: "application/json")])
/// for event in events { try producer.send(topic: topic, key: key, value: event, headers: headers, batch: batch) }
/// ```
///
/// - Important: `@unchecked Sendable` is safe: the librdkafka list is never modified after init, and
///   `rd_kafka_headers_copy` only reads it, so any number of threads may copy it at once.
public final class KafkaHeaderList: @unchecked Sendable {
    /// The headers, in order.
    public let headers: [KafkaHeader]
    /// The librdkafka list copied for each message; nil when there are no headers.
    private let template: OpaquePointer?

    /// Converts `headers` once.
    public init(_ headers: [KafkaHeader]) {
        self.headers = headers
        guard !headers.isEmpty else {
            template = nil
            return
        }
        let list = rd_kafka_headers_new(headers.count)!
        for header in headers { addHeader(to: list, key: header.key, value: header.value) }
        template = list
    }

    deinit {
        if let template { rd_kafka_headers_destroy(template) }
    }

    /// Whether there are no headers.
    public var isEmpty: Bool { template == nil }

    /// A new librdkafka list with the same headers, owned by the caller (a produced message takes it); nil when
    /// there are none.
    func makeCopy() -> OpaquePointer? {
        template.map { rd_kafka_headers_copy($0) }
    }
}
