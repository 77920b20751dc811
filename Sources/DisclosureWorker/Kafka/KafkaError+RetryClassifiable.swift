import DisclosureKafka

// librdkafka says itself whether an error is retriable or fatal; the failure routing reads exactly that.
extension KafkaError: RetryClassifiable {}
