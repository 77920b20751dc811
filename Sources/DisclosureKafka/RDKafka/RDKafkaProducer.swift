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
    /// Topic handles by name (`rd_kafka_topic_new`), made on first use and destroyed with the producer.
    ///
    /// A produce that names its topic (`RD_KAFKA_VTYPE_TOPIC`) makes librdkafka look the topic up under its
    /// instance-wide write lock, comparing names, and take and drop a reference, for every message; the worker sends
    /// ~14 messages per input to two topics. A cached handle (`RD_KAFKA_VTYPE_RKT`) skips all of that.
    ///
    /// A list searched in order, not a dictionary: a producer writes to a handful of topics, and comparing the name
    /// with each is cheaper than hashing it for every message (the caller's name usually shares the cached one's
    /// storage, which compares at once).
    private let topicHandles = Mutex<[(name: String, handle: SendableOpaquePointer)]>([])

    init(configuration: KafkaConfiguration, logger: Logger) throws {
        let conf = try RDKafkaConfig.make(configuration.properties(for: .producer))
        let context = RDKafkaClientContext(logger: logger)
        context.install(on: conf)
        RDKafkaThreadScheduling.install(configuration.threadScheduling, on: conf)
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
        let scheduling = configuration.threadScheduling
        let thread = Thread { [pollThread] in
            // Named from inside: Foundation on Linux does not apply `Thread.name` to the system thread.
            nameCurrentThread(Self.pollThreadName)
            RDKafkaThreadScheduling.applyToCurrentThread(scheduling)
            var inlineServes = pollThread.inlineServes.load(ordering: .relaxed)
            while pollThread.running.load(ordering: .relaxed) {
                let served = pollThread.inlineServes.load(ordering: .relaxed)
                if served != inlineServes, pollThread.waiting.load(ordering: .sequentiallyConsistent) == 0 {
                    // The application serves the reports itself (serveDeliveryReports()) and nobody waits on this
                    // thread: only a fallback here, on a timer. Blocked in rd_kafka_poll, this thread was woken by
                    // every report librdkafka queued (~2 wake-ups per worker input, each preempting a processing
                    // thread on a busy host).
                    inlineServes = served
                    rd_kafka_poll(sendableHandle.pointer, 0)
                    pollThread.sleep(microseconds: Self.fallbackIntervalMicroseconds)
                } else {
                    // Nobody serves, or someone waits for reports only this thread may serve now: each at once.
                    inlineServes = served
                    rd_kafka_poll(sendableHandle.pointer, 100)
                }
            }
            pollThread.done.signal()
        }
        thread.name = Self.pollThreadName
        thread.start()
    }

    /// The name of the thread that serves delivery reports: at most 15 bytes (Linux's limit; a longer name is
    /// refused and the thread shows its creator's, a cooperative pool thread's), so that profiles and
    /// `benchmarks/bench.py` tell the delivery reports apart.
    static let pollThreadName = "kafka-dr-poll"

    /// How often the poll thread serves delivery reports while the application also serves them
    /// (``serveDeliveryReports()``): a report the application leaves waits at most about this long.
    static let fallbackIntervalMicroseconds: UInt32 = 2000

    /// Serves the delivery reports that have arrived, on the calling thread, without blocking (`rd_kafka_poll` with
    /// timeout 0): their callbacks run here, the sent messages are freed here.
    ///
    /// While the application calls this at least once per ``fallbackIntervalMicroseconds`` and no caller waits
    /// (``beginWaiting()``), the poll thread stops waiting on librdkafka's queue (where every report woke it) and
    /// polls on a timer instead; once the calls stop or a caller waits, it waits on the queue again.
    func serveDeliveryReports() {
        pollThread.inlineServes.add(1, ordering: .relaxed)
        rd_kafka_poll(handle, 0)
    }

    /// A caller is about to wait for deliveries (nobody else may serve their reports now): serves what has arrived,
    /// then has the poll thread serve each report as it arrives until ``endWaiting()``.
    func beginWaiting() {
        rd_kafka_poll(handle, 0)
        pollThread.beginWaiting()
    }

    /// Ends a ``beginWaiting()``.
    func endWaiting() {
        pollThread.waiting.subtract(1, ordering: .sequentiallyConsistent)
    }

    deinit {
        if !closed.load(ordering: .relaxed) {
            shutDown(timeout: .zero)
        }
        // Queued messages hold references of their own: dropping ours before destroy is safe.
        topicHandles.withLock { handles in
            for topic in handles { rd_kafka_topic_destroy(topic.handle.pointer) }
            handles.removeAll()
        }
        rd_kafka_destroy(handle)
    }

    /// The cached handle of `topic`, made on first use; nil when librdkafka refuses the name (the produce then names
    /// the topic, and librdkafka reports why).
    private func topicHandle(_ topic: String) -> OpaquePointer? {
        topicHandles.withLock { handles in
            for known in handles where known.name == topic { return known.handle.pointer }
            guard let made = rd_kafka_topic_new(handle, topic, nil) else { return nil }
            handles.append((topic, SendableOpaquePointer(made)))
            return made
        }
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
        let delivery = KafkaPendingDelivery()
        try produce(
            topic: topic,
            partition: partition,
            key: key,
            value: value,
            headerList: Self.headerList(headers),
            timestampMilliseconds: timestampMilliseconds,
            receiver: .delivery(delivery)
        )
        return delivery
    }

    /// Queues one message as part of `batch`; its delivery report counts toward the batch.
    ///
    /// - Throws: ``KafkaError`` when librdkafka refused to queue it (the batch does not count it).
    func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader],
        batch: KafkaDeliveryBatch
    ) throws {
        try send(
            topic: topic,
            partition: partition,
            key: key,
            value: value,
            headerList: Self.headerList(headers),
            batch: batch
        )
    }

    /// Queues one message with a copy of prepared headers as part of `batch`.
    ///
    /// - Throws: ``KafkaError`` when librdkafka refused to queue it (the batch does not count it).
    func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: KafkaHeaderList,
        batch: KafkaDeliveryBatch
    ) throws {
        try send(
            topic: topic,
            partition: partition,
            key: key,
            value: value,
            headerList: headers.makeCopy(),
            batch: batch
        )
    }

    /// Queues `count` records that share topic, key and headers, in order, as part of `batch`; `value` gives each
    /// one's bytes.
    ///
    /// For all of them at once: one check that the producer is open, one topic-handle look-up, one count in the batch
    /// (``KafkaDeliveryBatch/add(_:)``), one create time (the wall clock read once), and the `rd_kafka_produceva`
    /// argument list built once, only the value and the copy of the headers changing from one record to the next.
    ///
    /// - Throws: ``KafkaError`` for the first record librdkafka refused: that one and those after it are not queued
    ///   (nor counted in the batch), those before it are.
    func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        count: Int,
        headers: KafkaHeaderList,
        batch: KafkaDeliveryBatch,
        value: (_ index: Int) -> [UInt8]
    ) throws {
        try send(
            topic: topic,
            partition: partition,
            key: key,
            count: count,
            headerList: count > 0 ? headers.makeCopy() : nil,
            batch: batch,
            copyingValues: true
        ) { index, body in
            withBytes(value(index), body)
        }
    }

    /// Queues `count` records that share topic, key and headers, in order, as part of `batch`: record `index`'s
    /// value is the bytes of `bytes` at `range(index)` (no array per record: an input's outputs are written into one
    /// buffer).
    ///
    /// - Throws: as ``send(topic:partition:key:count:headers:batch:value:)``.
    func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        count: Int,
        headers: KafkaHeaderList,
        batch: KafkaDeliveryBatch,
        valuesIn bytes: [UInt8],
        range: (_ index: Int) -> Range<Int>
    ) throws {
        try send(
            topic: topic,
            partition: partition,
            key: key,
            count: count,
            headerList: count > 0 ? headers.makeCopy() : nil,
            batch: batch,
            valuesIn: bytes,
            range: range
        )
    }

    /// As ``send(topic:partition:key:count:headers:batch:valuesIn:range:)``, with headers made for this send: the
    /// last record takes their list, the others copies of it.
    func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        count: Int,
        headers: consuming KafkaRecordHeaders,
        batch: KafkaDeliveryBatch,
        valuesIn bytes: [UInt8],
        range: (_ index: Int) -> Range<Int>
    ) throws {
        try send(
            topic: topic,
            partition: partition,
            key: key,
            count: count,
            headerList: headers.take(),
            batch: batch,
            valuesIn: bytes,
            range: range
        )
    }

    /// The ranges of one buffer as values: `headerList` is owned here, as in the loop's.
    ///
    /// The values are not copied: librdkafka reads them in place (no `RD_KAFKA_MSG_F_COPY`) until each record is
    /// reported, and `batch` keeps the buffer until then (``KafkaDeliveryBatch/keep(_:)``). librdkafka copied each
    /// value into the record's own allocation, which made that block as large as the value (the worker's ~16 KB of
    /// JSON per input, a second time). An empty buffer, which holds no value to point at, is copied as before.
    private func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        count: Int,
        headerList: OpaquePointer?,
        batch: KafkaDeliveryBatch,
        valuesIn bytes: [UInt8],
        range: (_ index: Int) -> Range<Int>
    ) throws {
        let inPlace = !bytes.isEmpty
        // Before any record can refer to it. The kept array shares the storage read below: a native array's elements
        // stay where they are while a reference to its storage lives and nobody writes through it (the batch's copy is
        // never written).
        if inPlace { batch.keep(bytes) }
        try bytes.withUnsafeBytes { buffer in
            // An empty value is an empty value, not a null one: a pointer even when the buffer has none.
            let zero: UInt8 = 0
            try withUnsafeBytes(of: zero) { zero in
                let base = buffer.baseAddress ?? zero.baseAddress!
                try send(
                    topic: topic,
                    partition: partition,
                    key: key,
                    count: count,
                    headerList: headerList,
                    batch: batch,
                    copyingValues: !inPlace || buffer.baseAddress == nil
                ) { index, body in
                    let range = range(index)
                    precondition(range.lowerBound >= 0 && range.upperBound <= buffer.count, "value out of its buffer")
                    return body(base + range.lowerBound, range.count)
                }
            }
        }
    }

    /// The loop of the batched sends: `withValue` hands record `index`'s value (pointer and size, valid during
    /// the call) to its body, which queues it.
    ///
    /// `headerList` (nil for none) is owned here: the last record takes it and every other record a copy of it, so
    /// that no list is made only to be copied and destroyed; whatever no queued record took is destroyed here.
    /// `copyingValues` false: librdkafka reads each value in place until the record's delivery report, so the values
    /// must stay valid until then (the caller has `batch` keep them).
    private func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        count: Int,
        headerList template: OpaquePointer?,
        batch: KafkaDeliveryBatch,
        copyingValues: Bool,
        withValue: (_ index: Int, _ body: (UnsafeRawPointer?, Int) -> OpaquePointer?) -> OpaquePointer?
    ) throws {
        // The header lists of this thread's completed batches (KafkaDeliveryBatch(expectedCount:)), freed here where
        // they were made.
        ReturnedHeaderLists.drainCurrentThread()
        guard count > 0 else {
            if let template { rd_kafka_headers_destroy(template) }
            return
        }
        guard !closed.load(ordering: .relaxed) else {
            if let template { rd_kafka_headers_destroy(template) }
            throw KafkaError(code: .state, message: "the producer is closed", isRetriable: false)
        }
        batch.add(count)
        let opaque = DeliveryReceiver.batch(batch).opaque()
        let topicHandle = topicHandle(topic)
        var queued = 0
        let failure: OpaquePointer? = topic.withCString { topicName in
            withBytes(key) { keyPointer, keyCount in
                withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 8) { arguments in
                    var used = 0
                    func append(_ build: (inout rd_kafka_vu_t) -> Void) -> Int {
                        var argument = rd_kafka_vu_t()
                        build(&argument)
                        arguments.initializeElement(at: used, to: argument)
                        used += 1
                        return used - 1
                    }
                    defer { arguments.baseAddress!.deinitialize(count: used) }
                    if let topicHandle {
                        _ = append {
                            $0.vtype = RD_KAFKA_VTYPE_RKT
                            $0.u.rkt = topicHandle
                        }
                    } else {
                        _ = append {
                            $0.vtype = RD_KAFKA_VTYPE_TOPIC
                            $0.u.cstr = topicName
                        }
                    }
                    _ = append {
                        $0.vtype = RD_KAFKA_VTYPE_PARTITION
                        $0.u.i32 = partition ?? crdkafka_partition_unassigned
                    }
                    _ = append {
                        $0.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                        // Without F_COPY (and without F_FREE) librdkafka neither copies nor frees the values. The key
                        // is copied either way.
                        $0.u.i = copyingValues ? RD_KAFKA_MSG_F_COPY : 0
                    }
                    if let keyPointer {
                        _ = append {
                            $0.vtype = RD_KAFKA_VTYPE_KEY
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyPointer)
                            $0.u.mem.size = keyCount
                        }
                    }
                    _ = append {
                        $0.vtype = RD_KAFKA_VTYPE_OPAQUE
                        $0.u.ptr = opaque
                    }
                    // One create time for the run, read once: librdkafka reads the wall clock (gettimeofday) for
                    // every record given none, and the records of a run are queued within microseconds of each
                    // other (the same millisecond but rarely).
                    _ = append {
                        $0.vtype = RD_KAFKA_VTYPE_TIMESTAMP
                        $0.u.i64 = Self.wallClockMilliseconds()
                    }
                    let valueSlot = append { $0.vtype = RD_KAFKA_VTYPE_VALUE }
                    // Headers go in as a list of ours, as in produce(topic:partition:key:value:headerList:...).
                    let headerSlot = template == nil ? nil : append { $0.vtype = RD_KAFKA_VTYPE_HEADERS }
                    for index in 0..<count {
                        // The last record takes the list itself; the others copy it (in C, without the names'
                        // conversion).
                        let headerList = index == count - 1 ? template : template.map { rd_kafka_headers_copy($0) }
                        if let headerSlot { arguments[headerSlot].u.headers = headerList }
                        let error = withValue(index) { valuePointer, valueCount in
                            arguments[valueSlot].u.mem.ptr = valuePointer.map { UnsafeMutableRawPointer(mutating: $0) }
                            arguments[valueSlot].u.mem.size = valueCount
                            return rd_kafka_produceva(handle, arguments.baseAddress, used)
                        }
                        if let error {
                            // On failure the header list is still ours (on success the message owns it), and so is
                            // the template unless this was the last record, which was given it.
                            if let headerList { rd_kafka_headers_destroy(headerList) }
                            if index < count - 1, let template { rd_kafka_headers_destroy(template) }
                            return error
                        }
                        queued += 1
                    }
                    return nil
                }
            }
        }
        if let failure {
            // Never queued: undo their counts (no report will come for them).
            for _ in queued..<count { batch.report(nil) }
            throw KafkaError.consuming(failure)
        }
    }

    /// Queues one message, whose header list (owned here from now on) is given, as part of `batch`.
    private func send(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        value: [UInt8]?,
        headerList: OpaquePointer?,
        batch: KafkaDeliveryBatch
    ) throws {
        // As in the runs' send: this thread's returned header lists are freed here.
        ReturnedHeaderLists.drainCurrentThread()
        batch.add()
        do {
            try produce(
                topic: topic,
                partition: partition,
                key: key,
                value: value,
                headerList: headerList,
                timestampMilliseconds: nil,
                receiver: .batch(batch)
            )
        } catch {
            // Never queued: undo the count (no report will come for it).
            batch.report(nil)
            throw error
        }
    }

    /// Now, in milliseconds since the Unix epoch: the create time librdkafka gives a record that has none
    /// (`rd_uclock() / 1000`, the wall clock).
    private static func wallClockMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// A new librdkafka header list holding `headers`, owned by the caller; nil when there are none.
    private static func headerList(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty else { return nil }
        let list = rd_kafka_headers_new(headers.count)!
        for header in headers { addHeader(to: list, key: header.key, value: header.value) }
        return list
    }

    /// `rd_kafka_produceva` with `RD_KAFKA_MSG_F_COPY`: librdkafka copies key and value before returning, so the
    /// Swift arrays are read in place (no intermediate copy). `headerList` is owned here: the message takes it, or
    /// it is destroyed when the produce fails. `receiver` is retained for librdkafka until its delivery report.
    ///
    /// Headers go in as one list of ours (RD_KAFKA_VTYPE_HEADERS), never as RD_KAFKA_VTYPE_HEADER entries: when a
    /// produce fails before queueing (the partitioner finds no such partition, e.g. after a topic error left it with
    /// 0 partitions), librdkafka 2.0.2 frees a header list it built itself twice and crashes
    /// (confluentinc/librdkafka#4627). A list the application passes is left to the application on failure.
    private func produce(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        value: [UInt8]?,
        headerList: OpaquePointer?,
        timestampMilliseconds: Int64?,
        receiver: DeliveryReceiver
    ) throws {
        guard !closed.load(ordering: .relaxed) else {
            if let headerList { rd_kafka_headers_destroy(headerList) }
            throw KafkaError(code: .state, message: "the producer is closed", isRetriable: false)
        }
        // A delivery's retain for librdkafka, given back by the delivery-report callback (or below on failure).
        let opaque = receiver.opaque()
        let topicHandle = topicHandle(topic)
        let error: OpaquePointer? = topic.withCString { topicName in
            withBytes(key) { keyPointer, keyCount in
                withBytes(value) { valuePointer, valueCount in
                    withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { arguments in
                        var count = 0
                        func append(_ build: (inout rd_kafka_vu_t) -> Void) {
                            var argument = rd_kafka_vu_t()
                            build(&argument)
                            arguments.initializeElement(at: count, to: argument)
                            count += 1
                        }
                        if let topicHandle {
                            append {
                                $0.vtype = RD_KAFKA_VTYPE_RKT
                                $0.u.rkt = topicHandle
                            }
                        } else {
                            append {
                                $0.vtype = RD_KAFKA_VTYPE_TOPIC
                                $0.u.cstr = topicName
                            }
                        }
                        append {
                            $0.vtype = RD_KAFKA_VTYPE_PARTITION
                            $0.u.i32 = partition ?? crdkafka_partition_unassigned
                        }
                        append {
                            $0.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                            $0.u.i = RD_KAFKA_MSG_F_COPY
                        }
                        if let keyPointer {
                            append {
                                $0.vtype = RD_KAFKA_VTYPE_KEY
                                $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyPointer)
                                $0.u.mem.size = keyCount
                            }
                        }
                        append {
                            $0.vtype = RD_KAFKA_VTYPE_VALUE
                            $0.u.mem.ptr = valuePointer.map { UnsafeMutableRawPointer(mutating: $0) }
                            $0.u.mem.size = valueCount
                        }
                        append {
                            $0.vtype = RD_KAFKA_VTYPE_OPAQUE
                            $0.u.ptr = opaque
                        }
                        if let timestampMilliseconds {
                            append {
                                $0.vtype = RD_KAFKA_VTYPE_TIMESTAMP
                                $0.u.i64 = timestampMilliseconds
                            }
                        }
                        if let headerList {
                            append {
                                $0.vtype = RD_KAFKA_VTYPE_HEADERS
                                $0.u.headers = headerList
                            }
                        }
                        defer { arguments.baseAddress!.deinitialize(count: count) }
                        return rd_kafka_produceva(handle, arguments.baseAddress, count)
                    }
                }
            }
        }
        if let error {
            // On failure the header list is still ours (on success the message owns it).
            if let headerList { rd_kafka_headers_destroy(headerList) }
            _ = DeliveryReceiver(opaque: opaque)
            throw KafkaError.consuming(error)
        }
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

