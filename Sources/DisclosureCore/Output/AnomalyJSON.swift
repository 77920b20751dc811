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
}
