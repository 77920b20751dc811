import ArgumentParser
import DisclosureCore
import DisclosureKafka
import DisclosureWorker
import Foundation
import Logging

/// `disclosure-worker publish FILE…`: what an upstream scraper does (SPEC §2, §7). One message per file to the raw
/// topic, key = document id, with the SPEC headers `content-type`, `source-url`, `fetched-at`, `document-id`.
///
/// The document id is `sha256:` + the hex digest of the file's bytes (the id the worker derives itself when none
/// is given), `fetched-at` is the file's modification time, so publishing the same file twice yields the same
/// message and the same outputs. A `.json` file holding the JSON envelope is sent as the envelope.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish documents to the raw topic, one message per file, with the SPEC headers."
    )

    @OptionGroup var options: WorkerOptions

    @Option(help: "Topic to publish to (default: topics.raw, disclosures.raw).")
    var topic: String?

    @Option(help: "Content type for every file (default: from the extension: .html/.htm, .pdf, .json, else text).")
    var contentType: String?

    @Argument(help: "Documents to publish.")
    var files: [String]

    func run() async throws {
        let configuration = try options.load()
        Console.bootstrapToolLogging()
        let logger = Logger(label: "disclosure-worker.publish")
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: configuration.kafka.clientConfiguration, logger: logger)
        } catch {
            Console.error("cannot start: \(error)")
            throw ExitCode(2)
        }
        let topic = self.topic ?? configuration.topics.raw
        var failed = false
        for path in files {
            do {
                let message = try Self.message(for: path, contentType: contentType)
                let report = try await producer.produce(
                    topic: topic,
                    key: Array(message.documentId.utf8),
                    value: message.bytes,
                    headers: message.headers
                )
                Console.line(
                    Array("\(path) -> \(report.topic)[\(report.partition)]@\(report.offset) \(message.documentId)".utf8)
                )
            } catch {
                Console.error("\(path): \(error)")
                failed = true
            }
        }
        if let error = await producer.close(timeout: .seconds(10)) {
            Console.error("flush: \(error)")
            failed = true
        }
        if failed { throw ExitCode(1) }
    }

    /// One file's message: bytes, document id and headers.
    struct FileMessage {
        var bytes: [UInt8]
        var documentId: String
        var headers: [KafkaHeader]
    }

    static func message(for path: String, contentType: String?) throws -> FileMessage {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let bytes = Array(try Data(contentsOf: url))
        let documentId = RawDocument(bytes: bytes).contentDocumentId
        let type = contentType ?? Self.contentType(forExtension: url.pathExtension.lowercased())
        var headers = [
            KafkaHeader(key: HeaderNames.contentType, string: type),
            KafkaHeader(key: HeaderNames.documentId, string: documentId),
        ]
        if type != MediaTypes.rawEnvelope {
            headers.append(KafkaHeader(key: HeaderNames.sourceURL, string: url.absoluteString))
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            if let modified = attributes?[.modificationDate] as? Date {
                headers.append(KafkaHeader(key: HeaderNames.fetchedAt, string: modified.formatted(.iso8601)))
            }
        }
        return FileMessage(bytes: bytes, documentId: documentId, headers: headers)
    }

    static func contentType(forExtension pathExtension: String) -> String {
        switch pathExtension {
        case "html", "htm": "text/html"
        case "pdf": "application/pdf"
        case "json": MediaTypes.rawEnvelope
        default: "text/plain"
        }
    }
}
