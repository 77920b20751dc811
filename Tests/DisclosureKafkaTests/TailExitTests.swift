import DisclosureKafka
import Foundation
import Testing

/// `disclosure-worker tail --exit-at-end` on an empty topic exits 0, every time.
///
/// It used to segfault (or hang) at exit in about one run of five: the consumer's last reference was held by the
/// block that closed it on the poll queue, so `rd_kafka_destroy` ran there while the process was exiting.
@Suite struct TailExitTests {
    @Test func tailExitAtEndOnAnEmptyTopicExitsCleanlyTenTimes() throws {
        guard let worker = KafkaTestSupport.workerExecutable else {
            print("skipping tail exit test: disclosure-worker is not built (swift build --build-tests builds it)")
            return
        }
        let cluster = try KafkaMockCluster(brokers: 1)
        try cluster.createTopic("disclosures.records", partitions: 4)
        for run in 1...10 {
            let process = Process()
            process.executableURL = worker
            process.arguments = [
                "tail", "--bootstrap-servers", cluster.bootstrapServers, "records", "--from-beginning", "--exit-at-end",
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            // A watchdog, not a timing assertion: a hung tail must fail the test, not hang it.
            let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
            DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: watchdog)
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            watchdog.cancel()
            #expect(
                process.terminationReason == .exit && process.terminationStatus == 0,
                "run \(run): \(process.terminationReason == .exit ? "exit" : "signal") \(process.terminationStatus)\n\(text.suffix(2000))"
            )
            #expect(text.isEmpty, "run \(run) printed: \(text.prefix(500))")
        }
    }
}
