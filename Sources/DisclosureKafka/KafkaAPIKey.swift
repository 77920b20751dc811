/// A Kafka protocol request type (ApiKey), for injecting errors into ``KafkaMockCluster``.
public struct KafkaAPIKey: RawRepresentable, Hashable, Sendable {
    /// The protocol's ApiKey number.
    public var rawValue: Int16

    /// Wraps an ApiKey number.
    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// Produce.
    public static let produce = KafkaAPIKey(rawValue: 0)
    /// Fetch.
    public static let fetch = KafkaAPIKey(rawValue: 1)
    /// ListOffsets.
    public static let listOffsets = KafkaAPIKey(rawValue: 2)
    /// Metadata.
    public static let metadata = KafkaAPIKey(rawValue: 3)
    /// OffsetCommit.
    public static let offsetCommit = KafkaAPIKey(rawValue: 8)
    /// OffsetFetch.
    public static let offsetFetch = KafkaAPIKey(rawValue: 9)
    /// FindCoordinator.
    public static let findCoordinator = KafkaAPIKey(rawValue: 10)
    /// JoinGroup.
    public static let joinGroup = KafkaAPIKey(rawValue: 11)
    /// Heartbeat.
    public static let heartbeat = KafkaAPIKey(rawValue: 12)
    /// LeaveGroup.
    public static let leaveGroup = KafkaAPIKey(rawValue: 13)
    /// SyncGroup.
    public static let syncGroup = KafkaAPIKey(rawValue: 14)
    /// InitProducerId.
    public static let initProducerID = KafkaAPIKey(rawValue: 22)
}
