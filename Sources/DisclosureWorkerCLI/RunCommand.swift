import ArgumentParser
import DisclosureWorker
import Foundation
import Logging

/// `disclosure-worker run`: the worker (SPEC §7). Exit 0 after a graceful shutdown (SIGTERM/SIGINT); exit 1 with
/// the reason on a fatal error; exit 2 on a bad configuration value.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Consume raw disclosures; publish records, anomaly events and dead letters."
    )

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        // Before the clients start their threads: each thread that finds glibc's allocator busy would get an arena.
        let allocator = ProcessAllocator.current
        MallocArenas.limit(environment: ProcessInfo.processInfo.environment, allocator: allocator)
        let configuration = try options.load()
        Console.bootstrapLogging(configuration.log)
        let logger = Logger(label: "disclosure-worker")
        let worker: Worker
        do {
            worker = try buildWorker(configuration: configuration, logger: logger)
        } catch {
            Console.error("cannot start: \(error)")
            throw ExitCode(2)
        }
        logger.info(
            "worker starting",
            metadata: [
                "kafka.bootstrap": "\(configuration.kafka.bootstrapServers)",
                "kafka.group": "\(configuration.kafka.groupId)",
                LoggingKeys.topic: "\(configuration.topics.raw)",
                "malloc": "\(allocator.name)",
            ]
        )
        do {
            try await worker.run()
        } catch {
            Console.error("fatal: \(error)")
            throw ExitCode(1)
        }
    }
}
