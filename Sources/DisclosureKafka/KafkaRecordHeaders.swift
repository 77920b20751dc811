import Crdkafka

/// Headers converted to librdkafka's form for the records of one send, which take the list itself.
///
/// librdkafka frees a record's header list with the record, so each queued record needs a list of its own: 4
/// allocations for two headers (the list, its array, one per header). A ``KafkaHeaderList`` is kept for many sends,
/// so every record takes a copy and the kept list is made on top: for the worker, which made one per run, a run of
/// one record (an input's record) made two lists and a run of n (its anomaly events) n + 1. These are made for one
/// send: ``KafkaProducer/send(topic:key:count:headers:partition:batch:valuesIn:range:)`` copies them for every
/// record but the last, which takes the list itself: one list per record. The bytes on the wire are the same as
/// with a ``KafkaHeaderList`` of the same headers: names, values, order, and empty values kept apart from null ones.
///
/// ```swift
/// var headers = KafkaRecordHeaders(capacity: 2)
/// headers.append(key: "content-type", value: Array("application/json".utf8))
/// headers.append(key: "document-id", value: id)
/// try producer.send(topic: topic, key: id, count: n, headers: headers, batch: batch, valuesIn: bytes) { ranges[$0] }
/// ```
///
/// Noncopyable: the list has one owner, this value until a send takes it (or its deinit destroys it).
public struct KafkaRecordHeaders: ~Copyable {
    /// The librdkafka list; nil until the first header.
    private var list: OpaquePointer?
    /// The list's initial capacity.
    private let capacity: Int

    /// No headers yet; `capacity` is how many are coming (the list's array is then allocated once).
    public init(capacity: Int = 0) {
        list = nil
        self.capacity = max(capacity, 1)
    }

    /// Adds a header after the others; a nil value is a null one, an empty value stays empty.
    public mutating func append(key: String, value: [UInt8]?) {
        let list = self.list ?? rd_kafka_headers_new(capacity)!
        self.list = list
        addHeader(to: list, key: key, value: value)
    }

    /// Whether there are no headers.
    public var isEmpty: Bool { list == nil }

    deinit {
        if let list { rd_kafka_headers_destroy(list) }
    }

    /// The list, owned by the caller from now on (a produced record takes it); nil when there are no headers.
    consuming func take() -> OpaquePointer? {
        let list = self.list
        discard self
        return list
    }
}

/// Adds a header to a librdkafka list: `rd_kafka_header_add` copies the name and the value; a nil value stays null,
/// an empty one stays empty.
///
/// The name through `withCString`, not passed as a `String` argument: that conversion copies a small string (every
/// header name of the worker: up to 15 bytes are kept inline) into a new array for each call; `withCString` copies it
/// onto the stack.
func addHeader(to list: OpaquePointer, key: String, value: [UInt8]?) {
    key.withCString { name in
        withBytes(value) { pointer, count in
            _ = rd_kafka_header_add(list, name, -1, pointer, count)
        }
    }
}
