import Crdkafka

/// An error from librdkafka or from our use of it, with what the supervisor needs to decide: retry, give up, abort.
///
/// Errors from librdkafka keep its code and name (`REQUEST_TIMED_OUT`, `_MSG_TIMED_OUT`; a leading underscore marks
/// a client-local error) and its own message. ``isRetriable`` says whether the same operation may succeed later;
/// ``isFatal`` says the client instance is unusable and must be recreated; ``txnRequiresAbort`` is librdkafka's
/// transactional flag (we use no transactions, so it is false unless librdkafka says otherwise).
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// librdkafka's error code (`rd_kafka_resp_err_t`): negative values are client-local, positive ones come from a
    /// broker (the Kafka protocol's error codes).
    public var code: Code
    /// librdkafka's name for ``code``, e.g. `NOT_LEADER_FOR_PARTITION` or `_QUEUE_FULL`.
    public var name: String { code.name }
    /// One line, for people: librdkafka's message where it gave one.
    public var message: String
    /// The same operation may succeed if retried later (broker down, timeout, leader change, queue full).
    public var isRetriable: Bool
    /// The client instance is in an unrecoverable state; create a new one.
    public var isFatal: Bool
    /// A transaction must be aborted (librdkafka's `rd_kafka_error_txn_requires_abort`).
    public var txnRequiresAbort: Bool
    /// Where the error was created (`#fileID`).
    public var file: String
    /// Where the error was created (`#line`).
    public var line: Int

    /// Creates an error; retriable and fatal default to librdkafka's classification of the code.
    public init(
        code: Code,
        message: String? = nil,
        isRetriable: Bool? = nil,
        isFatal: Bool? = nil,
        txnRequiresAbort: Bool = false,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message ?? code.defaultMessage
        self.isRetriable = isRetriable ?? code.isRetriable
        self.isFatal = isFatal ?? (code == .fatal)
        self.txnRequiresAbort = txnRequiresAbort
        self.file = file
        self.line = line
    }

    /// Creates a client-side error that is not one of librdkafka's (code ``Code/invalidArgument``).
    public init(message: String, file: String = #fileID, line: Int = #line) {
        self.init(code: .invalidArgument, message: message, isRetriable: false, file: file, line: line)
    }

    public var description: String {
        var flags = ""
        if isFatal { flags += ", fatal" }
        if isRetriable { flags += ", retriable" }
        if txnRequiresAbort { flags += ", txn-requires-abort" }
        return "\(name) (\(code.rawValue)\(flags)): \(message)"
    }
}

// MARK: - Codes

extension KafkaError {
    /// A librdkafka error code (`rd_kafka_resp_err_t`), with its name.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The numeric value librdkafka uses.
        public var rawValue: Int32

        /// Wraps a numeric librdkafka code.
        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        init(_ error: rd_kafka_resp_err_t) {
            self.rawValue = error.rawValue
        }

        var rdKafkaValue: rd_kafka_resp_err_t { rd_kafka_resp_err_t(rawValue: rawValue) }

        /// librdkafka's name (`rd_kafka_err2name`).
        public var name: String { String(cString: rd_kafka_err2name(rdKafkaValue)) }

        /// librdkafka's message for the code (`rd_kafka_err2str`).
        var defaultMessage: String { String(cString: rd_kafka_err2str(rdKafkaValue)) }

        public var description: String { name }

