import DisclosureKafka
import DisclosureTestSupport
import Foundation
import Logging
import Testing

/// `disclosure-worker dev-broker --control`: the fault-injection commands `scripts/reliability` sends on stdin,
/// checked with a real producer against the spawned broker.
@Suite(
    .serialized,
    .timeLimit(.minutes(2)),
    .enabled(if: Tools.workerBinary != nil, "needs the built disclosure-worker (swift build)")
)
struct DevBrokerControlTests {
    /// A spawned `dev-broker --control` with one partition per topic.
    static func controlledBroker() throws -> DevBrokerProcess {
        try DevBrokerProcess(
            executable: URL(fileURLWithPath: try #require(Tools.workerBinary)),
            arguments: ["--partitions", "1"]
        )
    }

    static func producer(_ bootstrap: String) throws -> KafkaProducer {
        var configuration = KafkaConfiguration(bootstrapServers: [bootstrap])
        configuration.messageTimeout = .seconds(3)
        return try KafkaProducer(
            configuration: configuration,
            logger: Logger(label: "it", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    @Test func injectedProduceErrorFailsTheNextDeliveryOnly() async throws {
        let broker = try Self.controlledBroker()
        defer { broker.stop() }
        let producer = try Self.producer(broker.bootstrap)
        // Connect (and get a producer id) first, so the error hits a produce request of ours.
        _ = try await producer.produce(topic: "disclosures.raw", key: [1], value: [1])
        #expect(
            try broker.send("push-request-errors produce 1 TOPIC_AUTHORIZATION_FAILED")
                == "ok push-request-errors produce 1 TOPIC_AUTHORIZATION_FAILED"
        )
        let failed = try await producer.send(topic: "disclosures.raw", key: [2], value: [2]).result()
        guard case .failure(let error) = failed else {
            Issue.record("delivered despite the injected error: \(failed)")
            return
        }
        #expect(error.code == .topicAuthorizationFailed)
        // One error was pushed, so the next produce request succeeds (another topic: librdkafka refuses to queue for
        // the refused one until its metadata is refreshed).
        let report = try await producer.produce(topic: "disclosures.records", key: [3], value: [3])
        #expect(report.offset == 0)
        await producer.close(timeout: .seconds(5))
    }

    @Test func brokerDownStopsDeliveriesUntilItIsUpAgain() async throws {
        let broker = try Self.controlledBroker()
        defer { broker.stop() }
        let producer = try Self.producer(broker.bootstrap)
        _ = try await producer.produce(topic: "disclosures.raw", key: [1], value: [1])
        #expect(try broker.send("broker-down 1") == "ok broker-down 1")
        let failed = try await producer.send(topic: "disclosures.raw", key: [2], value: [2]).result()
        guard case .failure(let error) = failed else {
            Issue.record("delivered while the only broker was down: \(failed)")
            return
        }
        #expect(error.code == .messageTimedOut)
        #expect(try broker.send("broker-up 1") == "ok broker-up 1")
        // The client reconnects with its own backoff (up to 10 s): a few deliveries may time out before one lands.
        var delivered: KafkaDeliveryReport?
        for _ in 0..<10 where delivered == nil {
            if case .success(let report) = try await producer.send(topic: "disclosures.raw", key: [3], value: [3])
                .result()
            {
                delivered = report
            }
        }
        #expect(delivered != nil)
        await producer.close(timeout: .seconds(5))
    }

    @Test func badCommandsAreAnsweredWithAnErrorAndTheChannelGoesOn() throws {
        let broker = try Self.controlledBroker()
        defer { broker.stop() }
        #expect(try broker.send("reboot").hasPrefix("error: unknown command reboot"))
        #expect(try broker.send("broker-down 9").hasPrefix("error: "))
        #expect(try broker.send("push-request-errors produce 2 NO_SUCH_ERROR").hasPrefix("error: unknown error"))
        #expect(try broker.send("push-request-errors bogus 2 6").hasPrefix("error: unknown API bogus"))
        #expect(
            try broker.send("push-request-errors offset-commit 2 27") == "ok push-request-errors offset-commit 2 27"
        )
        #expect(try broker.send("clear-request-errors OffsetCommit") == "ok clear-request-errors OffsetCommit")
        #expect(try broker.send("partition-leader disclosures.raw 0 1") == "ok partition-leader disclosures.raw 0 1")
        #expect(try broker.send("partition-leader disclosures.raw 0").hasPrefix("error: usage: partition-leader"))
        #expect(try broker.send("partition-leader disclosures.raw 0 2").hasPrefix("error: "))
        #expect(try broker.send("group-coordinator some-group 1") == "ok group-coordinator some-group 1")
        #expect(try broker.send("group-coordinator some-group 0").hasPrefix("error: usage: group-coordinator"))
    }
}
