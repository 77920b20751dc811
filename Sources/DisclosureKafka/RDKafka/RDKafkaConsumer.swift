import Crdkafka
import Dispatch
import Foundation
import Glibc
import Logging
import Synchronization

/// Owns one consumer `rd_kafka_t`, its consumer queue, and the serial dispatch queue that polls it.
///
/// Every `rd_kafka_consumer_poll` runs on ``pollQueue`` (never on Swift's cooperative pool), woken by:
/// - librdkafka's queue event file descriptor (`rd_kafka_queue_io_event_enable`: written when the consumer queue
///   goes from empty to non-empty) through a dispatch read source;
/// - the caller asking for an event on an empty buffer (a user-data source, so wake-ups coalesce);
/// - a timer, so polling continues while the caller is idle or has paused everything: otherwise
///   `max.poll.interval.ms` would silently drop the consumer from the group, and rebalances would wait.
///
/// When a poll finds librdkafka's queue empty, the broker threads that fetch are woken (``wakeFetchers()``): once the
/// queue held `queued.max.messages.kbytes`, librdkafka 2.0.2 fetches again only when they wake, which may be a second
/// later.
///
/// Polled records are copied into ``events`` (at most ``bufferLimit`` records and ``bufferByteLimit`` bytes ahead of
/// the caller). Rebalance callbacks
/// run inside the poll, on ``pollQueue``, and block there until the caller acknowledges the event.
///
/// - Important: `@unchecked Sendable` is safe: librdkafka's consumer API is thread-safe; the pointers are immutable
///   after init; the mutable state (`lastPoll`) is touched only on ``pollQueue``. Destruction order: close the
///   consumer (`rd_kafka_consumer_close`, always), disable the queue's io event, cancel the sources (the read
///   source's cancel handler, which may run after deinit, only closes the pipe), destroy the queue, destroy the
///   instance, then release ``context``.
final class RDKafkaConsumer: @unchecked Sendable {
    /// The consumer instance.
    let handle: OpaquePointer
    /// `rd_kafka_queue_get_consumer`: where records, rebalances and (forwarded) errors arrive.
    private let consumerQueue: OpaquePointer
    /// Opaque of `handle`: must outlive it.
    private let context: RDKafkaClientContext
    /// The hand-over to the caller.
    let events: ConsumerEventBuffer
    /// Serializes every poll, the rebalance callback, seek and close.
    private let pollQueue: DispatchQueue
    private let readSource: any DispatchSourceRead
    private let wakeSource: any DispatchSourceUserDataOr
    private let timer: any DispatchSourceTimer
    private let logger: Logger
    /// Set once closing has started.
    private let closed = Atomic<Bool>(false)
    /// Signalled when the poll side has finished closing.
    private let closeDone = DispatchSemaphore(value: 0)
    /// When the consumer was last polled (only on ``pollQueue``).
    private var lastPoll = DispatchTime.now()
    /// Poll at least this often even with a full buffer: a third of `max.poll.interval.ms`.
    private let keepAliveInterval: DispatchTimeInterval
    /// Where ``wakeFetchers()`` asks the leaders for their partitions' ends: the call waits for the answer.
    private let fetchWakeQueue = DispatchQueue(label: "rdkafka-consumer-wake")
    /// Set while a wake-up is under way: one at a time.
    private let fetchWakeUnderWay = Atomic<Bool>(false)
    /// Value bytes taken from librdkafka since the last wake-up started (only on ``pollQueue``).
    private var takenSinceFetchWake = 0
    /// Bytes to take between two wake-ups: half of `queued.max.messages.kbytes` (see ``wakeFetchers()``).
    private let fetchWakeBytes: Int

    /// Records polled ahead of the caller, at most.
    static let bufferLimit = 128
    /// Value bytes polled ahead of the caller past which polling waits for the caller: 128 records of 10 KB stay
    /// under it, while 128 of 200 KB (25 MB, copied out of librdkafka's prefetch) would add to the worker's peak.
    static let bufferByteLimit = 2 * 1024 * 1024
    /// How often the timer polls while the caller is idle.
    static let idlePollInterval = DispatchTimeInterval.milliseconds(200)

