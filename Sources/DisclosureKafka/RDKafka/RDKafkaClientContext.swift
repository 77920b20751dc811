import Crdkafka
import Logging
import Synchronization

/// What librdkafka's instance-wide callbacks (log, error) need: the `opaque` of an `rd_kafka_t`.
///
/// Passed to librdkafka unretained; the owner of the `rd_kafka_t` keeps it alive until after `rd_kafka_destroy`.
final class RDKafkaClientContext: Sendable {
    /// Where librdkafka's log lines and instance errors go.
    let logger: Logger
    /// Called with each instance-level error (from the thread that polls), after it is logged.
    let onError: (@Sendable (KafkaError) -> Void)?
    /// A consumer's event hand-over, for the rebalance callback; nil for a producer.
    let consumerEvents: ConsumerEventBuffer?
    /// Set when a consumer starts closing: rebalances are then applied without asking the caller.
    let closing = Atomic<Bool>(false)

    init(
        logger: Logger,
        consumerEvents: ConsumerEventBuffer? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil
    ) {
        self.logger = logger
        self.consumerEvents = consumerEvents
        self.onError = onError
    }

    /// Installs the log and error callbacks and this context as the configuration's opaque.
    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdKafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdKafkaErrorCallback)
    }

    /// The context installed on `handle`.
    static func of(_ handle: OpaquePointer?) -> RDKafkaClientContext? {
        guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// librdkafka log callback: syslog levels to swift-log levels, facility and client name as metadata.
private func rdKafkaLogCallback(
    handle: OpaquePointer?,
    level: Int32,
    facility: UnsafePointer<CChar>?,
    message: UnsafePointer<CChar>?
) {
    guard let context = RDKafkaClientContext.of(handle), let message else { return }
    let swiftLevel: Logger.Level
    switch level {
    case ...2: swiftLevel = .critical
    case 3: swiftLevel = .error
    case 4: swiftLevel = .warning
    case 5: swiftLevel = .notice
    case 6: swiftLevel = .info
    default: swiftLevel = .debug
    }
    context.logger.log(
        level: swiftLevel,
        "\(String(cString: message))",
        metadata: ["kafka.facility": "\(facility.map { String(cString: $0) } ?? "")"]
    )
}

/// librdkafka error callback: instance-level errors (brokers down, authentication, fatal).
private func rdKafkaErrorCallback(
    handle: OpaquePointer?,
    code: Int32,
    reason: UnsafePointer<CChar>?,
    opaque: UnsafeMutableRawPointer?
) {
    guard let opaque else { return }
    let context = Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    var error = KafkaError(code: .init(rawValue: code), message: reason.map { String(cString: $0) })
    if error.code == .fatal, let handle {
        error = .fatal(of: handle)
    }
    // Brokers going away is routine (librdkafka reconnects); a fatal error is not.
    context.logger.log(
        level: error.isFatal ? .error : .debug,
        "librdkafka error",
        metadata: ["kafka.error": "\(error)"]
    )
    context.onError?(error)
}
