import Crdkafka
import Foundation
import Logging
import Synchronization

/// Owns one producer `rd_kafka_t` and the thread that serves its delivery reports.
///
/// - Important: `@unchecked Sendable` is safe: librdkafka's producer API is thread-safe; the handle pointer is
///   immutable after init; mutable Swift state is atomic. Destruction order: stop the poll thread, purge, serve the
///   purged delivery reports (so every pending delivery is completed and its retained box released), then
///   `rd_kafka_destroy`, and only then release ``context`` (librdkafka's callbacks read it until destroy returns).
final class RDKafkaProducer: @unchecked Sendable {
    /// The producer instance.
    let handle: OpaquePointer
    /// Opaque of `handle`: must outlive it.
    private let context: RDKafkaClientContext
    /// The poll thread's run flag and exit signal.
    private let pollThread = PollThreadControl()
    /// Set once ``close(timeout:)`` started; later sends fail.
    private let closed = Atomic<Bool>(false)

    init(configuration: KafkaConfiguration, logger: Logger) throws {
        let conf = try RDKafkaConfig.make(configuration.properties(for: .producer))
        let context = RDKafkaClientContext(logger: logger)
        context.install(on: conf)
        rd_kafka_conf_set_dr_msg_cb(conf, rdKafkaDeliveryReportCallback)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            // rd_kafka_new takes the configuration only on success.
            rd_kafka_conf_destroy(conf)
            let message = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError(code: .invalidArgument, message: message, isRetriable: false)
        }
        self.handle = handle
        self.context = context
        // A dedicated thread, not a task: rd_kafka_poll blocks for up to 100 ms at a time.
        let sendableHandle = SendableOpaquePointer(handle)
        let thread = Thread { [pollThread] in
            while pollThread.running.load(ordering: .relaxed) {
                rd_kafka_poll(sendableHandle.pointer, 100)
            }
            pollThread.done.signal()
        }
        thread.name = "rdkafka-producer-poll"
        thread.start()
    }

    deinit {
        if !closed.load(ordering: .relaxed) {
            shutDown(timeout: .zero)
        }
        rd_kafka_destroy(handle)
    }

    /// Queues one message; its delivery is completed from the poll thread.
    ///
    /// - Throws: ``KafkaError`` when librdkafka refused to queue it (queue full, unknown partition, too large,
    ///   closed producer).
    func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader],
        timestampMilliseconds: Int64?
    ) throws -> KafkaPendingDelivery {
        guard !closed.load(ordering: .relaxed) else {
            throw KafkaError(code: .state, message: "the producer is closed", isRetriable: false)
        }
        let delivery = KafkaPendingDelivery()
        // One retain for librdkafka, given back by the delivery-report callback (or below on failure).
        let opaque = Unmanaged.passRetained(delivery).toOpaque()
        let arena = ProduceArena(topic: topic, key: key, value: value, headers: headers)
        // Headers go in as one list of ours (RD_KAFKA_VTYPE_HEADERS), never as RD_KAFKA_VTYPE_HEADER entries: when a
        // produce fails before queueing (the partitioner finds no such partition, e.g. after a topic error left it
        // with 0 partitions), librdkafka 2.0.2 frees a header list it built itself twice and crashes
        // (confluentinc/librdkafka#4627). A list the application passes is left to the application on failure.
        let headerList: OpaquePointer? = headers.isEmpty ? nil : rd_kafka_headers_new(headers.count)
        let error: OpaquePointer? = arena.bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!
            func pointer(_ offset: Int) -> UnsafeRawPointer { base + offset }
            var arguments: [rd_kafka_vu_t] = []
            arguments.reserveCapacity(6 + headers.count)
            var argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_TOPIC
            argument.u.cstr = pointer(arena.topic).assumingMemoryBound(to: CChar.self)
            arguments.append(argument)
            argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_PARTITION
            argument.u.i32 = partition ?? crdkafka_partition_unassigned
            arguments.append(argument)
            argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_MSGFLAGS
            argument.u.i = RD_KAFKA_MSG_F_COPY
            arguments.append(argument)
            if let (offset, count) = arena.key {
                argument = rd_kafka_vu_t()
                argument.vtype = RD_KAFKA_VTYPE_KEY
                argument.u.mem.ptr = UnsafeMutableRawPointer(mutating: pointer(offset))
                argument.u.mem.size = count
                arguments.append(argument)
            }
            argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_VALUE
            if let (offset, count) = arena.value {
                argument.u.mem.ptr = UnsafeMutableRawPointer(mutating: pointer(offset))
                argument.u.mem.size = count
            }
            arguments.append(argument)
            argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_OPAQUE
            argument.u.ptr = opaque
            arguments.append(argument)
            if let timestampMilliseconds {
                argument = rd_kafka_vu_t()
                argument.vtype = RD_KAFKA_VTYPE_TIMESTAMP
                argument.u.i64 = timestampMilliseconds
                arguments.append(argument)
            }
            if let headerList {
                for header in arena.headers {
                    let name = pointer(header.name).assumingMemoryBound(to: CChar.self)
                    if let (offset, count) = header.value {
                        rd_kafka_header_add(headerList, name, -1, pointer(offset), count)
                    } else {
                        rd_kafka_header_add(headerList, name, -1, nil, 0)
                    }
                }
                argument = rd_kafka_vu_t()
                argument.vtype = RD_KAFKA_VTYPE_HEADERS
                argument.u.headers = headerList
                arguments.append(argument)
            }
            // RD_KAFKA_MSG_F_COPY: librdkafka copies key and value before returning (the header list copied its
            // names and values when they were added).
            return rd_kafka_produceva(handle, arguments, arguments.count)
        }
        if let error {
            // On failure the header list is still ours (on success the message owns it).
            if let headerList { rd_kafka_headers_destroy(headerList) }
            Unmanaged<KafkaPendingDelivery>.fromOpaque(opaque).release()
            throw KafkaError.consuming(error)
        }
        return delivery
    }

    /// Waits until every queued message is delivered or failed, or `timeout` passes (`rd_kafka_flush`).
    ///
    /// - Returns: nil when everything was delivered, ``KafkaError/Code/timedOut`` otherwise.
    func flush(timeout: Duration) async -> KafkaError? {
        let milliseconds = Int32(clamping: timeout.kafkaMilliseconds)
        let handle = SendableOpaquePointer(handle)
        return await BlockingCall.run(name: "rdkafka-producer-flush") {
            let code = rd_kafka_flush(handle.pointer, milliseconds)
            return code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError.rdKafka(code)
        }
    }

    /// Messages queued or in flight (`rd_kafka_outq_len`).
    var outstandingCount: Int { Int(rd_kafka_outq_len(handle)) }

    /// Flushes for up to `timeout`, then purges what is left (failing those deliveries with a purge error), and
    /// stops the poll thread. Idempotent.
    ///
    /// - Returns: the flush error, nil when everything was delivered in time.
    func close(timeout: Duration) async -> KafkaError? {
        guard !closed.exchange(true, ordering: .relaxed) else { return nil }
        let flushError = await flush(timeout: timeout)
        await BlockingCall.run(name: "rdkafka-producer-close") { [self] in
            shutDown(timeout: .zero)
        }
        return flushError
    }

    /// Synchronous tail of closing: purge, stop polling, serve the purge reports.
    private func shutDown(timeout: Duration) {
        closed.store(true, ordering: .relaxed)
        if timeout > .zero {
            rd_kafka_flush(handle, Int32(clamping: timeout.kafkaMilliseconds))
        }
        let purgeFlags = Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
        rd_kafka_purge(handle, purgeFlags)
        if pollThread.running.exchange(false, ordering: .relaxed) {
            pollThread.done.wait()
        }
        // Purged messages report through the delivery callback on the next poll: completes every pending delivery.
        // Bounded, should a broker response still be in flight after the purge: at most 5 s.
        var rounds = 0
        while rd_kafka_outq_len(handle) > 0, rounds < 500 {
            rd_kafka_poll(handle, 10)
            rounds += 1
        }
    }
}