/// Names the calling thread (`pthread_setname_np`, looked up at run time: Swift's Glibc module does not export
/// it); names over 15 bytes are refused.
private func nameCurrentThread(_ name: String) {
    guard let symbol = dlsym(nil, "pthread_setname_np") else { return }
    let setName = unsafeBitCast(symbol, to: (@convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32).self)
    _ = name.withCString { setName(pthread_self(), $0) }
}

/// The producer poll thread's run flag and exit signal, shared with the thread.
private final class PollThreadControl: Sendable {
    /// Cleared to stop the thread.
    let running = Atomic<Bool>(true)
    /// Signalled when the thread has returned.
    let done = DispatchSemaphore(value: 0)
    /// Counts ``RDKafkaProducer/serveDeliveryReports()`` calls: the thread polls on a timer while it moves.
    let inlineServes = Atomic<UInt64>(0)
    /// Callers between ``RDKafkaProducer/beginWaiting()`` and ``RDKafkaProducer/endWaiting()``.
    let waiting = Atomic<Int>(0)
    /// Set while the thread sleeps on its timer; a caller beginning to wait wakes it through ``wake``.
    private let sleeping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)

    /// Sleeps up to `microseconds`, less if a caller begins to wait.
    func sleep(microseconds: UInt32) {
        sleeping.store(true, ordering: .sequentiallyConsistent)
        // Either this sees the caller's count, or the caller sees the flag and signals.
        guard waiting.load(ordering: .sequentiallyConsistent) == 0 else {
            if sleeping.exchange(false, ordering: .sequentiallyConsistent) { return }
            // The caller took the flag and signals: take its signal, so that the next sleep is not cut short.
            wake.wait()
            return
        }
        if wake.wait(timeout: .now() + .microseconds(Int(microseconds))) == .timedOut,
            !sleeping.exchange(false, ordering: .sequentiallyConsistent)
        {
            // Timed out while a caller took the flag: its signal is on the way; take it.
            wake.wait()
        }
    }

    /// Counts a waiting caller; wakes the thread if it sleeps on its timer.
    func beginWaiting() {
        waiting.add(1, ordering: .sequentiallyConsistent)
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
    }
}

