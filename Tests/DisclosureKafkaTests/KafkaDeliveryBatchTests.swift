import DisclosureTestSupport
import Foundation
import Synchronization
import Testing

@testable import DisclosureKafka

/// ``KafkaDeliveryBatch``: one wait for a group of produced messages, by itself (from plain threads) and through the
/// producer against the mock cluster.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct KafkaDeliveryBatchTests {
    @Test func aBatchCompletesOnlyWhenSealedAndEveryMessageWasReported() async throws {
        for _ in 0..<50 {
            let batch = KafkaDeliveryBatch()
            for _ in 0..<8 { batch.add() }
            let waiter = Task { await batch.result() }
            // Reports race the seal, from plain threads like librdkafka's poll thread.
            let finished = DispatchGroup()
            for index in 0..<8 {
                finished.enter()
                Thread {
                    batch.report(index == 5 ? KafkaError(code: .messageTimedOut) : nil)
                    finished.leave()
                }.start()
            }
            await withCheckedContinuation { continuation in
                finished.notify(queue: .global()) { continuation.resume() }
            }
            #expect(batch.currentResult == nil)
            batch.seal()
            let result = await waiter.value
            #expect(throws: KafkaError.self) { try result.get() }
            #expect((try? result.get()) == nil)
            // A late waiter gets the same result at once.
            #expect((try? await batch.result().get()) == nil)
        }
    }

    /// ``KafkaDeliveryBatch/whenComplete(_:)`` calls back exactly once with what ``KafkaDeliveryBatch/result()``
    /// gives: from the thread of the last report when registered before, at once when registered after.
    @Test func aCallbackGetsTheResultOnceAsAWaiterWould() async throws {
        for round in 0..<50 {
            let failing = round % 2 == 0
            let batch = KafkaDeliveryBatch()
            for _ in 0..<8 { batch.add() }
            let calls = LockedValue<[Result<Void, KafkaError>]>([])
            batch.whenComplete { result in calls.withLock { $0.append(result) } }
            let finished = DispatchGroup()
            for index in 0..<8 {
                finished.enter()
                Thread {
                    batch.report(failing && index == 3 ? KafkaError(code: .messageTimedOut) : nil)
                    finished.leave()
                }.start()
            }
            await withCheckedContinuation { continuation in
                finished.notify(queue: .global()) { continuation.resume() }
            }
            #expect(calls.withLock { $0.isEmpty })
            batch.seal()
            let got = calls.withLock { $0 }
            try #require(got.count == 1)
            #expect(((try? got[0].get()) == nil) == failing)
            // Registered after completion: called at once, with the same result.
            let late = KafkaDeliveryBatch()
            late.seal()
            let lateCalls = LockedValue(0)
            late.whenComplete { result in
                #expect((try? result.get()) != nil)
                lateCalls.withLock { $0 += 1 }
            }
            #expect(lateCalls.withLock { $0 } == 1)
        }
    }

    @Test func anEmptySealedBatchSucceeds() async throws {
        let batch = KafkaDeliveryBatch()
        batch.seal()
        #expect((try? await batch.result().get()) != nil)
    }

    @Test func aBatchOfMessagesRoundTripsWithEmptyAndNullPartsKeptApart() async throws {
        let count = 40
        let seen = try await roundTrip(count: count, name: "batch") { producer, topic, index, batch in
            try producer.send(
                topic: topic,
                key: index % 4 == 0 ? [] : Array("key-\(index)".utf8),
                value: index % 5 == 0 ? [] : Array("value-\(index)".utf8),
                headers: [
                    KafkaHeader(key: "seq", string: String(index)),
                    KafkaHeader(key: "empty", value: []),
                    KafkaHeader(key: "null", value: nil),
                ],
                batch: batch
            )
        }
        #expect(seen.count == count)
        for message in seen {
            let index = Int(message.headers.value(forKey: "seq")!.text)!
            #expect(message.key == (index % 4 == 0 ? [] : Array("key-\(index)".utf8)))
            #expect(message.value == (index % 5 == 0 ? [] : Array("value-\(index)".utf8)))
            #expect(message.headers.map(\.key) == ["seq", "empty", "null"])
            #expect(message.headers[1].value == [])
            #expect(message.headers[2].value == nil)
        }
    }

    @Test func aSharedHeaderListArrivesLikePerMessageHeaders() async throws {
        let headers = [
            KafkaHeader(key: "content-type", string: "application/vnd.disclosure.anomaly+json"),
            KafkaHeader(key: "empty", value: []),
            KafkaHeader(key: "null", value: nil),
            KafkaHeader(key: "content-type", string: "repeated"),
        ]
        let shared = KafkaHeaderList(headers)
        #expect(shared.headers == headers)
        #expect(!shared.isEmpty)
        #expect(KafkaHeaderList([]).isEmpty)
        let count = 30
        let seen = try await roundTrip(count: count, name: "header-list") { producer, topic, index, batch in
            // Every third message without headers, the others with a copy of the shared list.
            try producer.send(
                topic: topic,
                key: Array("key-\(index)".utf8),
                value: Array("value-\(index)".utf8),
                headers: index % 3 == 0 ? KafkaHeaderList([]) : shared,
                batch: batch
            )
        }
        #expect(seen.count == count)
        for message in seen {
            let index = Int(String(decoding: message.value!.dropFirst("value-".utf8.count), as: UTF8.self))!
            #expect(message.key == Array("key-\(index)".utf8))
            #expect(message.headers == (index % 3 == 0 ? [] : headers))
        }
    }

    @Test func aRunOfRecordsArrivesInOrderWithTheirKeyAndHeaders() async throws {
        let headers = [
            KafkaHeader(key: "content-type", string: "application/vnd.disclosure.anomaly+json"),
            KafkaHeader(key: "empty", value: []),
            KafkaHeader(key: "null", value: nil),
        ]
        let shared = KafkaHeaderList(headers)
        let key = Array("document-1".utf8)
        let values = (0..<25).map { $0 % 7 == 0 ? [] : Array("event-\($0)".utf8) }
        // One run with headers and one without, then a single record: the worker's shape (events, record).
        let seen = try await roundTrip(count: values.count + 4, name: "run") { producer, topic, index, batch in
            switch index {
            case 0:
                try producer.send(topic: topic, key: key, count: values.count, headers: shared, batch: batch) {
                    values[$0]
                }
            case 1:
                try producer.send(topic: topic, key: nil, count: 3, headers: KafkaHeaderList([]), batch: batch) {
                    Array("bare-\($0)".utf8)
                }
            case 2:
                // An empty run queues nothing and leaves the batch as it was.
                try producer.send(topic: topic, key: key, count: 0, headers: shared, batch: batch) { _ in
                    Issue.record("an empty run asked for a value")
                    return []
                }
            case 3:
                try producer.send(topic: topic, key: key, value: Array("record".utf8), headers: shared, batch: batch)
            default:
                break
            }
        }
        let keyed = seen.filter { $0.key == key }
        #expect(keyed.count == values.count + 1)
        // One key, so one partition: the run's records in their order, then the single record.
        #expect(keyed.sorted { $0.offset < $1.offset }.map(\.value) == values + [Array("record".utf8)])
        #expect(keyed.allSatisfy { $0.headers == headers })
        let bare = seen.filter { $0.key == nil }.compactMap(\.value).map { String(decoding: $0, as: UTF8.self) }
        #expect(bare.sorted() == ["bare-0", "bare-1", "bare-2"])
        #expect(seen.filter { $0.key == nil }.allSatisfy { $0.headers.isEmpty })
    }

    @Test func aRunOfRangesOfOneBufferArrivesAsTheValuesTheyCut() async throws {
        let key = Array("document-2".utf8)
        let values = (0..<25).map { $0 % 7 == 0 ? [] : Array("event-\($0)-".utf8) + Array(repeating: 0x61, count: $0) }
        let bytes = values.flatMap { $0 }
        var ranges: [Range<Int>] = []
        for value in values {
            ranges.append((ranges.last?.upperBound ?? 0)..<((ranges.last?.upperBound ?? 0) + value.count))
        }
        let headers = KafkaHeaderList([KafkaHeader(key: "content-type", string: "application/json")])
        // The run, a run of one record (the worker's record), and an empty buffer's empty value (as many calls as
        // records: the round trip waits for that many).
        let seen = try await roundTrip(count: values.count + 2, name: "ranges") { producer, topic, index, batch in
            switch index {
            case 0:
                try producer.send(
                    topic: topic,
                    key: key,
                    count: ranges.count,
                    headers: headers,
                    batch: batch,
                    valuesIn: bytes
                ) { ranges[$0] }
            case 1:
                try producer.send(
                    topic: topic,
                    key: Array("one".utf8),
                    count: 1,
                    headers: headers,
                    batch: batch,
                    valuesIn: bytes
                ) { _ in ranges[3] }
            case 2:
                try producer.send(
                    topic: topic,
                    key: Array("empty".utf8),
                    count: 1,
                    headers: headers,
                    batch: batch,
                    valuesIn: []
                ) { _ in 0..<0 }
            default:
                break
            }
        }
        let keyed = seen.filter { $0.key == key }.sorted { $0.offset < $1.offset }
        #expect(keyed.map(\.value) == values)
        #expect(seen.filter { $0.key == Array("one".utf8) }.map(\.value) == [values[3]])
        // An empty value, not a null one: as an empty array sends it.
        #expect(seen.filter { $0.key == Array("empty".utf8) }.map(\.value) == [[]])
    }

    @Test func runsReadInPlaceFromBuffersOnlyTheBatchKeepsArriveAsTheCopyingPathSendsThem() async throws {
        // Generated values (empty ones among them), sent twice: as runs of ranges of one buffer per run, which
        // librdkafka reads in place and which only the batch holds once each send returns (the records then wait
        // out a 100 ms linger in librdkafka's queue), and as per-record arrays, which librdkafka copies (the path
        // the in-place one replaces). Each key's records must arrive the same both ways, in order.
        var generator = SplitMix64(seed: 0x5EED)
        let runs = (0..<6).map { run in
            (0..<(1 + run * 4)).map { _ in
                let count = Int(generator.next() % 5 == 0 ? 0 : generator.next() % 700)
                return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            }
        }
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("in-place")
        try cluster.createTopic(topic, partitions: 3)
        var configuration = KafkaTestSupport.producerConfiguration(cluster.bootstrapServers)
        configuration.linger = .milliseconds(100)
        let producer = try KafkaProducer(configuration: configuration, logger: KafkaTestSupport.logger())
        let headers = KafkaHeaderList([KafkaHeader(key: "content-type", string: "application/json")])
        // A copy of the last run's buffer, to see the batch let go of it.
        var probe: [UInt8] = []
        let batch = KafkaDeliveryBatch(expectedCount: runs.reduce(0) { $0 + $1.count })
        for (run, values) in runs.enumerated() {
            // The buffer lives in this scope only: once the send returns, the batch's reference is the only one.
            var bytes: [UInt8] = []
            var ranges: [Range<Int>] = []
            for value in values {
                ranges.append(bytes.count..<(bytes.count + value.count))
                bytes += value
            }
            if run == runs.count - 1 { probe = bytes }
            try producer.send(
                topic: topic,
                key: Array("in-place-\(run)".utf8),
                count: values.count,
                headers: headers,
                batch: batch,
                valuesIn: bytes
            ) { ranges[$0] }
            try producer.send(
                topic: topic,
                key: Array("copied-\(run)".utf8),
                count: values.count,
                headers: headers,
                batch: batch
            ) { values[$0] }
        }
        // Memory the freed buffers would be reused for, written over, were librdkafka reading them after a free.
        let filler = (0..<64).map { _ in [UInt8](repeating: 0xEE, count: 4096) }
        batch.seal()
        try await batch.result().get()
        #expect(filler.count == 64)
        // Complete: the batch dropped its buffers, so the probe's storage is its own again (a write does not move it).
        let before = probe.withUnsafeBufferPointer { $0.baseAddress }
        probe.withUnsafeMutableBufferPointer { $0[0] ^= 1 }
        #expect(probe.withUnsafeBufferPointer { $0.baseAddress } == before, "the batch still holds the buffer")
        #expect(await producer.close(timeout: .seconds(5)) == nil)

        let consumer = try KafkaConsumer(
            configuration: KafkaTestSupport.consumerConfiguration(cluster.bootstrapServers, group: "in-place"),
            logger: KafkaTestSupport.logger()
        )
        try consumer.subscribe(topics: [topic])
        let driver = ConsumerDriver(consumer: consumer)
        driver.start()
        let total = 2 * runs.reduce(0) { $0 + $1.count }
        try await driver.wait { $0.messages.count >= total }
        let seen = driver.snapshot.messages
        await driver.stop()
        for (run, values) in runs.enumerated() {
            let inPlace = seen.filter { $0.key == Array("in-place-\(run)".utf8) }.sorted { $0.offset < $1.offset }
            let copied = seen.filter { $0.key == Array("copied-\(run)".utf8) }.sorted { $0.offset < $1.offset }
            #expect(inPlace.map(\.value) == values.map { Optional($0) })
            #expect(inPlace.map(\.value) == copied.map(\.value))
        }
    }

    @Test func headersMadeForARunArriveAsASharedListOfTheSameHeaders() async throws {
        // Generated header lists (repeated names, empty and null values, bytes of every value), each sent as runs of
        // 1, 2 and 5 records twice: with headers made for the run (the last record takes the list, the others copy
        // it) and with a shared KafkaHeaderList (every record copies it), the path it replaces.
        var generator = SplitMix64(seed: 11)
        let names = ["content-type", "document-id", "traceparent", "a-rather-longer-header-name-than-fits-inline", "x"]
        var cases: [[KafkaHeader]] = [[]]
        for _ in 0..<6 {
            cases.append(
                (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                    let name = names.randomElement(using: &generator)!
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: return KafkaHeader(key: name, value: nil)
                    case 1: return KafkaHeader(key: name, value: [])
                    default:
                        let count = Int.random(in: 1...40, using: &generator)
                        return KafkaHeader(
                            key: name,
                            value: (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
                        )
                    }
                }
            )
        }
        let runs = [1, 2, 5]
        let bytes = Array("0123456789".utf8)
        var expected: [String: [KafkaHeader]] = [:]
        var sends: [(key: String, headers: [KafkaHeader], count: Int, made: Bool)] = []
        for (index, headers) in cases.enumerated() {
            for count in runs {
                for made in [true, false] {
                    let key = "\(made ? "made" : "shared")-\(index)-\(count)"
                    expected[key] = headers
                    sends.append((key, headers, count, made))
                }
            }
        }
        let total = sends.reduce(0) { $0 + $1.count }
        let seen = try await roundTrip(count: sends.count, name: "made-headers", expecting: total) {
            producer,
            topic,
            index,
            batch in
            let send = sends[index]
            if send.made {
                var headers = KafkaRecordHeaders(capacity: send.headers.count)
                for header in send.headers { headers.append(key: header.key, value: header.value) }
                #expect(headers.isEmpty == send.headers.isEmpty)
                try producer.send(
                    topic: topic,
                    key: Array(send.key.utf8),
                    count: send.count,
                    headers: headers,
                    batch: batch,
                    valuesIn: bytes
                ) { $0..<($0 + 1) }
            } else {
                try producer.send(
                    topic: topic,
                    key: Array(send.key.utf8),
                    count: send.count,
                    headers: KafkaHeaderList(send.headers),
                    batch: batch,
                    valuesIn: bytes
                ) { $0..<($0 + 1) }
            }
        }
        #expect(seen.count == total)
        var byKey: [String: [KafkaMessage]] = [:]
        for message in seen { byKey[String(decoding: message.key ?? [], as: UTF8.self), default: []].append(message) }
        for send in sends {
            let records = (byKey[send.key] ?? []).sorted { $0.offset < $1.offset }
            #expect(records.count == send.count, "\(send.key)")
            #expect(records.allSatisfy { $0.headers == expected[send.key]! }, "\(send.key)")
            #expect(records.map(\.value) == (0..<send.count).map { [bytes[$0]] })
        }
    }

    @Test func theRecordsOfARunShareTheCreateTimeOfTheCall() async throws {
        let bytes = Array("abcdefgh".utf8)
        var window: ClosedRange<Int64> = 0...0
        let seen = try await roundTrip(count: 1, name: "run-time", expecting: bytes.count) {
            producer,
            topic,
            _,
            batch in
            let before = Int64(Date().timeIntervalSince1970 * 1000) - 1
            try producer.send(
                topic: topic,
                key: Array("k".utf8),
                count: bytes.count,
                headers: KafkaRecordHeaders(),
                batch: batch,
                valuesIn: bytes
            ) { $0..<($0 + 1) }
            window = before...(Int64(Date().timeIntervalSince1970 * 1000) + 1)
        }
        #expect(seen.count == bytes.count)
        let times = Set(seen.map(\.timestampMilliseconds))
        #expect(times.count == 1)
        #expect(times.first.flatMap { $0 }.map(window.contains) == true, "\(times) not in \(window)")
    }

    @Test func aRunWithHeadersMadeForItThatFailsPartwayQueuesWhatCameBefore() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("made-fail")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        func headers() -> KafkaRecordHeaders {
            var headers = KafkaRecordHeaders(capacity: 2)
            headers.append(key: "content-type", value: Array("application/json".utf8))
            headers.append(key: "null", value: nil)
            return headers
        }
        // Over message.max.bytes (1 MB by default): librdkafka refuses it before queueing.
        let tooLarge = 1_100_000
        let bytes = [UInt8](repeating: 0x61, count: tooLarge + 10)
        let batch = KafkaDeliveryBatch()
        // Fails at its second record (a copy of the list; the list itself is destroyed with it), at its last (the
        // list itself), and queues nothing for an empty run (the list destroyed).
        for (count, failing) in [(3, 1), (2, 1), (1, 0)] {
            #expect(throws: KafkaError.self) {
                try producer.send(
                    topic: topic,
                    key: Array("k".utf8),
                    count: count,
                    headers: headers(),
                    batch: batch,
                    valuesIn: bytes
                ) { $0 == failing ? 0..<tooLarge : $0..<($0 + 1) }
            }
        }
        try producer.send(topic: topic, key: nil, count: 0, headers: headers(), batch: batch, valuesIn: bytes) { _ in
            Issue.record("an empty run asked for a value")
            return 0..<0
        }
        batch.seal()
        // The records before each failure were queued and are acknowledged; those refused were never counted.
        try await batch.result().get()
        #expect(await producer.close(timeout: .seconds(5)) == nil)
        // A closed producer refuses the run and destroys the list.
        #expect(throws: KafkaError.self) {
            try producer.send(
                topic: topic,
                key: nil,
                count: 2,
                headers: headers(),
                batch: KafkaDeliveryBatch(),
                valuesIn: bytes
            ) { $0..<($0 + 1) }
        }
    }

    @Test func aBatchOutlivesItsCallerUntilEveryReportAndIsThenFreed() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("keep-alive")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        // The caller drops the batch right after queueing: the reports still find it (no retain per message), and
        // once the last one is in, nothing holds it any more.
        weak var dropped: KafkaDeliveryBatch?
        do {
            let batch = KafkaDeliveryBatch()
            try producer.send(
                topic: topic,
                key: Array("key".utf8),
                count: 10,
                headers: KafkaHeaderList([]),
                batch: batch
            ) {
                Array("value-\($0)".utf8)
            }
            batch.seal()
            dropped = batch
        }
        try await producer.flush(timeout: .seconds(10))
        // Bounded, so that a batch that is never freed fails the test instead of hanging it.
        let deadline = ContinuousClock.now + .seconds(30)
        while dropped != nil, ContinuousClock.now < deadline {
            producer.serveDeliveryReports()
            await Task.yield()
        }
        #expect(dropped == nil, "the batch outlived its last delivery report")
        // A batch that never had a message needs no report to be freed.
        weak var empty: KafkaDeliveryBatch?
        do {
            let batch = KafkaDeliveryBatch()
            empty = batch
        }
        #expect(empty == nil)
        #expect(await producer.close(timeout: .seconds(5)) == nil)
    }

    @Test func aBatchThatKeepsHeaderListsDeliversTheSameMessagesAndIsFreedWithThem() async throws {
        // Fewer slots than messages: the first reports' lists are kept by the batch, the later ones freed by
        // librdkafka with their messages; a message without headers takes a slot too.
        let count = 30
        let seen = try await roundTrip(count: count, name: "kept-headers", expectedCount: 20) {
            producer,
            topic,
            index,
            batch in
            try producer.send(
                topic: topic,
                key: Array("key-\(index)".utf8),
                value: Array("\(index)".utf8),
                headers: index % 3 == 0
                    ? []
                    : [
                        KafkaHeader(key: "seq", string: String(index)),
                        KafkaHeader(key: "empty", value: []),
                        KafkaHeader(key: "null", value: nil),
                    ],
                batch: batch
            )
        }
        #expect(seen.count == count)
        for message in seen {
            let index = Int(String(decoding: message.value ?? [], as: UTF8.self))!
            #expect(message.key == Array("key-\(index)".utf8))
            if index % 3 == 0 {
                #expect(message.headers.isEmpty)
            } else {
                #expect(message.headers.map(\.key) == ["seq", "empty", "null"])
                #expect(message.headers.value(forKey: "seq") == Array(String(index).utf8))
                #expect(message.headers[1].value == [])
                #expect(message.headers[2].value == nil)
            }
        }

        // Once every report is in and the caller dropped it, the batch (and the lists it kept) is freed.
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("kept-freed")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        weak var dropped: KafkaDeliveryBatch?
        do {
            let batch = KafkaDeliveryBatch(expectedCount: 4)
            var headers = KafkaRecordHeaders(capacity: 2)
            headers.append(key: "content-type", value: Array("application/json".utf8))
            headers.append(key: "document-id", value: Array("id".utf8))
            try producer.send(
                topic: topic,
                key: Array("id".utf8),
                count: 6,
                headers: headers,
                batch: batch,
                valuesIn: Array("abcdef".utf8)
            ) { $0..<($0 + 1) }
            batch.seal()
            try await batch.result().get()
            dropped = batch
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while dropped != nil, ContinuousClock.now < deadline {
            producer.serveDeliveryReports()
            await Task.yield()
        }
        #expect(dropped == nil, "the batch outlived its last delivery report")
        #expect(await producer.close(timeout: .seconds(5)) == nil)
    }

    @Test func keptHeaderListsGoBackToTheThreadThatMadeTheBatchOrAreFreedWhenItHasExited() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("kept-owner")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        /// Queues a run of 3 records with headers as a batch that keeps their lists, made on the calling thread.
        @Sendable func sendRun(_ index: Int) throws -> KafkaDeliveryBatch {
            let batch = KafkaDeliveryBatch(expectedCount: 3)
            var headers = KafkaRecordHeaders(capacity: 1)
            headers.append(key: "seq", value: Array(String(index).utf8))
            try producer.send(
                topic: topic,
                key: nil,
                count: 3,
                headers: headers,
                batch: batch,
                valuesIn: Array("abc".utf8)
            ) { $0..<($0 + 1) }
            batch.seal()
            return batch
        }
        // On a plain thread (a task may change threads): the completed batch's lists wait on that thread's stack,
        // and its next send frees them.
        let observed = LockedValue<(waitingAfterCompletion: Bool, waitingAfterNextSend: Bool)?>(nil)
        let owner = Thread {
            do {
                let batch = try sendRun(0)
                while batch.currentResult == nil { usleep(1000) }
                try batch.currentResult?.get()
                let waiting = ReturnedHeaderLists.ofCurrentThread.holdsLists
                _ = try sendRun(1)
                observed.withLock { $0 = (waiting, ReturnedHeaderLists.ofCurrentThread.holdsLists) }
            } catch {
                observed.withLock { $0 = (false, true) }
            }
        }
        owner.start()
        let deadline = ContinuousClock.now + .seconds(30)
        while observed.withLock({ $0 }) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(observed.withLock { $0?.waitingAfterCompletion } == true)
        #expect(observed.withLock { $0?.waitingAfterNextSend } == false)

        // Made on a thread that exits before the reports: the report that completes the batch frees the lists.
        let made = LockedValue<KafkaDeliveryBatch?>(nil)
        let shortLived = Thread { made.withLock { $0 = try? sendRun(2) } }
        shortLived.start()
        while made.withLock({ $0 }) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await made.withLock { $0 }?.result().get()
        try await producer.flush(timeout: .seconds(10))
        #expect(await producer.close(timeout: .seconds(5)) == nil)
    }

    @Test func deliveriesCompleteWhetherTheCallerServesReportsOrStops() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique("inline")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: KafkaTestSupport.logger()
        )
        // Batches served by the caller after queueing (the poll thread falls back to its timer), awaited between
        // beginWaitingForDeliveries() and endWaitingForDeliveries(), or never served by the caller: the poll thread
        // must notice the calls stopped or a caller waits, and complete them on its own.
        for round in 0..<20 {
            let batch = KafkaDeliveryBatch()
            for index in 0..<5 {
                try producer.send(
                    topic: topic,
                    key: Array("key-\(round)-\(index)".utf8),
                    value: Array("value".utf8),
                    batch: batch
                )
            }
            batch.seal()
            switch round % 4 {
            case 0, 1:
                producer.serveDeliveryReports()
                try await batch.result().get()
            case 2:
                // A caller that waits: the poll thread serves each report at once, even right after inline serves.
                producer.serveDeliveryReports()
                producer.beginWaitingForDeliveries()
                try await batch.result().get()
                producer.endWaitingForDeliveries()
            default:
                try await batch.result().get()
            }
        }
        // Served only by the caller, in a loop: completes as well (the reports may arrive on either thread).
        let batch = KafkaDeliveryBatch()
        try producer.send(topic: topic, key: nil, value: Array("last".utf8), batch: batch)
        batch.seal()
        while batch.currentResult == nil {
            producer.serveDeliveryReports()
            await Task.yield()
        }
        try batch.currentResult?.get()
        #expect(await producer.close(timeout: .seconds(5)) == nil)
    }

    /// Sends `count` messages (each by `send`, given the producer, the topic and its index) as one batch to a fresh
    /// two-partition topic of a new mock cluster, waits for the batch, closes the producer, and returns what a
    /// consumer of a new group then reads back: at least `count` messages (`expecting`, when a call sends several),
    /// or the test's time limit. With `expectedCount`, the batch keeps that many header lists
    /// (``KafkaDeliveryBatch/init(expectedCount:)``).
    private func roundTrip(
        count: Int,
        name: String,
        expecting: Int? = nil,
        expectedCount: Int? = nil,
        send: (KafkaProducer, String, Int, KafkaDeliveryBatch) throws -> Void
    ) async throws -> [KafkaMessage] {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = KafkaTestSupport.unique(name)
        try cluster.createTopic(topic, partitions: 2)
        let logger = KafkaTestSupport.logger()
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(cluster.bootstrapServers),
            logger: logger
        )
        let batch = expectedCount.map { KafkaDeliveryBatch(expectedCount: $0) } ?? KafkaDeliveryBatch()
        for index in 0..<count {
            try send(producer, topic, index, batch)
        }
        batch.seal()
        try await batch.result().get()
        #expect(await producer.close(timeout: .seconds(5)) == nil)

        let consumer = try KafkaConsumer(
            configuration: KafkaTestSupport.consumerConfiguration(cluster.bootstrapServers, group: name),
            logger: logger
        )
        try consumer.subscribe(topics: [topic])
        let driver = ConsumerDriver(consumer: consumer)
        driver.start()
        try await driver.wait { $0.messages.count >= (expecting ?? count) }
        let seen = driver.snapshot
        await driver.stop()
        return seen.messages
    }
}
