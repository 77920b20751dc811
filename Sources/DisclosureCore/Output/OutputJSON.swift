/// An input's published JSON in one buffer: the record's bytes (SPEC §4), then each anomaly event's (SPEC §5).
///
/// One buffer rather than an array per message: a 10 KB document has about two dozen events, and making, filling and
/// freeing an array for each cost more than writing them. The Kafka producer copies each value out of the buffer
/// (`KafkaProducer.send(topic:key:count:headers:partition:batch:valuesIn:range:)`).
public struct OutputJSON: Sendable {
    /// The record's bytes, then each event's, with nothing between them.
    public var bytes: [UInt8]
    /// Where the record is in ``bytes``: the bytes ``ProcessedDocument/recordJSON()`` gives.
    public var record: Range<Int>
    /// Where each event is in ``bytes``, in the core's order: the bytes ``ProcessedDocument/anomalyJSON()`` gives.
    public var events: [Range<Int>]

    /// Creates the JSON of an input from its buffer and the ranges of its messages in it.
    public init(bytes: [UInt8], record: Range<Int>, events: [Range<Int>]) {
        self.bytes = bytes
        self.record = record
        self.events = events
    }
}