/// The producer poll thread's run flag and exit signal, shared with the thread.
private final class PollThreadControl: Sendable {
    /// Cleared to stop the thread.
    let running = Atomic<Bool>(true)
    /// Signalled when the thread has returned.
    let done = DispatchSemaphore(value: 0)
}

/// Key, value, topic and header bytes laid out in one buffer, so `rd_kafka_produceva` gets stable pointers from a
/// single scoped access instead of one closure per header.
private struct ProduceArena {
    var bytes: [UInt8] = []
    /// Offset of the NUL-terminated topic name.
    var topic = 0
    /// Offset and length of the key.
    var key: (Int, Int)?
    /// Offset and length of the value.
    var value: (Int, Int)?
    /// Offsets of each NUL-terminated header name, offset and length of each value.
    var headers: [(name: Int, value: (Int, Int)?)] = []

    init(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader]) {
        var capacity = topic.utf8.count + 1 + (key?.count ?? 0) + (value?.count ?? 0)
        for header in headers { capacity += header.key.utf8.count + 1 + (header.value?.count ?? 0) }
        bytes.reserveCapacity(max(capacity, 1))
        self.topic = appendCString(topic)
        if let key { self.key = append(key) }
        if let value { self.value = append(value) }
        for header in headers {
            let name = appendCString(header.key)
            var range: (Int, Int)?
            if let value = header.value { range = append(value) }
            self.headers.append((name, range))
        }
        // An empty arena would have no base address.
        if bytes.isEmpty { bytes.append(0) }
    }

    private mutating func appendCString(_ string: String) -> Int {
        let offset = bytes.count
        bytes.append(contentsOf: string.utf8)
        bytes.append(0)
        return offset
    }

    private mutating func append(_ data: [UInt8]) -> (Int, Int) {
        let offset = bytes.count
        bytes.append(contentsOf: data)
        return (offset, data.count)
    }
}

/// librdkafka delivery-report callback (on the poll thread): completes the message's ``KafkaPendingDelivery`` and
/// releases the retain taken in ``RDKafkaProducer/send(topic:partition:key:value:headers:timestampMilliseconds:)``.
private func rdKafkaDeliveryReportCallback(
    handle: OpaquePointer?,
    message: UnsafePointer<rd_kafka_message_t>?,
    opaque: UnsafeMutableRawPointer?
) {
    guard let message, let boxPointer = message.pointee._private else { return }
    let delivery = Unmanaged<KafkaPendingDelivery>.fromOpaque(boxPointer).takeRetainedValue()
    let raw = message.pointee
    let topic = raw.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    if raw.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        delivery.complete(
            .success(
                KafkaDeliveryReport(
                    topic: topic,
                    partition: raw.partition,
                    offset: raw.offset,
                    timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
                )
            )
        )
    } else {
        var error = KafkaError.rdKafka(raw.err, message: String(cString: rd_kafka_err2str(raw.err)))
        if raw.err == RD_KAFKA_RESP_ERR__FATAL, let handle {
            error = .fatal(of: handle)
        }
        delivery.complete(.failure(error))
    }
}
