public import DisclosureKafka

// librdkafka says itself whether an error is retriable or fatal; the failure routing reads exactly that.
extension KafkaError: RetryClassifiable {
    /// `MSG_SIZE_TOO_LARGE`: the producer's `message.max.bytes` or the broker's limit refused the message.
    public var isPayloadTooLarge: Bool { code == .messageSizeTooLarge }
}
