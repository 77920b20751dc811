/// What a ``KafkaConsumer`` hands to its caller, in order: records and rebalances.
///
/// A rebalance event is delivered *before* it takes effect: librdkafka's rebalance callback waits until the caller
/// asks for the next event. So, on ``partitionsRevoked(_:lost:)``, the caller can finish the revoked partitions'
/// in-flight work, store and ``KafkaConsumer/commit()`` their offsets, and only then call `next()`, at which point
/// the partitions are unassigned. Every record of a revoked partition comes before its revoke event.
public enum KafkaConsumerEvent: Sendable, Hashable {
    /// A record.
    case message(KafkaMessage)
    /// Partitions about to be assigned to this consumer (with cooperative-sticky: only the added ones; with an eager
    /// strategy: the whole new assignment). They are assigned when the caller asks for the next event.
    case partitionsAssigned([KafkaTopicPartition])
    /// Partitions about to be taken away (cooperative-sticky: only those; eager: all). They are unassigned when the
    /// caller asks for the next event. `lost` means the group already gave them to another member (session timed
    /// out): do not commit them, another consumer owns them now.
    case partitionsRevoked([KafkaTopicPartition], lost: Bool)
}
