import DisclosureKafka
import DisclosureWorker
import Foundation
import Testing

@Suite struct ConfigurationLoaderTests {
    let loader = ConfigurationLoader()

    @Test func defaultsFollowTheSpec() throws {
        let configuration = try loader.load(file: nil, environment: [:])
        #expect(configuration.topics.raw == "disclosures.raw")
        #expect(configuration.topics.records == "disclosures.records")
        #expect(configuration.topics.anomalies == "disclosures.anomalies")
        #expect(configuration.topics.dlq == "disclosures.dlq")
        #expect(configuration == WorkerConfiguration())
    }

    @Test func theConsumerPrefetchIsBoundedAndOperatorsCanRaiseIt() throws {
        func prefetch(_ configuration: WorkerConfiguration) -> String? {
            configuration.kafka.clientConfiguration.properties(for: .consumer)
                .last { $0.key == "queued.max.messages.kbytes" }?.value
        }
        // librdkafka's own 65536 KiB prefetch was most of the worker's memory under a backlog; 16 MiB since the
        // consumer wakes librdkafka's fetching threads (docs/BENCHMARKS.md, session 14).
        #expect(prefetch(try loader.load(file: nil, environment: [:])) == "16384")
        let raised = try loader.load(
            file: nil,
            environment: ["DISCLOSURE_KAFKA_PROPERTIES_QUEUED_MAX_MESSAGES_KBYTES": "65536"]
        )
        #expect(prefetch(raised) == "65536")
    }

