/// librdkafka settings for a producer or a consumer: typed fields for what the worker sets, plus raw passthrough.
///
/// Defaults fit a worker on librdkafka 2.0.2, whose own defaults do not: idempotent producer with `acks=all`;
/// consumer with `enable.auto.offset.store=false` (always; the caller stores what it finished),
/// `enable.auto.commit=false` (the caller commits explicitly; see ``enableAutoCommit``),
/// `partition.assignment.strategy=cooperative-sticky` and `auto.offset.reset=earliest`.
///
/// ``additionalProperties`` are applied after the typed fields, so an operator can override any of them, and any
/// key librdkafka knows can be set. Every key and value is checked by librdkafka itself (`rd_kafka_conf_set`)
/// when a client is created or ``validate(for:)`` runs; errors carry librdkafka's own message.
///
/// - Important: ``description`` never shows secrets (SASL password, key passwords, PEM keys, JAAS/OAuth settings,
///   anything whose key says password, secret or token).
public struct KafkaConfiguration: Sendable, CustomStringConvertible {
    /// Which kind of client a property list is for.
    public enum Role: Sendable {
        /// A ``KafkaProducer``.
        case producer
        /// A ``KafkaConsumer``.
        case consumer
    }

    /// `bootstrap.servers`: `host:port` entries.
    public var bootstrapServers: [String]
    /// `client.id`.
    public var clientID: String
    /// `group.id`: required by ``KafkaConsumer``.
    public var groupID: String?
    /// `security.protocol`, SASL and TLS settings.
    public var security: Security
    /// `socket.nagle.disable` (default true, librdkafka's is false): send each request at once (TCP_NODELAY), as the
    /// Java client always does.
    ///
    /// With Nagle's algorithm on, pipelined ProduceRequests wait for the peer's delayed ACK (~40 ms on Linux) whenever
    /// a request is written while an earlier one is unacknowledged. Measured on the dev broker (12,000 × 10 KB inputs,
    /// 64 partitions, 2026-11-28): ProduceRequest round trip p99 42.7 ms with Nagle, 3.7 ms without (p50 0.7 ms
    /// both); input-to-acknowledgement 5.5–7 ms against 3.1 ms; 2,752–3,332 against 3,776–4,004 documents/s.
    public var disableNagle: Bool

    /// How the client's own threads are scheduled: librdkafka's (main, one per broker) and the producer's
    /// delivery-report thread. Default ``ThreadScheduling/normal``, the policy of the thread that creates the client.
    public var threadScheduling: ThreadScheduling

    // MARK: Producer

    /// `enable.idempotence` (default true): no duplicates or reordering from the producer's own retries.
    public var enableIdempotence: Bool
    /// `acks` (default all; idempotence requires all).
    public var acks: Acks
    /// `compression.codec` (default none).
    public var compression: Compression
    /// `linger.ms`: how long to wait to batch messages (librdkafka's default, 5 ms, when nil).
    public var linger: Duration?
    /// `message.timeout.ms`: give up on delivering a message after this long (librdkafka's default, 300 s, when
    /// nil). The delivery result is then ``KafkaError/Code/messageTimedOut``.
    public var messageTimeout: Duration?

    // MARK: Consumer

    /// `enable.auto.commit` (default false): commits happen only through ``KafkaConsumer/commit()``.
    ///
    /// Setting it true makes librdkafka commit the *stored* offsets every `auto.commit.interval.ms` and on
    /// revoke/close; offsets are still only stored by the caller, so at-least-once holds either way.
    public var enableAutoCommit: Bool
    /// `auto.offset.reset` (default earliest): where a group with no committed offset starts.
    public var autoOffsetReset: AutoOffsetReset
    /// `partition.assignment.strategy` (default `cooperative-sticky`).
    public var partitionAssignmentStrategy: String
    /// `session.timeout.ms` (librdkafka's default, 45 s, when nil).
    public var sessionTimeout: Duration?
    /// `heartbeat.interval.ms` (librdkafka's default, 3 s, when nil).
    public var heartbeatInterval: Duration?
    /// `max.poll.interval.ms` (librdkafka's default, 300 s, when nil). The consumer polls on a timer, so an idle
    /// caller does not leave the group; a caller that holds a rebalance event longer than this does.
    public var maxPollInterval: Duration?
    /// `fetch.max.bytes`.
    public var fetchMaxBytes: Int?
    /// `max.partition.fetch.bytes`.
    public var maxPartitionFetchBytes: Int?
    /// `fetch.min.bytes`.
    public var fetchMinBytes: Int?
    /// `fetch.wait.max.ms`.
    public var fetchWaitMax: Duration?
    /// `queued.max.messages.kbytes`: the consumer's prefetch budget.
    public var queuedMaxMessagesKilobytes: Int?

    /// Raw librdkafka properties, applied last (they override the typed fields).
    public var additionalProperties: [String: String]

    /// Creates a configuration with the worker's defaults.
    public init(
        bootstrapServers: [String],
        clientID: String = "disclosure-worker",
        groupID: String? = nil,
        security: Security = .plaintext,
        additionalProperties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.groupID = groupID
        self.security = security
        self.disableNagle = true
        self.threadScheduling = .normal
        self.enableIdempotence = true
        self.acks = .all
        self.compression = .none
        self.linger = nil
        self.messageTimeout = nil
        self.enableAutoCommit = false
        self.autoOffsetReset = .earliest
        self.partitionAssignmentStrategy = "cooperative-sticky"
        self.sessionTimeout = nil
        self.heartbeatInterval = nil
        self.maxPollInterval = nil
        self.fetchMaxBytes = nil
        self.maxPartitionFetchBytes = nil
        self.fetchMinBytes = nil
        self.fetchWaitMax = nil
        self.queuedMaxMessagesKilobytes = nil
        self.additionalProperties = additionalProperties
    }