        /// No error.
        public static let noError = Code(RD_KAFKA_RESP_ERR_NO_ERROR)
        /// Invalid argument or configuration (client-local).
        public static let invalidArgument = Code(RD_KAFKA_RESP_ERR__INVALID_ARG)
        /// The producer's local queue is full (`queue.buffering.max.messages`); retry after deliveries drain.
        public static let queueFull = Code(RD_KAFKA_RESP_ERR__QUEUE_FULL)
        /// A message was not delivered within `message.timeout.ms`.
        public static let messageTimedOut = Code(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
        /// A local operation timed out (flush, commit, close).
        public static let timedOut = Code(RD_KAFKA_RESP_ERR__TIMED_OUT)
        /// A queued message was purged on close before it was sent.
        public static let purgedFromQueue = Code(RD_KAFKA_RESP_ERR__PURGE_QUEUE)
        /// An in-flight message was purged on close; it may or may not have been written.
        public static let purgedInFlight = Code(RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
        /// A fatal error was raised; the instance is unusable.
        public static let fatal = Code(RD_KAFKA_RESP_ERR__FATAL)
        /// Broker transport failure.
        public static let transport = Code(RD_KAFKA_RESP_ERR__TRANSPORT)
        /// All brokers are down.
        public static let allBrokersDown = Code(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        /// The operation is not valid in the current state (e.g. after close).
        public static let state = Code(RD_KAFKA_RESP_ERR__STATE)
        /// No offset was stored, so nothing was committed.
        public static let noOffset = Code(RD_KAFKA_RESP_ERR__NO_OFFSET)
        /// The partition is not known to the client.
        public static let unknownPartition = Code(RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
        /// The topic is not known to the client.
        public static let unknownTopic = Code(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
        /// Broker: unknown topic or partition.
        public static let unknownTopicOrPartition = Code(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
        /// Broker: invalid (corrupt) message.
        public static let invalidMessage = Code(RD_KAFKA_RESP_ERR_INVALID_MSG)
        /// Broker: leader not available.
        public static let leaderNotAvailable = Code(RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
        /// Broker: not leader for partition.
        public static let notLeaderForPartition = Code(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
        /// Broker: request timed out.
        public static let requestTimedOut = Code(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
        /// Broker: message size too large.
        public static let messageSizeTooLarge = Code(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
        /// Broker: not enough in-sync replicas.
        public static let notEnoughReplicas = Code(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)
        /// Broker: rebalance in progress.
        public static let rebalanceInProgress = Code(RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS)
        /// Broker: topic authorization failed.
        public static let topicAuthorizationFailed = Code(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
        /// Broker: invalid record.
        public static let invalidRecord = Code(RD_KAFKA_RESP_ERR_INVALID_RECORD)
        /// Broker: disk error when trying to access the log.
        public static let kafkaStorageError = Code(RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR)

        /// Codes for which a later retry of the same operation may succeed.
        ///
        /// librdkafka's `rd_kafka_error_is_retriable` exists only for `rd_kafka_error_t`; plain codes (delivery
        /// reports, commit results) are classified here after the Kafka protocol's retriable errors plus the
        /// client-local transient ones.
        public var isRetriable: Bool { Code.retriable.contains(rawValue) }

        private static let retriable: Set<Int32> = [
            RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__WAIT_COORD,
            RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR__RETRY, RD_KAFKA_RESP_ERR__PURGE_QUEUE,
            RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR__NODE_UPDATE,
            RD_KAFKA_RESP_ERR__ISR_INSUFF, RD_KAFKA_RESP_ERR__IN_PROGRESS, RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS,
            RD_KAFKA_RESP_ERR__WAIT_CACHE,
            RD_KAFKA_RESP_ERR_INVALID_MSG, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS, RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR,
            RD_KAFKA_RESP_ERR_FETCH_SESSION_ID_NOT_FOUND, RD_KAFKA_RESP_ERR_INVALID_FETCH_SESSION_EPOCH,
            RD_KAFKA_RESP_ERR_LISTENER_NOT_FOUND, RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH,
            RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH, RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_PREFERRED_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_UNSTABLE_OFFSET_COMMIT,
            RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED,
        ].reduce(into: Set<Int32>()) { $0.insert($1.rawValue) }
    }
}

// MARK: - From librdkafka

extension KafkaError {
    /// Wraps a plain librdkafka code; ``isRetriable`` from ``Code/isRetriable``.
    static func rdKafka(
        _ error: rd_kafka_resp_err_t,
        message: String? = nil,
        file: String = #fileID,
        line: Int = #line
    ) -> KafkaError {
        KafkaError(code: Code(error), message: message, file: file, line: line)
    }

    /// Wraps and destroys an `rd_kafka_error_t`, keeping librdkafka's own retriable/fatal/abortable flags.
    ///
    /// - Important: takes ownership: the pointer is destroyed and must not be used afterwards.
    static func consuming(_ error: OpaquePointer, file: String = #fileID, line: Int = #line) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        return KafkaError(
            code: Code(rd_kafka_error_code(error)),
            message: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            txnRequiresAbort: rd_kafka_error_txn_requires_abort(error) != 0,
            file: file,
            line: line
        )
    }

    /// The instance's fatal error (`rd_kafka_fatal_error`) behind a `_FATAL` code, when one was raised.
    static func fatal(of handle: OpaquePointer, file: String = #fileID, line: Int = #line) -> KafkaError {
        var buffer = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &buffer, buffer.count)
        let message = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return KafkaError(
            code: code == RD_KAFKA_RESP_ERR_NO_ERROR ? .fatal : Code(code),
            message: message.isEmpty ? nil : message,
            isRetriable: false,
            isFatal: true,
            file: file,
            line: line
        )
    }
}
