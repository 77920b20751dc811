/// The whole core in one call: decode → classify → parse → validate → JSON. What `parse` and the worker both run.
public struct DisclosureProcessor: Sendable {
    /// Decoding limits and options.
    public var decoder: DocumentDecoder
    /// Refuses readable documents that are not disclosures.
    public var classifier: DisclosureClassifier
    /// The parser.
    public var parser: DisclosureParser
    /// The rules.
    public var rules: RuleEngine

    /// Creates a processor.
    public init(
        decoder: DocumentDecoder = DocumentDecoder(),
        classifier: DisclosureClassifier = DisclosureClassifier(),
        parser: DisclosureParser = DisclosureParser(),
        rules: RuleEngine = RuleEngine()
    ) {
        self.decoder = decoder
        self.classifier = classifier
        self.parser = parser
        self.rules = rules
    }

    /// Processes one raw input.
    ///
    /// - Throws: ``DisclosureError`` for input that cannot be read (never for findings).
    public func process(_ raw: RawDocument) throws(DisclosureError) -> ProcessedDocument {
        let decoded = try decoder.decode(raw)
        try classifier.check(decoded)
        // The parser's one pass over the text found the text rules' patterns too.
        let (record, text, cues) = parser.parseWithCues(decoded)
        let (anomalies, offsets) = rules.evaluateWithOffsets(record, text: text, textIndex: cues.rules)
        return ProcessedDocument(record: record, anomalies: anomalies, text: text, scalarOffsets: offsets)
    }
}

/// The outcome of processing one input.
public struct ProcessedDocument: Sendable {
    /// The normalized record.
    public var record: DisclosureRecord
    /// One entry per finding.
    public var anomalies: [Anomaly]
    /// The normalized text the record's spans point into.
    public var text: NormalizedText
    /// The scalar offsets of ``text`` when the rules built them: the record's sections' offsets are looked up in
    /// them rather than counted again (used only while they describe ``text``'s bytes).
    var scalarOffsets: ScalarOffsets?

    /// Creates the outcome of processing one input.
    public init(record: DisclosureRecord, anomalies: [Anomaly], text: NormalizedText) {
        self.init(record: record, anomalies: anomalies, text: text, scalarOffsets: nil)
    }

    /// Creates the outcome of processing one input, with the scalar offsets of `text` the rules built.
    init(record: DisclosureRecord, anomalies: [Anomaly], text: NormalizedText, scalarOffsets: ScalarOffsets?) {
        self.record = record
        self.anomalies = anomalies
        self.text = text
        self.scalarOffsets = scalarOffsets
    }

    /// ``scalarOffsets`` if they are those of ``text``.
    private var offsets: ScalarOffsets? { scalarOffsets.flatMap { $0.describes(text) ? $0 : nil } }

    /// The record's JSON bytes (SPEC §4), written straight into one buffer (``JSONWriter``).
    public func recordJSON() -> [UInt8] {
        RecordJSON.bytes(record, text: text, offsets: offsets)
    }

    /// Each anomaly's JSON bytes (SPEC §5), in order.
    public func anomalyJSON() -> [[UInt8]] {
        AnomalyJSON.lines(anomalies)
    }

    /// The record's and each anomaly's JSON bytes, written into one buffer: what the worker publishes for the input.
    /// The same bytes as ``recordJSON()`` and ``anomalyJSON()``.
    public func outputJSON() -> OutputJSON {
        // Written straight into the array the messages are cut from: no copy of the ~25 KB of a 10 KB document's
        // outputs.
        let offsets = offsets
        let (bytes, ranges) = JSONWriter.array(
            capacity: RecordJSON.capacity(text) + AnomalyJSON.capacity(anomalies)
        ) { writer in
            RecordJSON.write(record, text: text, offsets: offsets, to: &writer)
            let record = 0..<writer.written
            return (record, AnomalyJSON.writeLines(anomalies, to: &writer))
        }
        return OutputJSON(bytes: bytes, record: ranges.0, events: ranges.1)
    }

    /// The `parse` command's line: `{"record": …, "anomalies": […]}` (SPEC §7).
    public func parseLine() -> [UInt8] {
        var writer = JSONWriter(
            capacity: 4096 + min(text.bytes.count, 65536) + AnomalyJSON.capacity(anomalies)
        )
        writer.openObject()
        writer.key("record")
        RecordJSON.write(record, text: text, offsets: offsets, to: &writer)
        writer.key("anomalies")
        writer.openArray()
        anomalies.withUnsafeBufferPointer { anomalies in
            guard let first = anomalies.baseAddress else { return }
            var run = AnomalyJSON.EventRun()
            for index in anomalies.indices { run.write(first + index, to: &writer) }
        }
        writer.closeArray()
        writer.closeObject()
        return writer.bytes
    }
}
