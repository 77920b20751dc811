/// A record read by ``KafkaConsumer``, copied out of librdkafka's memory.
public struct KafkaMessage: Sendable, Hashable {
    /// Topic it was read from.
    public var topic: String
    /// Partition it was read from.
    public var partition: Int32
    /// Its offset in the partition.
    public var offset: Int64
    /// Its key; nil when it has none.
    public var key: [UInt8]?
    /// Its value; nil for a null value (a tombstone).
    public var value: [UInt8]?
    /// Its headers, in order.
    public var headers: [KafkaHeader]
    /// Its timestamp in milliseconds since the Unix epoch (create or log-append time); nil when unavailable.
    public var timestampMilliseconds: Int64?

    /// Creates a message (tests and fakes; the consumer creates them from librdkafka's).
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader] = [],
        timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// Its topic-partition.
    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }
}
