/// Log metadata keys, spelled once (dotted, as swift-kafka-client's `KafkaLoggingKeys`).
public enum LoggingKeys {
    /// A topic name.
    public static let topic = "kafka.topic"
    /// A partition number.
    public static let partition = "kafka.partition"
    /// An offset.
    public static let offset = "kafka.offset"
    /// A list of partitions.
    public static let partitions = "kafka.partitions"
    /// A document id.
    public static let documentId = "disclosure.document.id"
    /// A DLQ error class.
    public static let errorClass = "disclosure.error.class"
    /// An error's text.
    public static let error = "error"
    /// An attempt number.
    public static let attempt = "disclosure.attempt"
    /// A delay.
    public static let delay = "disclosure.delay"
    /// The metrics endpoint's address.
    public static let httpAddress = "http.address"
    /// A count of inputs.
    public static let count = "disclosure.count"
}
