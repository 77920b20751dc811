/// Turns an ``Anomaly`` into its published JSON form (SPEC §5), keys in contract order.
public enum AnomalyJSON {
    /// The event as JSON.
    public static func encode(_ anomaly: Anomaly) -> JSONValue {
        .object([
            ("schema", .string(Anomaly.schema)),
            ("anomalyId", .string(anomaly.anomalyId)),
            ("documentId", .string(anomaly.documentId)),
            ("unit", .object([("name", .text(anomaly.unitName))])),
            ("fiscalYear", anomaly.fiscalYear.map { .int($0) } ?? .null),
            ("ruleId", .string(anomaly.ruleId)),
            ("subject", .string(anomaly.subject)),
            ("severity", .string(anomaly.severity.rawValue)),
            ("message", .string(anomaly.message)),
            ("messageZh", .string(anomaly.messageZh)),
            ("expected", anomaly.expected.map { .number($0) } ?? .null),
            ("actual", anomaly.actual.map { .number($0) } ?? .null),
            ("difference", anomaly.difference.map { .number($0) } ?? .null),
            ("tolerance", anomaly.tolerance.map { .number($0) } ?? .null),
            (
                "evidence",
                .array(
                    anomaly.evidence.map {
                        .object([
                            ("path", .string($0.path)),
                            ("quote", .string($0.quote)),
                            ("start", .int($0.start)),
                            ("end", .int($0.end)),
                        ])
                    }
                )
            ),
        ])
    }
    /// Appends the event's JSON to `writer`: the same bytes as `encode(anomaly).serialized()`, without the tree.
    /// Keep the two in step: `JSONWriterTests` compares them on every corpus document.
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
