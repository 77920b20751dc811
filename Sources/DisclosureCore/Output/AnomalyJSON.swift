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
        for evidence in anomaly.evidence { bytes += 64 + evidence.path.utf8.count + evidence.quote.utf8.count }
        return bytes
    }

    /// Appends the event's JSON to `writer`. The key lists follow schemas/disclosure.anomaly.v1.schema.json's
    /// `required` lists, in order: `JSONOutputTests` checks that on every corpus document.
    static func write(_ anomaly: Anomaly, to w: inout JSONWriter) {
        w.openObject()
        w.key("schema")
        w.string(Anomaly.schema)
        w.key("anomalyId")
        w.string(anomaly.anomalyId)
        w.key("documentId")
        w.string(anomaly.documentId)
        w.key("unit")
        w.openObject()
        w.key("name")
        w.string(anomaly.unitName)
        w.closeObject()
        w.key("fiscalYear")
        w.int(anomaly.fiscalYear)
        w.key("ruleId")
        w.string(anomaly.ruleId)
        w.key("subject")
        w.string(anomaly.subject)
        w.key("severity")
        w.string(anomaly.severity.rawValue)
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
            w.string(evidence.quote)
            w.key("start")
            w.int(evidence.start)
            w.key("end")
            w.int(evidence.end)
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
    }
}
