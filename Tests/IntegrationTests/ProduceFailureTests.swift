import DisclosureKafka
import DisclosureWorker
import Foundation
import Logging
import Testing

/// A produce that librdkafka refuses before queueing (the partitioner finds no such partition) must fail with an
/// error, not crash: librdkafka 2.0.2's `rd_kafka_produceva` frees headers it built itself twice on that path
/// (confluentinc/librdkafka#4627). Found by `scripts/reliability` (scenario produce-errors): an injected
/// TOPIC_AUTHORIZATION_FAILED left the records topic with 0 partitions in the producer's metadata, the next record
/// (with headers) failed in the partitioner, and the worker died with SIGSEGV in `rd_list_destroy`.
@Suite(.timeLimit(.minutes(1)))
struct ProduceFailureTests {
    static func producer(_ bootstrap: String) throws -> KafkaProducer {
        try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: [bootstrap]),
            logger: Logger(label: "it", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    @Test func aMessageWithHeadersToAMissingPartitionFailsWithoutCrashing() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        try cluster.createTopic("headers", partitions: 1)
        let producer = try Self.producer(cluster.bootstrapServers)
        let headers = [KafkaHeader(key: "error-class", value: Array("decode".utf8)), KafkaHeader(key: "a", value: nil)]
        // Known metadata first: the partitioner only refuses a partition it knows does not exist.
        _ = try await producer.produce(topic: "headers", key: [1], value: [1], headers: headers)
        for _ in 0..<3 {
            let error = try #require(throws: KafkaError.self) {
                try producer.send(topic: "headers", key: [2], value: [2], headers: headers, partition: 7)
            }
            #expect(error.code == .unknownPartition)
        }
        // The producer is still usable, and the headers of a delivered message are intact.
        let report = try await producer.produce(topic: "headers", key: [3], value: [3], headers: headers)
        #expect(report.offset == 1)
        await producer.close(timeout: .seconds(5))
    }
}

extension ProduceFailureTests {
    /// A produce fault while the raw partition has several inputs queued with the producer behind the failing one
    /// (`concurrency.maxUnacknowledgedPerPartition`): the failed input is published again after them, and they after
    /// it. On the real output topic every input has its record, every copy is byte-identical, and the last copies are
    /// in the raw partition's order (SPEC §3); the group commits to the end.
    @Test(.enabled(if: Tools.thirdPartyClientsAvailable, "needs kcat and python3 with confluent-kafka"))
    func aProduceFaultWhileInputsAwaitKeepsTheLastCopiesInOrder() async throws {
        let cluster = try PipelineEndToEndTests.cluster()
        let bootstrap = cluster.bootstrapServers
        let base = try String(
            contentsOf: Tools.root.appendingPathComponent("samples/mianzhu-agriculture-2025-budget.txt"),
            encoding: .utf8
        )
        let count = 60
        let inputs = (0..<count).map { index in
            TestInput(
                key: "doc-\(index)",
                bytes: Array((base + "\n附：批次\(index)\n").utf8),
                headers: ["content-type": "text/plain"],
                partition: 0,
                expectation: .record
            )
        }
        let published = try await Inputs.publish(inputs, bootstrap: bootstrap, topic: PipelineEndToEndTests.raw)
        try #require(published.count == count)
        // Acknowledgements take a while: the partition keeps several inputs queued with the producer.
        try cluster.setRoundTripTime(.milliseconds(20), broker: 1)

        let group = "it-runahead-\(UUID().uuidString.prefix(8))"
        var configuration = PipelineEndToEndTests.configuration(bootstrap: bootstrap, group: group)
        configuration.concurrency.maxUnacknowledgedPerPartition = 8
        configuration.retry.initialBackoffMs = 10
        let logger = Logger(label: "it", factory: { _ in SwiftLogNoOpLogHandler() })
        let worker = try buildWorker(configuration: configuration, logger: logger, gracefulShutdownSignals: [])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            await worker.supervisor.waitForFinishedInputs(10)
            // Refused outright (not retriable): the producer fails the deliveries of the next two requests. (Not
            // TOPIC_AUTHORIZATION_FAILED: it also drops the topic from the producer's metadata, which fails every
            // queueing until the next refresh and exhausts the retries, with or without run-ahead.)
            cluster.pushRequestErrors(.produce, [.invalidRecord, .invalidRecord])
            await worker.supervisor.waitForFinishedInputs(count)
            await worker.triggerGracefulShutdown()
            try await group.waitForAll()
        }

        let (records, _) = try await KcatMessage.readAll(bootstrap: bootstrap, topic: "disclosures.records")
        let (letters, _) = try await KcatMessage.readAll(bootstrap: bootstrap, topic: "disclosures.dlq")
        #expect(letters.isEmpty)
        let index = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($0.element.key, $0.offset) })
        #expect(records.allSatisfy { $0.key.flatMap { index[$0] } != nil }, "records of no input")
        // At least once, each copy byte-identical.
        for (key, copies) in Dictionary(grouping: records, by: { $0.key ?? "" }) {
            #expect(Set(copies.map { $0.payload ?? "" }).count == 1, "\(key): copies differ")
        }
        #expect(Set(records.compactMap { $0.key.flatMap { index[$0] } }) == Set(0..<count))
        // In each records partition (a reader's view: keyed by document id), the last copies in the raw partition's
        // order.
        for (partition, messages) in Dictionary(grouping: records, by: \.partition) {
            let order = messages.sorted { $0.offset < $1.offset }.compactMap { $0.key.flatMap { index[$0] } }
            var seen: Set<Int> = []
            let lastCopies = Array(order.reversed().filter { seen.insert($0).inserted }.reversed())
            #expect(lastCopies == lastCopies.sorted(), "records partition \(partition): \(order)")
        }
        let committed = try await PipelineEndToEndTests.committed(bootstrap: bootstrap, group: group)
        #expect(committed[0] == Int64(count))
        print("IntegrationTests: run-ahead under produce faults: \(records.count) records for \(count) inputs")
    }
}
