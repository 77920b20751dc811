import ArgumentParser
import DisclosureKafka
import DisclosureWorker
import Foundation
import Logging

/// `disclosure-worker replay-dlq`: moves dead letters back to the raw topic, then exits (SPEC §7,
/// docs/REPROCESSING.md).
///
/// Each letter is produced to the raw topic with its key, value and original headers (the DLQ's error headers
/// dropped); its DLQ offset is committed only after the raw topic acknowledged it, in the group
/// `<kafka.groupId>-replay-dlq`, so an interrupted replay repeats some letters but loses none, and a second replay
/// moves only letters that arrived since. It stops once each DLQ partition is read up to the high watermark it had
/// when assigned (where watermarks cannot be asked, once no letter arrived for `--idle-ms`).
struct ReplayDLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay-dlq",
        abstract: "Move dead letters back to the raw topic, then exit."
    )

    @OptionGroup var options: WorkerOptions

    @Option(help: "Quiet time that counts as the end of the DLQ, ms.")
    var idleMs = 3000

    static let errorHeaders: Set<String> = [
        HeaderNames.errorClass, HeaderNames.errorMessage, HeaderNames.sourceTopic, HeaderNames.sourcePartition,
        HeaderNames.sourceOffset, HeaderNames.attempts,
    ]

    func run() async throws {
        var configuration = try options.load()
        Console.bootstrapToolLogging()
        let logger = Logger(label: "disclosure-worker.replay-dlq")
        configuration.kafka.groupId += "-replay-dlq"
        configuration.kafka.autoOffsetReset = .earliest
        let consumer: KafkaConsumer
        let producer: KafkaProducer
        do {
            consumer = try KafkaConsumer(configuration: configuration.kafka.clientConfiguration, logger: logger)
            try consumer.subscribe(topics: [configuration.topics.dlq])
            producer = try KafkaProducer(configuration: configuration.kafka.clientConfiguration, logger: logger)
        } catch {
            Console.error("cannot start: \(error)")
            throw ExitCode(2)
        }
        var moved = 0
        var failure: (any Error)?
        var assigned = false
        // Per partition: the high watermark when assigned, and the next offset to read.
        var ends: [KafkaTopicPartition: Int64] = [:]
        var next: [KafkaTopicPartition: Int64] = [:]
        var endsKnown = true
        do {
            while true {
                if assigned, endsKnown, ends.allSatisfy({ next[$0.key, default: 0] >= $0.value }) { break }
                let event = try await ConsumerEvents.next(
                    consumer,
                    idle: assigned && !endsKnown ? .milliseconds(idleMs) : nil
                )
                guard let event else { break }
                switch event {
                case .message(let letter):
                    let headers = letter.headers.filter { !Self.errorHeaders.contains($0.key.lowercased()) }
                    _ = try await producer.produce(
                        topic: configuration.topics.raw,
                        key: letter.key,
                        value: letter.value,
                        headers: headers
                    )
                    // SPEC §3 in miniature: the letter counts as moved once the raw topic acknowledged it.
                    try consumer.storeOffset(after: letter)
                    next[letter.topicPartition] = letter.offset + 1
                    moved += 1
                case .partitionsAssigned(let partitions):
                    assigned = true
                    for partition in partitions {
                        do {
                            let (low, high) = try await consumer.watermarks(for: partition)
                            let committed = try await consumer.committedOffsets(for: [partition]).first?.offset ?? -1
                            ends[partition] = high
                            // Reading starts at the group's committed position, or at the oldest kept letter.
                            if next[partition] == nil { next[partition] = committed >= 0 ? max(committed, low) : low }
                        } catch {
                            endsKnown = false
                        }
                    }
                case .partitionsRevoked(_, let lost):
                    if !lost { try await consumer.commit() }
                }
            }
            try await consumer.commit()
        } catch {
            failure = error
        }
        await consumer.close()
        await producer.close(timeout: .seconds(10))
        Console.line(Array("replayed \(moved) dead letters to \(configuration.topics.raw)".utf8))
        if let failure {
            Console.error("replay stopped: \(failure)")
            throw ExitCode(1)
        }
    }
}
