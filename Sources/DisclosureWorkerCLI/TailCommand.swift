import ArgumentParser
import DisclosureKafka
import DisclosureWorker
import Foundation
import Logging

/// `disclosure-worker tail records|anomalies|dlq`: what a subscriber does (SPEC §7): one JSON line per message.
///
/// Records and anomaly events print as they are (each value is one JSON object). Dead letters print as
/// `{"topic","partition","offset","key","headers":{…},"valueBase64"}`, since their value is the raw input.
///
/// The tail reads in a throw-away consumer group of its own and commits nothing. `--exit-at-end` stops once every
/// assigned partition is read up to the high watermark it had when assigned (where the broker cannot be asked,
/// once no message arrived for `--idle-ms`); `--max-messages` stops after that many.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow an output topic; print one JSON line per message."
    )

    /// Which output topic.
    enum Stream: String, ExpressibleByArgument, CaseIterable {
        case records
        case anomalies
        case dlq
    }

    @OptionGroup var options: WorkerOptions

    @Argument(help: "records, anomalies or dlq.")
    var stream: Stream

    @Flag(help: "Start at the oldest message instead of new ones.")
    var fromBeginning = false

    @Flag(help: "Exit once the topic is read to its end (its high watermarks when assigned).")
    var exitAtEnd = false

    @Option(help: "With --exit-at-end, where watermarks are unavailable: quiet time that counts as the end, ms.")
    var idleMs = 3000

    @Option(help: "Exit after this many messages.")
    var maxMessages: Int?

    func run() async throws {
        var configuration = try options.load()
        Console.bootstrapToolLogging()
        let logger = Logger(label: "disclosure-worker.tail")
        let topic =
            switch stream {
            case .records: configuration.topics.records
            case .anomalies: configuration.topics.anomalies
            case .dlq: configuration.topics.dlq
            }
        // A group of its own: a tail never moves a real subscriber's offsets.
        configuration.kafka.groupId = "disclosure-worker-tail-\(UUID().uuidString.lowercased())"
        configuration.kafka.autoOffsetReset = fromBeginning ? .earliest : .latest
        var clientConfiguration = configuration.kafka.clientConfiguration
        clientConfiguration.additionalProperties["session.timeout.ms"] =
            clientConfiguration.additionalProperties["session.timeout.ms"] ?? "6000"
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: clientConfiguration, logger: logger)
            try consumer.subscribe(topics: [topic])
        } catch {
            Console.error("cannot start: \(error)")
            throw ExitCode(2)
        }
        let printed = try await Self.follow(
            consumer: consumer,
            stream: stream,
            fromBeginning: fromBeginning,
            idle: exitAtEnd ? .milliseconds(idleMs) : nil,
            maxMessages: maxMessages
        )
        await consumer.close()
        _ = printed
    }

    /// Prints messages until the end condition; returns how many were printed.
    ///
    /// With `idle` (`--exit-at-end`), the end is known from the partitions' high watermarks, asked when they are
    /// assigned: the tail stops once it has read up to each of them. Where the watermarks cannot be asked, a quiet
    /// period of `idle` counts as the end.
    static func follow(
        consumer: KafkaConsumer,
        stream: Stream,
        fromBeginning: Bool,
        idle: Duration?,
        maxMessages: Int?
    ) async throws -> Int {
        var printed = 0
        var assigned = false
        // Per partition: the offset the tail has to reach (high watermark) and the next offset it will read.
        var ends: [KafkaTopicPartition: Int64] = [:]
        var next: [KafkaTopicPartition: Int64] = [:]
        var endsKnown = true
        func atEnd() -> Bool {
            endsKnown && assigned && ends.allSatisfy { partition, end in next[partition, default: 0] >= end }
        }
        while maxMessages.map({ printed < $0 }) ?? true {
            if idle != nil, atEnd() { break }
            // Race the next event against the quiet period only while the partitions' ends are unknown.
            let event = try await ConsumerEvents.next(consumer, idle: assigned && !endsKnown ? idle : nil)
            if event == nil { break }
            switch event {
            case .message(let message):
                Console.line(line(for: message, stream: stream))
                printed += 1
                next[message.topicPartition] = message.offset + 1
            case .partitionsAssigned(let partitions):
                assigned = true
                guard idle != nil else { break }
                for partition in partitions {
                    do {
                        let (low, high) = try await consumer.watermarks(for: partition)
                        ends[partition] = high
                        // A partition is read from its oldest message (or only new ones): start there.
                        if next[partition] == nil { next[partition] = fromBeginning ? low : high }
                    } catch {
                        endsKnown = false
                    }
                }
            case .partitionsRevoked, nil:
                break
            }
        }
        return printed
    }

    /// The JSON line for a message.
    static func line(for message: KafkaMessage, stream: Stream) -> [UInt8] {
        let value = message.value ?? []
        if stream != .dlq, !value.isEmpty, value.first == UInt8(ascii: "{") {
            return value
        }
        var line = "{\"topic\":"
        JSONLogHandler.appendString(message.topic, to: &line)
        line += ",\"partition\":\(message.partition),\"offset\":\(message.offset),\"key\":"
        if let key = message.key, let text = String(validating: key, as: UTF8.self) {
            JSONLogHandler.appendString(text, to: &line)
        } else {
            line += "null"
        }
        line += ",\"headers\":{"
        for (index, header) in message.headers.enumerated() {
            if index > 0 { line += "," }
            JSONLogHandler.appendString(header.key, to: &line)
            line += ":"
            if let value = header.value, let text = String(validating: value, as: UTF8.self) {
                JSONLogHandler.appendString(text, to: &line)
            } else {
                line += "null"
            }
        }
        line += "},\"valueBase64\":"
        JSONLogHandler.appendString(Data(value).base64EncodedString(), to: &line)
        line += "}"
        return Array(line.utf8)
    }
}
