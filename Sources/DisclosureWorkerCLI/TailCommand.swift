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
/// The tail reads in a throw-away consumer group of its own and commits nothing. `--exit-at-end` stops once no
/// message arrived for `--idle-ms` after the last one (the end of the topic as far as a reader can tell without
/// asking the broker for watermarks); `--max-messages` stops after that many.
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

    @Flag(help: "Exit once the topic is read to its end (no message for --idle-ms).")
    var exitAtEnd = false

    @Option(help: "With --exit-at-end: quiet time that counts as the end, ms.")
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
            idle: exitAtEnd ? .milliseconds(idleMs) : nil,
            maxMessages: maxMessages
        )
        await consumer.close()
        _ = printed
    }

    /// Prints messages until the end condition; returns how many were printed.
    static func follow(
        consumer: KafkaConsumer,
        stream: Stream,
        idle: Duration?,
        maxMessages: Int?
    ) async throws -> Int {
        var printed = 0
        var assigned = false
        while maxMessages.map({ printed < $0 }) ?? true {
            let event: KafkaConsumerEvent?
            if let idle, assigned {
                // Race the next event against the quiet period; the loser is cancelled.
                event = try await withThrowingTaskGroup(of: KafkaConsumerEvent?.self) { group in
                    group.addTask {
                        var iterator = consumer.events.makeAsyncIterator()
                        return try await iterator.next()
                    }
                    group.addTask {
                        try await Task.sleep(for: idle)
                        return nil
                    }
                    let first = try await group.next() ?? nil
                    group.cancelAll()
                    return first
                }
                if event == nil { break }
            } else {
                var iterator = consumer.events.makeAsyncIterator()
                event = try await iterator.next()
                if event == nil { break }
            }
            switch event {
            case .message(let message):
                Console.line(line(for: message, stream: stream))
                printed += 1
            case .partitionsAssigned:
                assigned = true
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