    /// The librdkafka properties for a client of `role`, in the order they are applied.
    ///
    /// Producer-only fields are left out of a consumer's list and the reverse, so librdkafka logs no
    /// "property ignored" warnings for our own fields.
    public func properties(for role: Role) -> [(key: String, value: String)] {
        var list: [(key: String, value: String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("client.id", clientID),
        ]
        list += security.properties
        list.append(("socket.nagle.disable", String(disableNagle)))
        switch role {
        case .producer:
            list.append(("enable.idempotence", String(enableIdempotence)))
            list.append(("acks", acks.rawValue))
            list.append(("compression.codec", compression.rawValue))
            if let linger { list.append(("linger.ms", String(linger.kafkaMilliseconds))) }
            if let messageTimeout { list.append(("message.timeout.ms", String(messageTimeout.kafkaMilliseconds))) }
        case .consumer:
            if let groupID { list.append(("group.id", groupID)) }
            list.append(("enable.auto.commit", String(enableAutoCommit)))
            list.append(("auto.offset.reset", autoOffsetReset.rawValue))
            list.append(("partition.assignment.strategy", partitionAssignmentStrategy))
            list.append(("enable.partition.eof", "false"))
            if let sessionTimeout { list.append(("session.timeout.ms", String(sessionTimeout.kafkaMilliseconds))) }
            if let heartbeatInterval {
                list.append(("heartbeat.interval.ms", String(heartbeatInterval.kafkaMilliseconds)))
            }
            if let maxPollInterval {
                list.append(("max.poll.interval.ms", String(maxPollInterval.kafkaMilliseconds)))
            }
            if let fetchMaxBytes { list.append(("fetch.max.bytes", String(fetchMaxBytes))) }
            if let maxPartitionFetchBytes { list.append(("max.partition.fetch.bytes", String(maxPartitionFetchBytes))) }
            if let fetchMinBytes { list.append(("fetch.min.bytes", String(fetchMinBytes))) }
            if let fetchWaitMax { list.append(("fetch.wait.max.ms", String(fetchWaitMax.kafkaMilliseconds))) }
            if let queuedMaxMessagesKilobytes {
                list.append(("queued.max.messages.kbytes", String(queuedMaxMessagesKilobytes)))
            }
        }
        for key in additionalProperties.keys.sorted() {
            list.append((key, additionalProperties[key]!))
        }
        if role == .consumer {
            // The caller stores exactly what it finished (SPEC §3); librdkafka must never store on delivery.
            list.append(("enable.auto.offset.store", "false"))
        }
        return list
    }

    /// Checks every property with librdkafka (`rd_kafka_conf_set`) without creating a client.
    ///
    /// - Throws: ``KafkaError`` with code ``KafkaError/Code/invalidArgument`` and librdkafka's message for the
    ///   first invalid key or value (secret values are redacted from the message).
    public func validate(for role: Role) throws {
        try RDKafkaConfig.validate(properties(for: role))
    }

    /// The properties as `key=value` lines, secrets shown as `<redacted>`.
    public var description: String {
        let producer = properties(for: .producer)
        var seen = Set<String>()
        var parts: [String] = []
        for (key, value) in producer + properties(for: .consumer) where seen.insert(key).inserted {
            parts.append("\(key)=\(KafkaConfiguration.isSecret(key) ? "<redacted>" : value)")
        }
        return "KafkaConfiguration(" + parts.joined(separator: ", ") + ")"
    }

    /// True for keys whose values must never be printed.
    static func isSecret(_ key: String) -> Bool {
        let key = key.lowercased()
        return ["password", "secret", "token", "jaas", "credential", "key.pem", "oauthbearer.config"]
            .contains { key.contains($0) }
    }
}

// MARK: - Value types

extension KafkaConfiguration {
    /// `acks`: how many replicas must acknowledge a write.
    public enum Acks: String, Sendable {
        /// Every in-sync replica (required by idempotence).
        case all = "all"
        /// The leader only.
        case leader = "1"
        /// No acknowledgement.
        case none = "0"
    }

    /// `compression.codec`.
    public enum Compression: String, Sendable {
        /// No compression.
        case none
        /// gzip.
        case gzip
        /// Snappy.
        case snappy
        /// LZ4.
        case lz4
        /// Zstandard.
        case zstd
    }

    /// The Linux scheduling policy of the client's own threads; no privilege is needed for either.
    public enum ThreadScheduling: String, Sendable, CaseIterable {
        /// Left as created (`SCHED_OTHER` unless the creating thread had another policy): a thread woken by a socket
        /// or a queue preempts the thread running on its CPU at once.
        case normal
        /// `SCHED_BATCH`: the same CPU share by nice value, but a woken thread does not preempt the running one; it
        /// runs when that one blocks or its time slice ends. On a host whose cores the processing threads fill, the
        /// client's threads then take turns that serve more messages each instead of interrupting the processing
        /// for every delivery report or response.
        case batch
    }

    /// `auto.offset.reset`: where to start when a group has no committed offset.
    public enum AutoOffsetReset: String, Sendable {
        /// The oldest retained message.
        case earliest
        /// Only messages produced from now on.
        case latest
        /// Fail with an error.
        case error
    }
}

extension Duration {
    /// Whole milliseconds, rounded down, for librdkafka's `*.ms` properties.
    var kafkaMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
