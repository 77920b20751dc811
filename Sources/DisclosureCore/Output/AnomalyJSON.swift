/// Turns an ``Anomaly`` into its published JSON form (SPEC §5), keys in contract order, with ``JSONWriter``.
public enum AnomalyJSON {
    /// The event's JSON bytes.
    public static func bytes(_ anomaly: Anomaly) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity(anomaly))
        write(anomaly, to: &writer)
        return writer.bytes
    }

    /// Room for the event's JSON: its keys, numbers and ids, plus its texts (counted in O(1) on native strings).
    static func capacity(_ anomaly: Anomaly) -> Int {
        var bytes = 512 + anomaly.message.utf8.count + anomaly.messageZh.utf8.count
        for evidence in anomaly.evidence { bytes += 64 + evidence.path.utf8.count + evidence.quoteUTF8Count }
        return bytes
    }

    /// Each event's JSON bytes, in order: the same bytes as ``bytes(_:)`` gives each, written into one buffer, with
    /// the members every event of a document repeats (`documentId`, `unit`, `fiscalYear`) rendered once.
    public static func lines(_ anomalies: [Anomaly]) -> [[UInt8]] {
        guard let first = anomalies.first else { return [] }
        let shared = DocumentMembers(first)
        var writer = JSONWriter(capacity: anomalies.reduce(0) { $0 + capacity($1) })
        var lines: [[UInt8]] = []
        lines.reserveCapacity(anomalies.count)
        // Read in place (a `for … in` over the array copies each event, retaining its ten strings).
        anomalies.withUnsafeBufferPointer { anomalies in
            for index in anomalies.indices {
                let start = writer.written
                writer.startDocument()
                write(anomalies[index], shared: shared, to: &writer)
                lines.append(writer.bytes(in: start..<writer.written))
            }
        }
        return lines
    }

    /// The members `documentId`, `unit` and `fiscalYear` of one document's events, rendered once.
    struct DocumentMembers {
        /// The document id rendered.
        let documentId: String
        /// The unit name rendered.
        let unitName: String?
        /// The fiscal year rendered.
        let fiscalYear: Int?
        /// `"documentId":…,"unit":{…},"fiscalYear":…`.
        let rendered: [UInt8]

        /// Renders the members of `anomaly`.
        init(_ anomaly: Anomaly) {
            documentId = anomaly.documentId
            unitName = anomaly.unitName
            fiscalYear = anomaly.fiscalYear
            var writer = JSONWriter(capacity: 128 + anomaly.documentId.utf8.count + (anomaly.unitName?.utf8.count ?? 0))
            writer.openObject()
            AnomalyJSON.writeDocumentMembers(anomaly, to: &writer)
            // Without the `{`.
            rendered = writer.bytes(in: 1..<writer.written)
        }

        /// Whether `anomaly` has these members' values.
        func matches(_ anomaly: Anomaly) -> Bool {
            anomaly.fiscalYear == fiscalYear && anomaly.documentId == documentId && anomaly.unitName == unitName
        }
    }

    /// Appends the event's JSON to `writer`. The key lists follow schemas/disclosure.anomaly.v1.schema.json's
    /// `required` lists, in order: `JSONOutputTests` checks that on every corpus document.
    static func write(_ anomaly: Anomaly, shared: DocumentMembers? = nil, to w: inout JSONWriter) {
        w.openObject()
        w.key("schema")
        w.string(Anomaly.schema)
        w.key("anomalyId")
        w.string(anomaly.anomalyId)
        if let shared, shared.matches(anomaly) {
            w.members(shared.rendered)
        } else {
            writeDocumentMembers(anomaly, to: &w)
        }
        w.key("ruleId")
        w.string(anomaly.ruleId)
        w.key("subject")
        w.string(anomaly.subject)
        w.key("severity")
        // The raw values, spelled out as static text: no `String` made and scanned per event.
        switch anomaly.severity {
        case .info: w.plainString("info")
        case .warning: w.plainString("warning")
        case .error: w.plainString("error")
        }
        w.key("message")
        w.string(anomaly.message)
        w.key("messageZh")
        w.string(anomaly.messageZh)
        w.key("expected")
        w.number(anomaly.expected)
        w.key("actual")
        w.number(anomaly.actual)
        w.key("difference")
        w.number(anomaly.difference)
        w.key("tolerance")
        w.number(anomaly.tolerance)
        w.key("evidence")
        w.openArray()
        for evidence in anomaly.evidence {
            w.openObject()
            w.key("path")
            w.string(evidence.path)
            w.key("quote")
            evidence.withQuoteUTF8 { w.string(utf8: $0) }
            w.key("start")
            w.int(evidence.start)
            w.key("end")
            w.int(evidence.end)
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
    }

    /// `documentId`, `unit` and `fiscalYear`: what every event of a document repeats.
    private static func writeDocumentMembers(_ anomaly: Anomaly, to w: inout JSONWriter) {
        w.key("documentId")
        w.string(anomaly.documentId)
        w.key("unit")
        w.openObject()
        w.key("name")
        w.string(anomaly.unitName)
        w.closeObject()
        w.key("fiscalYear")
        w.int(anomaly.fiscalYear)
    }
}
