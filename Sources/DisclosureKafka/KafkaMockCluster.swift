import Crdkafka

/// librdkafka's in-process mock Kafka cluster (`rdkafka_mock.h`): a real Kafka protocol endpoint on localhost, with
/// fault injection. For tests and the dev broker; not a production broker.
///
/// Brokers are numbered 1…N and listen on random localhost ports (librdkafka 2.0.2 cannot choose them). Known
/// limits of the mock in 2.0.2: the first join of a consumer group waits about 3 s for more members (so a member's
/// `session.timeout.ms` must exceed 3 s, or it expires before its first join completes); each
/// partition keeps about 5 MB before old segments go; topics are auto-created on first use with
/// the default partition count (4 here) unless created explicitly.
///
/// - Important: the cluster lives as long as this object; destroying it drops every connection.
public final class KafkaMockCluster: Sendable {
    private let owner: Owner
    /// The bootstrap list, `127.0.0.1:PORT,…` (one entry per broker).
    public let bootstrapServers: String
    /// Number of brokers; their ids are `1...brokerCount`.
    public let brokerCount: Int

    /// Starts a cluster.
    ///
    /// - Parameter brokers: how many brokers (≥ 1).
    /// - Throws: ``KafkaError`` when librdkafka cannot start it.
    public init(brokers: Int = 3) throws {
        precondition(brokers >= 1, "\(#function): a cluster needs at least one broker, got \(brokers)")
        owner = try Owner(brokers: brokers)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(owner.cluster))
        brokerCount = brokers
    }

    /// The bootstrap address of one broker (`127.0.0.1:PORT`).
    public func address(ofBroker id: Int32) -> String {
        let entries = bootstrapServers.split(separator: ",")
        precondition(1...entries.count ~= Int(id), "\(#function): no broker \(id)")
        return String(entries[Int(id) - 1])
    }

    /// Creates a topic.
    ///
    /// - Throws: ``KafkaError`` (e.g. the topic exists).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws {
        try check(
            rd_kafka_mock_topic_create(owner.cluster, name, Int32(partitions), Int32(replicationFactor))
        )
    }

    /// Disconnects broker `id` and refuses new connections (no leader change: its partitions become unavailable).
    ///
    /// - Warning: this can abort the process. librdkafka 2.0.2 (`rd_kafka_mock_broker_cmd`, set down) closes the
    ///   broker's listening socket and at once binds a new one to the same port, asserting that the bind succeeded; a
    ///   socket anywhere on the host that takes the port in between (ports are shared) makes it abort. Call it only
    ///   in a process of its own that may end that way: the dev broker's `broker-down` command, which the tests that
    ///   take a broker down drive (`DevBrokerProcess`), never in a test process.
    /// - Throws: ``KafkaError`` for an unknown broker.
    public func setBrokerDown(_ id: Int32) throws {
        try check(rd_kafka_mock_broker_set_down(owner.cluster, id))
    }

    /// Lets broker `id` accept connections again.
    ///
    /// - Throws: ``KafkaError`` for an unknown broker.
    public func setBrokerUp(_ id: Int32) throws {
        try check(rd_kafka_mock_broker_set_up(owner.cluster, id))
    }

    /// Delays every response of broker `id` by `roundTripTime`.
    ///
    /// - Throws: ``KafkaError`` for an unknown broker.
    public func setRoundTripTime(_ roundTripTime: Duration, broker id: Int32) throws {
        try check(rd_kafka_mock_broker_set_rtt(owner.cluster, id, Int32(clamping: roundTripTime.kafkaMilliseconds)))
    }

    /// Makes the next `errors.count` requests of type `api` (to any broker) fail with these errors, in order.
    public func pushRequestErrors(_ api: KafkaAPIKey, _ errors: [KafkaError.Code]) {
        let codes = errors.map(\.rdKafkaValue)
        codes.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(owner.cluster, api.rawValue, buffer.count, buffer.baseAddress)
        }
    }

    /// Answers the next `count` requests of type `api` to broker `id` normally, each `roundTripTime` late (other
    /// requests and brokers are not delayed, unlike ``setRoundTripTime(_:broker:)``).
    ///
    /// - Throws: ``KafkaError`` for an unknown broker.
    public func delayRequests(_ api: KafkaAPIKey, count: Int = 1, by roundTripTime: Duration, broker id: Int32) throws {
        let milliseconds = Int32(clamping: roundTripTime.kafkaMilliseconds)
        for _ in 0..<count {
            try check(
                crdkafka_mock_broker_push_request_error_rtt(
                    owner.cluster,
                    id,
                    api.rawValue,
                    RD_KAFKA_RESP_ERR_NO_ERROR,
                    milliseconds
                )
            )
        }
    }

    /// Drops the injected errors not yet used for `api`.
    public func clearRequestErrors(_ api: KafkaAPIKey) {
        rd_kafka_mock_clear_request_errors(owner.cluster, api.rawValue)
    }

    /// Makes metadata report `error` for `topic` (``KafkaError/Code/noError`` to clear).
    public func setTopicError(_ topic: String, _ error: KafkaError.Code) {
        rd_kafka_mock_topic_set_error(owner.cluster, topic, error.rdKafkaValue)
    }

    /// Moves the leadership of a partition to broker `id`.
    ///
    /// - Throws: ``KafkaError`` for an unknown topic, partition or broker.
    public func setPartitionLeader(topic: String, partition: Int32, broker id: Int32) throws {
        try check(rd_kafka_mock_partition_set_leader(owner.cluster, topic, partition, id))
    }

    /// Makes broker `id` the group coordinator for `groupID`.
    ///
    /// - Throws: ``KafkaError`` for an unknown broker.
    public func setGroupCoordinator(_ groupID: String, broker id: Int32) throws {
        try check(rd_kafka_mock_coordinator_set(owner.cluster, "group", groupID, id))
    }

    private func check(_ code: rd_kafka_resp_err_t) throws {
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError.rdKafka(code) }
    }
}

