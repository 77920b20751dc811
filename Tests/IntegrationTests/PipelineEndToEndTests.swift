import DisclosureKafka
import DisclosureWorker
import Foundation
import Logging
import Synchronization
import Testing

/// The worker end to end against librdkafka's mock cluster, with third-party clients on the other side: Python
/// confluent-kafka publishes (the scraper), kcat reads (the subscriber), Python jsonschema validates.
@Suite(
    .serialized,
    .timeLimit(.minutes(6)),
    .enabled(
        if: Tools.thirdPartyClientsAvailable,
        "needs kcat and python3 with confluent-kafka and jsonschema (scripts/setup installs them)"
    )
)
struct PipelineEndToEndTests {
    static let raw = "disclosures.raw"
    static let topics = ["disclosures.raw", "disclosures.records", "disclosures.anomalies", "disclosures.dlq"]
    static let partitions = 4
    static let maxDocumentBytes = 300_000
    let logger = Logger(label: "it", factory: { _ in SwiftLogNoOpLogHandler() })

    static func cluster() throws -> KafkaMockCluster {
        let cluster = try KafkaMockCluster(brokers: 1)
        for topic in topics { try cluster.createTopic(topic, partitions: partitions) }
        return cluster
    }

    static func configuration(bootstrap: String, group: String) -> WorkerConfiguration {
        var configuration = WorkerConfiguration()
        configuration.kafka.bootstrapServers = bootstrap
        configuration.kafka.groupId = group
        // The mock cluster makes a rejoining group wait a whole session timeout.
        configuration.kafka.sessionTimeoutMs = 6000
        configuration.metrics.host = "127.0.0.1"
        configuration.metrics.port = 0
        configuration.limits.maxDocumentBytes = maxDocumentBytes
        configuration.shutdown.gracePeriodMs = 20_000
        configuration.concurrency.workers = 2
        return configuration
    }

    /// The committed position of every raw partition for `group` (negative: none).
    static func committed(bootstrap: String, group: String) async throws -> [Int: Int64] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(bootstrapServers: [bootstrap], groupID: group),
            logger: Logger(label: "it", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let offsets = try await consumer.committedOffsets(
            for: (0..<partitions).map { KafkaTopicPartition(topic: raw, partition: Int32($0)) }
        )
        await consumer.close()
        return Dictionary(uniqueKeysWithValues: offsets.map { (Int($0.partition), $0.offset) })
    }

