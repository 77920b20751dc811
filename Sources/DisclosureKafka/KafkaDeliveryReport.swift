/// The broker's acknowledgement of one produced message.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// Topic written to.
    public var topic: String
    /// Partition written to.
    public var partition: Int32
    /// Offset assigned by the broker.
    public var offset: Int64
    /// Timestamp of the message in milliseconds since the Unix epoch, when known.
    public var timestampMilliseconds: Int64?

    /// Creates a report.
    public init(topic: String, partition: Int32, offset: Int64, timestampMilliseconds: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestampMilliseconds = timestampMilliseconds
    }
}
