import DisclosureKafka
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