    /// Runs `worker` while `body` runs, then shuts it down gracefully; rethrows the worker's error.
    func running(_ worker: Worker, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            do {
                try await body()
            } catch {
                await worker.triggerGracefulShutdown()
                throw error
            }
            await worker.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    @Test func corpusAndGarbageFlowThroughAndARestartReprocessesNothingCommitted() async throws {
        let cluster = try Self.cluster()
        let bootstrap = cluster.bootstrapServers
        let group = "it-\(UUID().uuidString.prefix(8))"
        let corpus = Inputs.corpus()
        if corpus.isEmpty { print("IntegrationTests: ../shared/corpus absent: publishing the samples only") }
        let inputs = Inputs.samples() + corpus + Inputs.garbage(maxDocumentBytes: Self.maxDocumentBytes)
        let published = try await Inputs.publish(inputs, bootstrap: bootstrap, topic: Self.raw)
        try #require(published.count == inputs.count)

        // Run the worker until every input finished, then stop it gracefully.
        let configuration = Self.configuration(bootstrap: bootstrap, group: group)
        let worker = try buildWorker(configuration: configuration, logger: logger, gracefulShutdownSignals: [])
        let started = ContinuousClock.now
        try await running(worker) {
            await worker.supervisor.waitForFinishedInputs(inputs.count)
            print("IntegrationTests: \(inputs.count) inputs finished \(ContinuousClock.now - started) after start")
            if let port = await worker.metricsServer?.port() {
                let ready = try await Tools.run("curl", ["-s", "http://127.0.0.1:\(port)/readyz"])
                #expect(ready.stdout == "ready\n")
                let metrics = try await Tools.run("curl", ["-s", "http://127.0.0.1:\(port)/metrics"])
                #expect(metrics.stdout.contains("disclosure_documents_processed_total"))
            }
        }
        #expect(worker.supervisor.finishedInputs == inputs.count)

        // Read every output topic with kcat.
        let (records, recordsRaw) = try await KcatMessage.readAll(bootstrap: bootstrap, topic: "disclosures.records")
        let (anomalies, anomaliesRaw) = try await KcatMessage.readAll(
            bootstrap: bootstrap,
            topic: "disclosures.anomalies"
        )
        let (letters, _) = try await KcatMessage.readAll(bootstrap: bootstrap, topic: "disclosures.dlq")

        // Every record and anomaly validates against schemas/ (Python jsonschema).
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try recordsRaw.write(to: directory.appendingPathComponent("records.jsonl"), atomically: true, encoding: .utf8)
        try anomaliesRaw.write(
            to: directory.appendingPathComponent("anomalies.jsonl"),
            atomically: true,
            encoding: .utf8
        )
        let schemas = Tools.root.appendingPathComponent("schemas")
        if FileManager.default.fileExists(
            atPath: schemas.appendingPathComponent("disclosure.record.v1.schema.json").path
        ) {
            let validation = try await Tools.run(
                "python3",
                [
                    Tools.kafkaTool.path, "validate", schemas.path,
                    directory.appendingPathComponent("records.jsonl").path,
                    directory.appendingPathComponent("anomalies.jsonl").path,
                ]
            )
            #expect(validation.status == 0, "schema validation: \(validation.stdout) \(validation.stderr)")
        } else {
            print("IntegrationTests: schemas/ absent: schema validation skipped")
        }

        // One outcome per input: a record keyed by its document id, or its dead letter with the expected class.
        let recordsByKey = Dictionary(grouping: records, by: { $0.key ?? "" })
        let lettersByKey = Dictionary(grouping: letters, by: { $0.key ?? "" })
        var deadLetteredGoodInputs: [String] = []
        for input in inputs {
            let recordCount = recordsByKey[input.key]?.count ?? 0
            let letterClasses = (lettersByKey[input.key] ?? []).compactMap { $0.headers["error-class"] }
            #expect(recordCount + letterClasses.count == 1, "\(input.key): \(recordCount) records, \(letterClasses)")
            switch input.expectation {
            case .record:
                if recordCount != 1 { deadLetteredGoodInputs.append("\(input.key) \(letterClasses)") }
            case .deadLetter(let errorClass):
                #expect(letterClasses == [errorClass], "\(input.key)")
            case .deadLetterOnceDetected(let errorClass):
                withKnownIssue("the core does not detect \(errorClass) yet", isIntermittent: true) {
                    #expect(letterClasses == [errorClass], "\(input.key)")
                }
            }
        }
        // GB18030 decoding is landing in the core separately: until it does, those inputs' decode dead letters are
        // a known issue; every other good input must have its record.
        let (pendingDecoder, missing) = deadLetteredGoodInputs.reduce(into: ([String](), [String]())) { split, key in
            let charset = inputs.first { key.hasPrefix($0.key + " ") }?.headers["content-type"] ?? ""
            if charset.contains("gb18030") || charset.contains("gbk") {
                split.0.append(key)
            } else {
                split.1.append(key)
            }
        }
        #expect(missing.isEmpty, "good inputs without a record: \(missing)")
        if !pendingDecoder.isEmpty {
            withKnownIssue("the core does not decode GB18030 yet", isIntermittent: true) {
                Issue.record("GB18030 inputs without a record: \(pendingDecoder)")
            }
        }
        for letter in letters {
            #expect(letter.headers["source-topic"] == Self.raw)
            let origin = published[letter.key ?? ""]
            #expect(letter.headers["source-partition"] == origin.map { String($0.partition) })
            #expect(letter.headers["source-offset"] == origin.map { String($0.offset) })
            #expect(letter.headers["attempts"] == "1")
            #expect(letter.headers["error-message"]?.isEmpty == false)
        }

        // The seed's anomalies (SPEC §6 acceptance anchor).
        if corpus.contains(where: { $0.key == "seed" }) {
            let seedEvents = anomalies.filter { $0.key == "seed" }.compactMap { message -> [String: Any]? in
                guard let payload = message.payload else { return nil }
                return try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any]
            }
            let found = Set(seedEvents.map { "\($0["ruleId"] ?? "") \($0["severity"] ?? "") \($0["subject"] ?? "")" })
            #expect(found.contains("change.drivers error expenditure.change"), "\(found)")
            #expect(found.contains { $0.hasPrefix("change.priorYear error") }, "\(found)")
            #expect(found.contains("sum.expenditure.byFunction info expenditure.total"), "\(found)")
            #expect(!found.contains { $0.hasPrefix("sum.") && $0.contains(" error ") }, "\(found)")
        }

        // Every record's anomaly events carry its key; traceparent-free inputs give none.
        for anomaly in anomalies { #expect(recordsByKey[anomaly.key ?? ""] != nil) }

        // Offsets committed to the end of every partition.
        var ends: [Int: Int64] = [:]
        for (_, place) in published { ends[place.partition] = max(ends[place.partition] ?? 0, place.offset + 1) }
        let committed = try await Self.committed(bootstrap: bootstrap, group: group)
        for (partition, end) in ends { #expect(committed[partition] == end, "partition \(partition)") }

        // A restart on the same group reprocesses nothing committed: one new input per partition, and only those
        // four finish (anything re-read would come before them in its partition).
        let base = try String(
            contentsOf: Tools.root.appendingPathComponent("samples/mianzhu-agriculture-2025-budget.txt"),
            encoding: .utf8
        )
        let sentinels = (0..<Self.partitions).map { partition in
            TestInput(
                key: "sentinel-\(partition)",
                bytes: Array((base + "\n附：哨兵\(partition)\n").utf8),
                headers: ["content-type": "text/plain"],
                partition: partition,
                expectation: .record
            )
        }
        let restarted = try buildWorker(configuration: configuration, logger: logger, gracefulShutdownSignals: [])
        try await running(restarted) {
            _ = try await Inputs.publish(sentinels, bootstrap: bootstrap, topic: Self.raw)
            await restarted.supervisor.waitForFinishedInputs(sentinels.count)
        }
        #expect(restarted.supervisor.finishedInputs == sentinels.count)
        let (recordsAfter, _) = try await KcatMessage.readAll(bootstrap: bootstrap, topic: "disclosures.records")
        #expect(recordsAfter.count == records.count + sentinels.count)
    }

    @Test func sigtermMidRunExitsZeroAndCommitsExactlyWhatWasAcknowledged() async throws {
        guard let binary = Tools.workerBinary else {
            Issue.record("the disclosure-worker executable is not built (swift build --build-tests builds it)")
            return
        }
        let cluster = try Self.cluster()
        let bootstrap = cluster.bootstrapServers
        let group = "it-term-\(UUID().uuidString.prefix(8))"
        // Sixty distinct documents, so the worker is still busy when SIGTERM comes.
        let base = try String(
            contentsOf: Tools.root.appendingPathComponent("samples/mianzhu-agriculture-2025-budget.txt"),
            encoding: .utf8
        )
        let inputs = (0..<60).map { index in
            TestInput(
                key: "doc-\(index)",
                bytes: Array((base + "\n附：公开批次\(index)\n").utf8),
                headers: ["content-type": "text/plain"],
                expectation: .record
            )
        }
        let published = try await Inputs.publish(inputs, bootstrap: bootstrap, topic: Self.raw)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "--bootstrap-servers", bootstrap, "--group-id", group]
        var environment = ProcessInfo.processInfo.environment
        environment["DISCLOSURE_KAFKA_SESSION_TIMEOUT_MS"] = "6000"
        environment["DISCLOSURE_METRICS_ENABLED"] = "false"
        environment["DISCLOSURE_LOG_LEVEL"] = "debug"
        environment["DISCLOSURE_SHUTDOWN_GRACE_PERIOD_MS"] = "20000"
        process.environment = environment
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let lines = AsyncStream<String>.makeStream()
        let buffer = LineBuffer()
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                lines.continuation.finish()
                return
            }
            for line in buffer.append(data) { lines.continuation.yield(line) }
        }
        let exit = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exit.continuation.yield($0.terminationStatus) }
        try process.run()

        // Wait until ten inputs were processed, then SIGTERM mid-run.
        var processed = 0
        for await line in lines.stream where line.contains("\"input processed\"") {
            processed += 1
            if processed == 10 { break }
        }
        try #require(processed == 10, "the worker did not process ten inputs")
        let signalled = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        var status: Int32 = -1
        for await code in exit.stream {
            status = code
            break
        }
        let elapsed = ContinuousClock.now - signalled
        stderr.fileHandleForReading.readabilityHandler = nil
        #expect(status == 0)
        #expect(elapsed < .seconds(20), "exit took \(elapsed), the grace period is 20 s")

        // Inputs with outputs are exactly the inputs below the committed positions.
        let committed = try await Self.committed(bootstrap: bootstrap, group: group)
        let (records, _) = try await KcatMessage.readAll(bootstrap: bootstrap, topic: "disclosures.records")
        let (letters, _) = try await KcatMessage.readAll(bootstrap: bootstrap, topic: "disclosures.dlq")
        let withOutputs = Set(records.compactMap(\.key) + letters.compactMap(\.key))
        let belowCommitted = Set(
            published.filter { key, place in place.offset < committed[place.partition, default: -1] }.map(\.key)
        )
        #expect(withOutputs == belowCommitted)
        #expect(withOutputs.count >= 10)
        print("IntegrationTests: SIGTERM after 10 inputs: \(withOutputs.count) of \(inputs.count) done and committed")
    }
}

