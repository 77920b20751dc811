public import DisclosureCore

/// Turns one input into the messages the worker publishes for it: the record and one event per anomaly, or the
/// input's DLQ copy. Pure: no Kafka, no clock, so the pipeline's contract is tested as a function.
public struct OutputPlanner: Sendable {
    /// The outputs of one successfully processed input.
    public struct Outputs: Sendable {
        /// The document id (the key of every output).
        public var documentId: String
        /// The record first, then the anomaly events in the core's order.
        public var messages: [OutboundMessage]
        /// The findings, for metrics.
        public var anomalies: [Anomaly]

        /// The bytes of every message's value: what the outputs hold until they are acknowledged.
        public var byteCount: Int { messages.reduce(0) { $0 + $1.valueCount } }
    }

    /// Topic names.
    public var topics: WorkerConfiguration.Topics
    /// The core.
    public var processor: DisclosureProcessor

    /// Creates a planner.
    public init(topics: WorkerConfiguration.Topics, processor: DisclosureProcessor) {
        self.topics = topics
        self.processor = processor
    }

    /// The core's view of an input: its bytes and the SPEC §2 headers.
    ///
    /// The key stands in for a missing `document-id` header, or for a missing `source-url` header when it is a
    /// URL (SPEC §2: the key is "document id or source URL").
    public static func rawDocument(from message: InboundMessage) -> RawDocument {
        var documentId = message.header(HeaderNames.documentId)?.stringValue.flatMap(nonEmpty)
        var sourceURL = message.header(HeaderNames.sourceURL)?.stringValue.flatMap(nonEmpty)
        // MessageHeader.validUTF8, not String(validating:as:): the same text, without the generic validation's
        // run-time metadata look-up (as for the headers above).
        if let key = message.key.flatMap(MessageHeader.validUTF8).flatMap(nonEmpty) {
            if key.hasPrefix("http://") || key.hasPrefix("https://") {
                sourceURL = sourceURL ?? key
            } else {
                documentId = documentId ?? key
            }
        }
        return RawDocument(
            bytes: message.value,
            contentType: message.header(HeaderNames.contentType)?.stringValue.flatMap(nonEmpty),
            documentId: documentId,
            sourceURL: sourceURL,
            fetchedAt: message.header(HeaderNames.fetchedAt)?.stringValue.flatMap(nonEmpty)
        )
    }

    /// Processes an input into its outputs.
    ///
    /// - Throws: ``WorkerError`` when the core cannot read the input (the caller dead-letters it).
    public func outputs(for message: InboundMessage) throws -> Outputs {
        let processed: ProcessedDocument
        do {
            processed = try processor.process(Self.rawDocument(from: message))
        } catch {
            throw WorkerError(error)
        }
        let documentId = processed.record.documentId
        let key = Array(documentId.utf8)
        // One header list per kind, shared by every message of the input (the events of one input differ only in
        // their value). docs/SUBSCRIBERS.md's headers and no more: the document id is the key, and a header repeating
        // it cost librdkafka a block made, serialized and freed for every message (~23 per input).
        let trace = Self.traceHeaders(of: message)
        let anomalyHeaders = [Self.anomalyContentType] + trace
        // The record and the events in one buffer, each message a range of it (no array per event).
        let json = processed.outputJSON()
        var messages: [OutboundMessage] = []
        messages.reserveCapacity(1 + json.events.count)
        messages.append(
            OutboundMessage(
                topic: topics.records,
                key: key,
                valueIn: json.bytes,
                range: json.record,
                headers: [Self.recordContentType] + trace
            )
        )
        for event in json.events {
            messages.append(
                OutboundMessage(
                    topic: topics.anomalies,
                    key: key,
                    valueIn: json.bytes,
                    range: event,
                    headers: anomalyHeaders
                )
            )
        }
        return Outputs(documentId: documentId, messages: messages, anomalies: processed.anomalies)
    }

    /// The input's DLQ copy (SPEC §2): key and value unchanged, its own headers kept, the error headers added.
    ///
    /// - Parameters:
    ///   - message: the input.
    ///   - error: why it is dead-lettered (`error-class` is its code).
    ///   - attempts: how many attempts were made.
    public func deadLetter(for message: InboundMessage, error: WorkerError, attempts: Int) -> OutboundMessage {
        let replaced: Set<String> = [
            HeaderNames.errorClass, HeaderNames.errorMessage, HeaderNames.sourceTopic, HeaderNames.sourcePartition,
            HeaderNames.sourceOffset, HeaderNames.attempts,
        ]
        // Keep the input's headers (content-type, source-url, traceparent…) so a replay is the same input; drop
        // error headers of an earlier dead-lettering so a replayed letter carries only the latest verdict.
        var headers = message.headers.filter { !replaced.contains($0.name.lowercased()) }
        headers += [
            MessageHeader(name: HeaderNames.errorClass, string: error.code.rawValue),
            MessageHeader(name: HeaderNames.errorMessage, string: Self.oneLine(error.message)),
            MessageHeader(name: HeaderNames.sourceTopic, string: message.topic),
            MessageHeader(name: HeaderNames.sourcePartition, string: String(message.partition)),
            MessageHeader(name: HeaderNames.sourceOffset, string: String(message.offset)),
            MessageHeader(name: HeaderNames.attempts, string: String(attempts)),
        ]
        return OutboundMessage(topic: topics.dlq, key: message.key, value: message.value, headers: headers)
    }

    /// The same dead letter without its value, for when the broker refuses the unchanged copy as too large.
    ///
    /// SPEC §3: a message that cannot be processed never blocks its partition. The letter still names the input
    /// (`source-topic`, `source-partition`, `source-offset`), and `dlq-value-omitted` gives the omitted size, so
    /// an operator can fetch the original from the raw topic while its retention keeps it.
    public func withoutValue(_ letter: OutboundMessage) -> OutboundMessage {
        var stub = letter
        stub.headers.removeAll { $0.name == HeaderNames.valueOmitted }
        stub.headers.append(MessageHeader(name: HeaderNames.valueOmitted, string: String(letter.valueCount)))
        stub.value = []
        return stub
    }

    private static let recordContentType = MessageHeader(name: HeaderNames.contentType, string: MediaTypes.record)
    private static let anomalyContentType = MessageHeader(name: HeaderNames.contentType, string: MediaTypes.anomaly)

    /// The input's W3C trace context headers (`traceparent`, `tracestate`), to copy onto every output.
    public static func traceHeaders(of message: InboundMessage) -> [MessageHeader] {
        message.headers.filter {
            let name = $0.name.lowercased()
            return name == HeaderNames.traceparent || name == HeaderNames.tracestate
        }
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// Header values are one line, at most 1000 bytes' worth of characters.
    private static func oneLine(_ text: String) -> String {
        var line = String(text.map { $0.isNewline ? " " : $0 })
        if line.utf8.count > 1000 {
            line = String(line.prefix(300)) + "…"
        }
        return line
    }
}