    init(configuration: KafkaConfiguration, logger: Logger) throws {
        guard configuration.groupID != nil || configuration.additionalProperties["group.id"] != nil else {
            throw KafkaError(code: .invalidArgument, message: "a consumer needs a group id", isRetriable: false)
        }
        let pollQueue = DispatchQueue(label: "rdkafka-consumer-poll")
        let wakeSource = DispatchSource.makeUserDataOrSource(queue: pollQueue)
        // Releasing a never-activated dispatch source traps (SIGILL): on any early throw below (librdkafka rejecting
        // the configuration, pipe() failing), activate and cancel it first. Its event handler is not set yet.
        var initialized = false
        defer {
            if !initialized {
                wakeSource.activate()
                wakeSource.cancel()
            }
        }
        let wake = SendableWake(source: wakeSource)
        let events = ConsumerEventBuffer(demand: { wake.source.or(data: 1) })
        let context = RDKafkaClientContext(logger: logger, consumerEvents: events) { error in
            // Fatal errors end the stream; the rest is logged (librdkafka recovers from them itself).
            if error.isFatal { events.finish(throwing: error) }
        }
        let conf = try RDKafkaConfig.make(configuration.properties(for: .consumer))
        let fetchWakeBytes = Self.queuedMaxBytes(of: conf) / 2
        context.install(on: conf)
        RDKafkaThreadScheduling.install(configuration.threadScheduling, on: conf)
        rd_kafka_conf_set_rebalance_cb(conf, rdKafkaRebalanceCallback)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            let message = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError(code: .invalidArgument, message: message, isRetriable: false)
        }
        // Route the main queue (errors, logs) to the consumer queue: one queue to poll.
        rd_kafka_poll_set_consumer(handle)
        let consumerQueue = rd_kafka_queue_get_consumer(handle)!

        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            rd_kafka_queue_destroy(consumerQueue)
            rd_kafka_destroy(handle)
            throw KafkaError(code: .invalidArgument, message: "pipe() failed: errno \(errno)", isRetriable: false)
        }
        for fd in fds {
            // librdkafka writes from its own threads: a full pipe must never block them.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        var wakeByte: UInt8 = 1
        rd_kafka_queue_io_event_enable(consumerQueue, fds[1], &wakeByte, 1)

        self.handle = handle
        self.consumerQueue = consumerQueue
        self.context = context
        self.events = events
        self.pollQueue = pollQueue
        self.logger = logger
        self.wakeSource = wakeSource
        self.readSource = DispatchSource.makeReadSource(fileDescriptor: fds[0], queue: pollQueue)
        self.timer = DispatchSource.makeTimerSource(queue: pollQueue)
        let maxPoll =
            configuration.maxPollInterval?.kafkaMilliseconds
            ?? Int64(configuration.additionalProperties["max.poll.interval.ms"] ?? "") ?? 300_000
        self.keepAliveInterval = .milliseconds(Int(max(maxPoll / 3, 100)))
        self.fetchWakeBytes = fetchWakeBytes

        readSource.setEventHandler { [weak self] in
            var scratch = [UInt8](repeating: 0, count: 64)
            while read(fds[0], &scratch, scratch.count) > 0 {}
            self?.pump(force: false)
        }
        readSource.setCancelHandler {
            // Runs later, on the poll queue, possibly after deinit: touch nothing but the pipe. librdkafka stopped
            // writing to it in closeOnPollSide().
            _ = Glibc.close(fds[0])
            _ = Glibc.close(fds[1])
        }
        wakeSource.setEventHandler { [weak self] in self?.pump(force: false) }
        timer.setEventHandler { [weak self] in self?.timerFired() }
        timer.schedule(deadline: .now() + Self.idlePollInterval, repeating: Self.idlePollInterval)
        readSource.activate()
        wakeSource.activate()
        timer.activate()
        initialized = true
        // The fd is written only on empty -> non-empty; drain once in case something is queued already.
        wakeSource.or(data: 1)
    }

    deinit {
        if !closed.load(ordering: .relaxed) {
            // No strong reference is left, so no handler is running: close right here.
            closeOnPollSide()
        }
        rd_kafka_queue_destroy(consumerQueue)
        rd_kafka_destroy(handle)
    }

    // MARK: - Polling (on pollQueue)

    /// Moves records from librdkafka to ``events`` until it is full (``bufferLimit``, ``bufferByteLimit``) or
    /// librdkafka has none; with `force`, polls at least once (keep-alive).
    private func pump(force: Bool) {
        guard !closed.load(ordering: .relaxed) else { return }
        var forced = force
        while forced || events.hasRoom(count: Self.bufferLimit, bytes: Self.bufferByteLimit) {
            forced = false
            lastPoll = .now()
            // Timeout 0: never blocks; rebalance and error callbacks run inside this call.
            guard let message = rd_kafka_consumer_poll(handle, 0) else {
                wakeFetchers()
                return
            }
            defer { rd_kafka_message_destroy(message) }
            let error = message.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                takenSinceFetchWake += Int(message.pointee.len)
                events.push(.message(RDKafkaMessage.copy(message)))
            } else {
                handlePollError(error, message)
            }
            if closed.load(ordering: .relaxed) { return }
        }
    }

    /// librdkafka's queue is empty: wakes the broker threads that fetch for this consumer, so that they decide at
    /// once whether to fetch (on ``pollQueue``).
    ///
    /// librdkafka 2.0.2 stops fetching a partition while its consumer queue holds `queued.max.messages.kbytes`, and
    /// decides again only when the broker thread wakes: on a response, on an operation, or after
    /// `rd_kafka_max_block_ms` (one second). A fetch response wakes it while fetches go on; once the queue is full
    /// nothing does, so every time the worker drained the prefetch (then 40 MiB, ~0.8 s of 10 KB inputs) it waited up to
    /// the end of that second with every processing task idle (stalls of 51–230 ms in 12,000-input rounds;
    /// docs/BENCHMARKS.md, session 13). Later versions back off `fetch.queue.backoff.ms` instead; 2.0.2 rejects it.
    ///
    /// The public API has no plain wake-up: a request to each leader (ListOffsets at the end, one per leader for the
    /// assigned partitions, the answer unused) is an operation on its thread. Pause/resume or a seek would wake it
    /// too, but they drop the prefetch.
    ///
    /// Only after half the bound was taken since the last wake-up: a queue that filled to the bound was drained of at
    /// least that much before it ran dry, while a consumer that keeps up with a slow stream (its fetches long-poll,
    /// and its queue is empty at every poll) sends nothing. One at a time; a pump follows each, in case the queue ran
    /// dry again meanwhile.
    private func wakeFetchers() {
        guard takenSinceFetchWake >= fetchWakeBytes, !closed.load(ordering: .relaxed),
            !fetchWakeUnderWay.exchange(true, ordering: .acquiringAndReleasing)
        else { return }
        takenSinceFetchWake = 0
        // Holds the consumer until the call returned: rd_kafka_destroy (deinit) cannot run under it.
        fetchWakeQueue.async { [self] in
            defer {
                fetchWakeUnderWay.store(false, ordering: .releasing)
                pollQueue.async { [weak self] in self?.pump(force: false) }
            }
            guard !closed.load(ordering: .relaxed) else { return }
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            guard rd_kafka_assignment(handle, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            guard list.pointee.cnt > 0 else { return }
            for index in 0..<Int(list.pointee.cnt) { list.pointee.elems[index].offset = Int64(RD_KAFKA_OFFSET_END) }
            _ = rd_kafka_offsets_for_times(handle, list, Self.fetchWakeTimeoutMilliseconds)
        }
    }

    /// How long a wake-up waits for the leaders' answers (only the request matters).
    private static let fetchWakeTimeoutMilliseconds: Int32 = 1000

    /// `queued.max.messages.kbytes` of `conf`, in bytes (librdkafka's default when unreadable).
    private static func queuedMaxBytes(of conf: OpaquePointer) -> Int {
        var buffer = [CChar](repeating: 0, count: 32)
        var size = buffer.count
        guard rd_kafka_conf_get(conf, "queued.max.messages.kbytes", &buffer, &size) == RD_KAFKA_CONF_OK,
            let kilobytes = Int(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        else { return 65536 * 1024 }
        return kilobytes * 1024
    }

    private func handlePollError(_ code: rd_kafka_resp_err_t, _ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        if code == RD_KAFKA_RESP_ERR__PARTITION_EOF { return }
        var error = KafkaError.rdKafka(code, message: String(cString: rd_kafka_message_errstr(message)))
        if code == RD_KAFKA_RESP_ERR__FATAL {
            error = .fatal(of: handle)
            logger.error("kafka consumer fatal error", metadata: ["kafka.error": "\(error)"])
            events.finish(throwing: error)
            return
        }
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        logger.warning(
            "kafka consumer error",
            metadata: [
                "kafka.error": "\(error)", "kafka.topic": "\(topic)", "kafka.partition": "\(message.pointee.partition)",
            ]
        )
    }

    private func timerFired() {
        if events.hasRoom(count: Self.bufferLimit, bytes: Self.bufferByteLimit) {
            pump(force: false)
        } else if DispatchTime.now() > lastPoll + keepAliveInterval {
            // The caller is sitting on a full buffer: poll once anyway so the group keeps us (the buffer may grow by
            // one record per keep-alive interval).
            pump(force: true)
        }
    }

    // MARK: - Operations

    /// `rd_kafka_subscribe`.
    func subscribe(topics: [String]) throws {
        let code = RDKafkaTopicPartitionList.with(
            topics.map { KafkaTopicPartition(topic: $0, partition: crdkafka_partition_unassigned) }
        ) { list in
            rd_kafka_subscribe(handle, list)
        }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError.rdKafka(code) }
        wakeSource.or(data: 1)
    }

    /// `rd_kafka_offsets_store`: non-blocking.
    func storeOffsets(_ offsets: [KafkaTopicPartitionOffset]) throws {
        try RDKafkaTopicPartitionList.with(offsets) { list in
            let code = rd_kafka_offsets_store(handle, list)
            if let error = RDKafkaTopicPartitionList.firstError(list) { throw error }
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(code) }
        }
    }

    /// `rd_kafka_commit`, synchronous, on a thread of its own. Nil offsets commit the stored offsets.
    func commit(_ offsets: [KafkaTopicPartitionOffset]?) async throws {
        let handle = SendableOpaquePointer(handle)
        let result: KafkaError? = await BlockingCall.run(name: "rdkafka-commit") {
            let run: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> KafkaError? = { list in
                let code = rd_kafka_commit(handle.pointer, list, 0)
                // Nothing stored since the last commit is not a failure.
                if code == RD_KAFKA_RESP_ERR__NO_OFFSET { return nil }
                if let list, let error = RDKafkaTopicPartitionList.firstError(list) { return error }
                return code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError.rdKafka(code)
            }
            guard let offsets else { return run(nil) }
            return RDKafkaTopicPartitionList.with(offsets) { run($0) }
        }
        if let result { throw result }
    }

    /// `rd_kafka_committed`: the group's committed offsets (next offset to consume; negative when none).
    func committed(_ partitions: [KafkaTopicPartition], timeout: Duration) async throws -> [KafkaTopicPartitionOffset] {
        let handle = SendableOpaquePointer(handle)
        let milliseconds = Int32(clamping: timeout.kafkaMilliseconds)
        let result: Result<[KafkaTopicPartitionOffset], KafkaError> = await BlockingCall.run(name: "rdkafka-committed")
        {
            RDKafkaTopicPartitionList.with(partitions) { list in
                let code = rd_kafka_committed(handle.pointer, list, milliseconds)
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return .failure(KafkaError.rdKafka(code)) }
                let entries = RDKafkaTopicPartitionList.entries(list)
                if let error = entries.lazy.compactMap(\.error).first { return .failure(error) }
                return .success(entries.map(\.position))
            }
        }
        return try result.get()
    }

    /// `rd_kafka_assignment`: the partitions currently assigned.
    func assignment() async throws -> [KafkaTopicPartition] {
        let handle = SendableOpaquePointer(handle)
        let result: Result<[KafkaTopicPartition], KafkaError> = await BlockingCall.run(name: "rdkafka-assignment") {
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let code = rd_kafka_assignment(handle.pointer, &list)
            defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return .failure(KafkaError.rdKafka(code)) }
            return .success(RDKafkaTopicPartitionList.entries(list).map(\.position.topicPartition).sorted())
        }
        return try result.get()
    }

    /// `rd_kafka_query_watermark_offsets`: the partition's low and high watermarks, asked from its leader.
    func watermarks(_ partition: KafkaTopicPartition, timeout: Duration) async throws -> (low: Int64, high: Int64) {
        let handle = SendableOpaquePointer(handle)
        let milliseconds = Int32(clamping: timeout.kafkaMilliseconds)
        let result: Result<KafkaWatermarks, KafkaError> = await BlockingCall.run(name: "rdkafka-watermarks") {
            var low: Int64 = 0
            var high: Int64 = 0
            let code = rd_kafka_query_watermark_offsets(
                handle.pointer,
                partition.topic,
                partition.partition,
                &low,
                &high,
                milliseconds
            )
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return .failure(KafkaError.rdKafka(code)) }
            return .success(KafkaWatermarks(low: low, high: high))
        }
        let watermarks = try result.get()
        return (watermarks.low, watermarks.high)
    }

    /// `rd_kafka_offsets_for_times` at `RD_KAFKA_OFFSET_END` (ListOffsets' "latest"): every partition's high
    /// watermark, in one request per leader.
    func endOffsets(_ partitions: [KafkaTopicPartition], timeout: Duration) async throws -> [KafkaTopicPartitionOffset]
    {
        let handle = SendableOpaquePointer(handle)
        let milliseconds = Int32(clamping: timeout.kafkaMilliseconds)
        let latest = partitions.map { KafkaTopicPartitionOffset($0, offset: Int64(RD_KAFKA_OFFSET_END)) }
        let result: Result<[KafkaTopicPartitionOffset], KafkaError> = await BlockingCall.run(name: "rdkafka-ends") {
            RDKafkaTopicPartitionList.with(latest) { list in
                let code = rd_kafka_offsets_for_times(handle.pointer, list, milliseconds)
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return .failure(KafkaError.rdKafka(code)) }
                let entries = RDKafkaTopicPartitionList.entries(list)
                if let error = entries.lazy.compactMap(\.error).first { return .failure(error) }
                return .success(entries.map(\.position))
            }
        }
        return try result.get()
    }

    /// `rd_kafka_pause_partitions` / `rd_kafka_resume_partitions`: non-blocking.
    func setPaused(_ paused: Bool, _ partitions: [KafkaTopicPartition]) throws {
        try RDKafkaTopicPartitionList.with(partitions) { list in
            let code = paused ? rd_kafka_pause_partitions(handle, list) : rd_kafka_resume_partitions(handle, list)
            if let error = RDKafkaTopicPartitionList.firstError(list) { throw error }
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(code) }
        }
    }

    /// `rd_kafka_seek_partitions` on the poll queue (so no poll interleaves), then drops the buffered records of
    /// those partitions: the next record of each is the one at its new offset.
    func seek(_ offsets: [KafkaTopicPartitionOffset], timeout: Duration) async throws {
        guard !events.rebalancePending else {
            // The poll queue is held by the rebalance callback until the caller moves on: seeking now would wait
            // for itself.
            throw KafkaError(
                code: .state,
                message: "seek while a rebalance event is being handled; seek after asking for the next event",
                isRetriable: false
            )
        }
        let milliseconds = Self.seekTimeoutArgument(timeout)
        let error: KafkaError? = await withCheckedContinuation { continuation in
            pollQueue.async { [self] in
                let error: KafkaError? = RDKafkaTopicPartitionList.with(offsets) { list in
                    if let error = rd_kafka_seek_partitions(handle, list, milliseconds) {
                        return KafkaError.consuming(error)
                    }
                    return RDKafkaTopicPartitionList.firstError(list)
                }
                events.discardMessages(of: Set(offsets.map(\.topicPartition)))
                continuation.resume(returning: error)
            }
        }
        if let error { throw error }
    }

    /// The `timeout_ms` to give `rd_kafka_seek_partitions` for a wait of `timeout` (at least a millisecond).
    ///
    /// Before 2.1.0 (librdkafka PR #4230), it waited for the seeks' replies with the milliseconds left passed as
    /// microseconds: a thousandth of the timeout. With 2.0.2 (Debian's) the default 10 s was 10 ms, and a broker
    /// thread that took longer to serve the seek (a busy host) failed it with `_TIMED_OUT` ("Timed out waiting for 1
    /// remaining partition seek(s) to finish"; KafkaConsumerControlTests failed so once in six runs of the Kafka
    /// suites). Those versions get the timeout in thousandths of a millisecond, which they wait for in full.
    static func seekTimeoutArgument(_ timeout: Duration, libraryVersion: Int32 = rd_kafka_version()) -> Int32 {
        let milliseconds = max(timeout.kafkaMilliseconds, 1)
        // rd_kafka_version(): 0xMMmmrrxx; 2.1.0 is the first with the fix.
        guard libraryVersion < 0x0201_0000 else { return Int32(clamping: milliseconds) }
        return Int32(clamping: min(milliseconds, Int64(Int32.max)) * 1000)
    }

    /// Leaves the group (`rd_kafka_consumer_close`: revokes the assignment, commits if auto-commit is on) and
    /// ends the event stream. Blocks a dispatch thread, never the cooperative pool. Idempotent.
    func close() async {
        guard !context.closing.exchange(true, ordering: .relaxed) else {
            await BlockingCall.run(name: "rdkafka-close-wait") { [closeDone] in
                closeDone.wait()
                closeDone.signal()
            }
            return
        }
        // A rebalance callback blocked on the caller would hold the poll queue forever.
        events.releaseRebalance()
        pollQueue.async { [self] in closeOnPollSide() }
        // Resume from a block that does not hold `self`: had the closing block resumed the caller, that block's
        // reference could outlive the caller's, so deinit (`rd_kafka_destroy`) ran on the poll queue while the
        // caller went on to exit the process: exit tore down what librdkafka's threads were still using
        // (`tail --exit-at-end` segfaulted or hung at exit). On a serial queue, the closing block has run and been
        // released when this one runs; deinit then runs where the caller drops its last reference.
        //
        // The same holds for a fetch wake-up under way (wakeFetchers()): its block holds `self` until its ListOffsets
        // call returns, up to a second later, and the pump it then queues on the poll queue holds `self` while it
        // runs. So the hand-over goes through the poll queue (after the closing block, no wake-up starts: `closed`
        // is set), then the wake-up queue (after every wake-up already started), then the poll queue again (after
        // the pumps they queued).
        let pollQueue = pollQueue
        let fetchWakeQueue = fetchWakeQueue
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            pollQueue.async {
                fetchWakeQueue.async {
                    pollQueue.async { continuation.resume() }
                }
            }
        }
    }

    /// The synchronous part of closing; on ``pollQueue`` or in deinit.
    private func closeOnPollSide() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        context.closing.store(true, ordering: .relaxed)
        events.releaseRebalance()
        timer.cancel()
        wakeSource.cancel()
        let error = rd_kafka_consumer_close(handle)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("kafka consumer close failed", metadata: ["kafka.error": "\(KafkaError.rdKafka(error))"])
        }
        // Stop librdkafka writing to the pipe before the read source's cancel handler closes it.
        rd_kafka_queue_io_event_enable(consumerQueue, -1, nil, 0)
        readSource.cancel()
        events.finish()
        closeDone.signal()
    }
}