/// Calls `body` with a pointer to `bytes` and their count: nil for nil, a valid pointer for an empty array (librdkafka
/// tells an empty key, value or header value from a null one by the pointer). The pointer must not escape `body`.
func withBytes<Result>(_ bytes: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> Result) -> Result {
    guard let bytes else { return body(nil, 0) }
    return bytes.withUnsafeBytes { buffer in
        if let base = buffer.baseAddress { return body(base, buffer.count) }
        let zero: UInt8 = 0
        return withUnsafeBytes(of: zero) { body($0.baseAddress!, 0) }
    }
}

/// librdkafka delivery-report callback (on the poll thread): completes the message's ``KafkaPendingDelivery``, or
/// counts it toward its ``KafkaDeliveryBatch``, and releases the retain taken when it was queued.
private func rdKafkaDeliveryReportCallback(
    handle: OpaquePointer?,
    message: UnsafePointer<rd_kafka_message_t>?,
    opaque: UnsafeMutableRawPointer?
) {
    guard let message, let receiverPointer = message.pointee._private else { return }
    let raw = message.pointee
    if let batch = DeliveryReceiver.unretainedBatch(opaque: receiverPointer) {
        // A batch needs no report, only the outcome: no topic name or timestamp to copy on success. It is alive
        // until its last report (its own reference, see KafkaDeliveryBatch.add(_:)): used without a retain and a
        // release of ours, and its own reference dropped here, after the last use, when this report completed it.
        let error = raw.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : deliveryError(handle, raw.err)
        let completed = batch._withUnsafeGuaranteedRef { batch in
            // Before the count down, which hands the lists back once the batch is complete.
            batch.keptHeaders?.take(from: message)
            return batch.reportKeepingAlive(error)
        }
        if completed {
            batch.release()
        }
        return
    }
    // Every batch opaque was handled above: this one is a single delivery's (its retain taken back here).
    guard case .delivery(let delivery) = DeliveryReceiver(opaque: receiverPointer) else { return }
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
        delivery.complete(.failure(deliveryError(handle, raw.err)))
    }
}

