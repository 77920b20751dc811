import DisclosureKafka
import Foundation
import Testing

/// Interop with a client we did not write: `kcat` against `disclosure-worker dev-broker` run as a subprocess.
///
/// Skips with a message when kcat or the built executable is missing.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct KafkaInteropTests {
    /// A running `disclosure-worker dev-broker`; terminated (SIGTERM) by ``stop()``.
    final class DevBroker: Sendable {
        let process: Process
        let bootstrap: String

        init(executable: URL, arguments: [String] = []) throws {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["dev-broker", "--partitions", "2"] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first stdout line is the contract: bootstrap=HOST:PORT.
            var line: [UInt8] = []
            while !line.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            let text = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            guard text.hasPrefix("bootstrap=") else {
                process.terminate()
                throw KafkaError(message: "dev-broker printed \(text.debugDescription) instead of bootstrap=…")
            }
            self.process = process
            self.bootstrap = String(text.dropFirst("bootstrap=".count))
        }

        /// Sends SIGTERM and returns the exit status.
        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Runs kcat with `arguments`, feeding `input`; returns stdout.
    static func kcat(_ kcat: URL, _ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = kcat
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "kcat \(arguments) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    static func tools() -> (kcat: URL, worker: URL)? {
        guard let kcat = KafkaTestSupport.kcat else {
            print("skipping kcat interop: kcat is not installed (scripts/setup installs it)")
            return nil
        }
        guard let worker = KafkaTestSupport.workerExecutable else {
            print("skipping kcat interop: disclosure-worker is not built (swift build --build-tests builds it)")
            return nil
        }
        return (kcat, worker)
    }

    @Test func kcatProducesAndTheSwiftConsumerReadsIt() async throws {
        guard let (kcat, worker) = Self.tools() else { return }
        // --port: a fixed bootstrap port (forwarded to the mock cluster's own, see DevBrokerForwarder).
        let port = try #require(KafkaTestSupport.freePort())
        let broker = try DevBroker(executable: worker, arguments: ["--port", String(port)])
        #expect(broker.bootstrap == "127.0.0.1:\(port)")
        let topic = "disclosures.raw"
        let lines = (0..<20).map { "doc-\($0):body \($0) 预算" }
        _ = try Self.kcat(
            kcat,
            ["-b", broker.bootstrap, "-P", "-t", topic, "-K:", "-H", "content-type=text/plain", "-H", "source=kcat"],
            input: lines.joined(separator: "\n") + "\n"
        )

        let consumer = ConsumerDriver(
            consumer: try KafkaConsumer(
                configuration: KafkaTestSupport.consumerConfiguration(broker.bootstrap, group: "interop"),
                logger: KafkaTestSupport.logger()
            )
        )
        try consumer.consumer.subscribe(topics: [topic])
        consumer.start()
        try await consumer.wait { $0.messages.count >= 20 }
        await consumer.stop()
        #expect(broker.stop() == 0)

        let seen = consumer.snapshot.messages
        #expect(seen.count == 20)
        #expect(
            Set(seen.map { "\($0.key?.text ?? ""):\($0.value?.text ?? "")" }) == Set(lines)
        )
        for message in seen {
            #expect(message.headers.value(forKey: "content-type")?.text == "text/plain")
            #expect(message.headers.value(forKey: "source")?.text == "kcat")
        }
    }

    @Test func theSwiftProducerWritesAndKcatReadsItBackWithHeaders() async throws {
        guard let (kcat, worker) = Self.tools() else { return }
        let broker = try DevBroker(executable: worker)
        let topic = "disclosures.records"
        let producer = try KafkaProducer(
            configuration: KafkaTestSupport.producerConfiguration(broker.bootstrap),
            logger: KafkaTestSupport.logger()
        )
        var expected = Set<String>()
        for index in 0..<10 {
            let report = try await producer.produce(
                topic: topic,
                key: Array("id-\(index)".utf8),
                value: Array("{\"n\":\(index)}".utf8),
                headers: [
                    KafkaHeader(key: "schema", string: "disclosure.record/v1"),
                    KafkaHeader(key: "n", string: "\(index)"),
                ]
            )
            expected.insert(
                "\(report.partition)|\(report.offset)|id-\(index)|{\"n\":\(index)}|schema=disclosure.record/v1,n=\(index)"
            )
        }
        await producer.close(timeout: .seconds(5))

        let output = try Self.kcat(
            kcat,
            ["-b", broker.bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%p|%o|%k|%s|%h\n"]
        )
        #expect(broker.stop() == 0)
        #expect(Set(output.split(separator: "\n").map(String.init)) == expected)
    }
}