/// Low and high watermark of a partition, across a thread hop.
private struct KafkaWatermarks: Sendable {
    let low: Int64
    let high: Int64
}

/// The wake-up source, capturable by the buffer's demand closure.
///
/// - Important: `@unchecked Sendable` is safe: dispatch sources are thread-safe, and `or(data:)` is the only call.
private struct SendableWake: @unchecked Sendable {
    let source: any DispatchSourceUserDataOr
}

// MARK: - Rebalance callback

/// librdkafka rebalance callback (inside `rd_kafka_consumer_poll`, on the poll queue): hands the event to the caller,
/// waits until the caller is done with it, then applies it (incremental for COOPERATIVE, full for EAGER).
private func rdKafkaRebalanceCallback(
    handle: OpaquePointer?,
    code: rd_kafka_resp_err_t,
    partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    opaque: UnsafeMutableRawPointer?
) {
    guard let handle, let opaque else { return }
    let context = Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
    let topicPartitions =
        partitions.map {
            RDKafkaTopicPartitionList.entries($0).map(\.position.topicPartition).sorted()
        } ?? []
    let closing = context.closing.load(ordering: .relaxed)
    var failure: KafkaError?
    switch code {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        context.logger.info("kafka partitions assigned", metadata: ["kafka.partitions": "\(topicPartitions)"])
        if !closing { context.consumerEvents?.pushRebalance(.partitionsAssigned(topicPartitions)) }
        if cooperative {
            if let error = rd_kafka_incremental_assign(handle, partitions) { failure = .consuming(error) }
        } else {
            let result = rd_kafka_assign(handle, partitions)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { failure = .rdKafka(result) }
        }
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        let lost = rd_kafka_assignment_lost(handle) != 0
        context.logger.info(
            "kafka partitions revoked",
            metadata: ["kafka.partitions": "\(topicPartitions)", "kafka.lost": "\(lost)"]
        )
        if !closing { context.consumerEvents?.pushRebalance(.partitionsRevoked(topicPartitions, lost: lost)) }
        if cooperative {
            if let error = rd_kafka_incremental_unassign(handle, partitions) { failure = .consuming(error) }
        } else {
            let result = rd_kafka_assign(handle, nil)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { failure = .rdKafka(result) }
        }
    default:
        failure = .rdKafka(code)
        context.logger.warning("kafka rebalance error", metadata: ["kafka.error": "\(KafkaError.rdKafka(code))"])
        _ = rd_kafka_assign(handle, nil)
    }
    if let failure {
        context.logger.warning("kafka rebalance could not be applied", metadata: ["kafka.error": "\(failure)"])
    }
}