/// A failed delivery's error: librdkafka's message, and the fatal error's cause for `_FATAL`.
private func deliveryError(_ handle: OpaquePointer?, _ code: rd_kafka_resp_err_t) -> KafkaError {
    if code == RD_KAFKA_RESP_ERR__FATAL, let handle {
        return .fatal(of: handle)
    }
    return KafkaError.rdKafka(code, message: String(cString: rd_kafka_err2str(code)))
}

/// What a produced message's delivery report completes, carried through librdkafka's per-message opaque.
///
/// For a single delivery the opaque is its retained pointer; for a batch, the batch's unretained pointer with its
/// lowest bit set (objects are at least 8-byte aligned), the batch keeping itself alive while messages are
/// outstanding (``KafkaDeliveryBatch/add(_:)``): the delivery-report callback tells the two apart without a dynamic
/// cast, for every message.
private enum DeliveryReceiver {
    /// One message's own delivery.
    case delivery(KafkaPendingDelivery)
    /// A group of messages awaited as one.
    case batch(KafkaDeliveryBatch)

    /// The opaque for librdkafka: holds one retain of a delivery; a batch's must have been counted
    /// (``KafkaDeliveryBatch/add(_:)``) first.
    func opaque() -> UnsafeMutableRawPointer {
        switch self {
        case .delivery(let delivery):
            return Unmanaged.passRetained(delivery).toOpaque()
        case .batch(let batch):
            return batch.unretainedOpaque + 1
        }
    }

    /// The batch an opaque made by ``opaque()`` stands for, unretained; nil for a single delivery.
    static func unretainedBatch(opaque: UnsafeMutableRawPointer) -> Unmanaged<KafkaDeliveryBatch>? {
        let bits = UInt(bitPattern: opaque)
        guard bits & 1 != 0 else { return nil }
        return Unmanaged<KafkaDeliveryBatch>.fromOpaque(UnsafeMutableRawPointer(bitPattern: bits & ~1)!)
    }

    /// The receiver of an opaque made by ``opaque()``, taking back a delivery's retain.
    init(opaque: UnsafeMutableRawPointer) {
        let bits = UInt(bitPattern: opaque)
        if bits & 1 == 0 {
            self = .delivery(Unmanaged<KafkaPendingDelivery>.fromOpaque(opaque).takeRetainedValue())
        } else {
            self = .batch(KafkaDeliveryBatch.fromUnretainedOpaque(UnsafeMutableRawPointer(bitPattern: bits & ~1)!))
        }
    }
}