extension KafkaMockCluster {
    /// Owns the throwaway client instance the mock cluster hangs off, and the cluster.
    ///
    /// - Important: `@unchecked Sendable` is safe: the mock cluster API is thread-safe (it posts operations to the
    ///   cluster's own thread); the pointers are immutable. Destruction order: the cluster, then its instance.
    private final class Owner: @unchecked Sendable {
        let instance: OpaquePointer
        let cluster: OpaquePointer

        init(brokers: Int) throws {
            let conf = rd_kafka_conf_new()!
            // The instance only hosts the cluster: keep it quiet and away from any broker.
            _ = rd_kafka_conf_set(conf, "log_level", "3", nil, 0)
            // The mock brokers' sockets take this instance's socket.nagle.disable (librdkafka's default: false). A
            // Kafka broker sets TCP_NODELAY on every connection; with Nagle's algorithm the mock held a small response
            // written behind an unacknowledged one until the client's delayed ACK (~40 ms), which a real broker never
            // does (docs/BENCHMARKS.md, latency, 2026-11-29).
            _ = rd_kafka_conf_set(conf, "socket.nagle.disable", "true", nil, 0)
            var errorText = [CChar](repeating: 0, count: 512)
            guard let instance = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
                rd_kafka_conf_destroy(conf)
                let message = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                throw KafkaError(code: .invalidArgument, message: message, isRetriable: false)
            }
            guard let cluster = rd_kafka_mock_cluster_new(instance, Int32(brokers)) else {
                rd_kafka_destroy(instance)
                throw KafkaError(code: .invalidArgument, message: "cannot start the mock cluster", isRetriable: false)
            }
            self.instance = instance
            self.cluster = cluster
        }

        deinit {
            rd_kafka_mock_cluster_destroy(cluster)
            rd_kafka_destroy(instance)
        }
    }
}