/// Splits bytes into lines across reads (the pipe hands out arbitrary chunks).
final class LineBuffer: Sendable {
    private let pending = Mutex<[UInt8]>([])

    func append(_ data: Data) -> [String] {
        pending.withLock { pending in
            pending += data
            var lines: [String] = []
            while let newline = pending.firstIndex(of: 0x0A) {
                lines.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
            return lines
        }
    }
}

extension PipelineEndToEndTests {
    @Test func replayDLQMovesLettersBackOnceWithTheirOriginalHeaders() async throws {
        guard let binary = Tools.workerBinary else {
            Issue.record("the disclosure-worker executable is not built (swift build --build-tests builds it)")
            return
        }
        let cluster = try Self.cluster()
        let bootstrap = cluster.bootstrapServers
        let letters = (0..<3).map { index in
            TestInput(
                key: "letter-\(index)",
                bytes: Array("dead letter \(index)".utf8),
                headers: [
                    "content-type": "text/plain",
                    "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "error-class": "internal", "error-message": "gave up", "source-topic": Self.raw,
                    "source-partition": "0", "source-offset": "\(index)", "attempts": "5",
                ],
                expectation: .deadLetter("internal")
            )
        }
        _ = try await Inputs.publish(letters, bootstrap: bootstrap, topic: "disclosures.dlq")
        let arguments = [
            "replay-dlq", "--bootstrap-servers", bootstrap, "--group-id", "it-replay", "--set",
            "kafka.sessionTimeoutMs=6000",
        ]
        let first = try await Tools.run(binary, arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("replayed 3 dead letters"))
        let (raw, _) = try await KcatMessage.readAll(bootstrap: bootstrap, topic: Self.raw)
        #expect(Set(raw.compactMap(\.key)) == Set(letters.map(\.key)))
        for message in raw {
            #expect(message.headers["content-type"] == "text/plain")
            #expect(message.headers["traceparent"] != nil)
            #expect(message.headers["error-class"] == nil)
            #expect(message.headers["attempts"] == nil)
            #expect(message.payload?.hasPrefix("dead letter ") == true)
        }
        // The replay group committed what it moved: a second replay moves nothing.
        let second = try await Tools.run(binary, arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("replayed 0 dead letters"))
    }
}