    @Test func oneFetchResponseIsBoundedAndOperatorsCanRaiseIt() throws {
        func fetchMax(_ configuration: WorkerConfiguration) -> String? {
            configuration.kafka.clientConfiguration.properties(for: .consumer)
                .last { $0.key == "fetch.max.bytes" }?.value
        }
        // librdkafka's own 50 MiB let one response bring 64 partitions of 200 KB documents at once; 4 MiB since
        // session 15 (8 before).
        #expect(fetchMax(try loader.load(file: nil, environment: [:])) == "4194304")
        #expect(
            try loader.load(file: nil, environment: [:]).kafka.clientConfiguration.properties(for: .producer)
                .contains { $0.key == "fetch.max.bytes" } == false
        )
        let raised = try loader.load(
            file: nil,
            environment: ["DISCLOSURE_KAFKA_PROPERTIES_FETCH_MAX_BYTES": "52428800"]
        )
        #expect(fetchMax(raised) == "52428800")
    }

    @Test func theKafkaThreadsKeepTheirPolicyUnlessBatchIsAsked() throws {
        // SCHED_BATCH measured slower on a shared host (docs/BENCHMARKS.md, session 15): normal by default.
        let defaults = try loader.load(file: nil, environment: [:])
        #expect(defaults.kafka.threadScheduling == .normal)
        #expect(defaults.kafka.clientConfiguration.threadScheduling == .normal)
        let batch = try loader.load(file: nil, environment: ["DISCLOSURE_KAFKA_THREAD_SCHEDULING": "batch"])
        #expect(batch.kafka.clientConfiguration.threadScheduling == .batch)
        #expect(throws: ConfigurationError.self) {
            try loader.load(file: nil, environment: ["DISCLOSURE_KAFKA_THREAD_SCHEDULING": "fifo"])
        }
    }

    @Test func theBytesWaitingForAProcessingTaskAreBoundedAndOperatorsCanRaiseIt() throws {
        #expect(try loader.load(file: nil, environment: [:]).concurrency.maxQueuedBytes == 4 * 1024 * 1024)
        let raised = try loader.load(
            file: nil,
            environment: ["DISCLOSURE_CONCURRENCY_MAX_QUEUED_BYTES": "268435456"]
        )
        #expect(raised.concurrency.maxQueuedBytes == 268_435_456)
        #expect(throws: ConfigurationError.self) {
            try loader.load(file: nil, environment: ["DISCLOSURE_CONCURRENCY_MAX_QUEUED_BYTES": "1000"])
        }
    }

    @Test func environmentNamesAreUpperSnakeCaseOfTheKeyPath() {
        #expect(
            ConfigurationLoader.environmentName(forKey: "kafka.bootstrapServers")
                == "DISCLOSURE_KAFKA_BOOTSTRAP_SERVERS"
        )
        #expect(ConfigurationLoader.environmentName(forKey: "kafka.groupId") == "DISCLOSURE_KAFKA_GROUP_ID")
        #expect(ConfigurationLoader.environmentName(forKey: "metrics.port") == "DISCLOSURE_METRICS_PORT")
        #expect(
            ConfigurationLoader.environmentName(forKey: "concurrency.maxInFlightPerPartition")
                == "DISCLOSURE_CONCURRENCY_MAX_IN_FLIGHT_PER_PARTITION"
        )
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        let file = try temporaryFile(
            """
            kafka:
              bootstrapServers: [file:1, file:2]
              groupId: from-file
              properties:
                linger.ms: 5
            metrics:
              port: 1111
            rules:
              file: ~
            """
        )
        let configuration = try loader.load(
            file: file,
            environment: [
                "DISCLOSURE_KAFKA_GROUP_ID": "from-env",
                "DISCLOSURE_METRICS_PORT": "2222",
                "DISCLOSURE_KAFKA_PROPERTIES_SESSION_TIMEOUT_MS": "6000",
                "UNRELATED": "x",
            ],
            flags: [("metrics.port", .init(text: "3333", origin: "flag --set"))]
        )
        #expect(configuration.kafka.bootstrapServers == "file:1,file:2")
        #expect(configuration.kafka.groupId == "from-env")
        #expect(configuration.metrics.port == 3333)
        #expect(configuration.kafka.properties == ["linger.ms": "5", "session.timeout.ms": "6000"])
        #expect(configuration.rules.file == nil)
    }

    @Test func aBadValueNamesTheKeyAndWhereItCameFrom() {
        #expect(throws: ConfigurationError.self) {
            try loader.load(file: nil, environment: ["DISCLOSURE_METRICS_PORT": "http"])
        }
        do {
            _ = try loader.load(file: nil, environment: ["DISCLOSURE_METRICS_PORT": "70000"])
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error)
                    == "configuration: metrics.port (environment DISCLOSURE_METRICS_PORT): \"70000\" is not an integer in 0...65535"
            )
        }
    }

    @Test func unknownFileKeysAreErrors() throws {
        let file = try temporaryFile("kafka:\n  bootstrapServer: x:1\n")
        #expect {
            try loader.load(file: file, environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.key == "kafka.bootstrapServer"
        }
    }

    @Test func badBootstrapListsAndChoicesAreRejected() {
        for (key, value) in [
            ("kafka.bootstrapServers", "localhost"), ("kafka.autoOffsetReset", "middle"), ("retry.jitter", "2"),
            ("log.level", "loud"), ("metrics.enabled", "maybe"), ("concurrency.workers", "0"),
        ] {
            #expect(throws: ConfigurationError.self) {
                try loader.load(file: nil, environment: [:], flags: [(key, .init(text: value, origin: "flag"))])
            }
        }
    }

    @Test func theCommittedExampleFileLoadsAndMatchesTheDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../config/worker.yaml"
        ).standardizedFileURL.path
        try #require(FileManager.default.fileExists(atPath: path), "config/worker.yaml is missing")
        let configuration = try loader.load(file: path, environment: [:])
        #expect(configuration == WorkerConfiguration())
        // Every key is documented in the example (null-valued keys count: they are listed with their default).
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let listed = Set(try ConfigurationLoader.values(fromYAML: text, origin: path).map(\.key))
        let undocumented = ConfigurationKeys.all.filter { key in
            !listed.contains(key) && !text.contains(String(key.split(separator: ".").last!) + ":")
        }
        #expect(undocumented.isEmpty, "keys missing from config/worker.yaml: \(undocumented)")
    }

    @Test func notYAMLIsAnError() throws {
        let file = try temporaryFile("kafka: [unclosed\n")
        #expect(throws: ConfigurationError.self) { try loader.load(file: file, environment: [:]) }
    }

    private func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString).yaml")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
