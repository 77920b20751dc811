import DisclosureKafka
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
    /// A spawned `dev-broker --control`, its stdin and stdout.
    final class ControlledBroker {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        private var buffered: [UInt8] = []
        private(set) var bootstrap = ""

        init() throws {
            process.executableURL = URL(fileURLWithPath: try #require(Tools.workerBinary))
            process.arguments = ["dev-broker", "--partitions", "1", "--control"]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let first = try #require(readLine())
            #expect(first.hasPrefix("bootstrap="))
            bootstrap = String(first.dropFirst("bootstrap=".count))
        }

        /// One line of the broker's stdout (blocking; nil at end of output).
        func readLine() -> String? {
            while true {
                if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffered[..<newline], as: UTF8.self)
                    buffered.removeSubrange(...newline)
                    return line
                }
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { return nil }
                buffered += chunk
            }
        }

        /// Sends one command line and returns the broker's answer.
        func send(_ command: String) throws -> String {
            input.fileHandleForWriting.write(Data((command + "\n").utf8))
            return try #require(readLine())
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
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
        let broker = try ControlledBroker()
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
        let broker = try ControlledBroker()
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
        let broker = try ControlledBroker()
        defer { broker.stop() }
        #expect(try broker.send("reboot").hasPrefix("error: unknown command reboot"))
        #expect(try broker.send("broker-down 9").hasPrefix("error: "))
        #expect(try broker.send("push-request-errors produce 2 NO_SUCH_ERROR").hasPrefix("error: unknown error"))
        #expect(try broker.send("push-request-errors bogus 2 6").hasPrefix("error: unknown API bogus"))
        #expect(
            try broker.send("push-request-errors offset-commit 2 27") == "ok push-request-errors offset-commit 2 27"
        )
        #expect(try broker.send("clear-request-errors OffsetCommit") == "ok clear-request-errors OffsetCommit")
    }
}
