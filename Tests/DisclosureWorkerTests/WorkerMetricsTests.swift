import DisclosureCore
import DisclosureWorker
import Testing

@Suite struct WorkerMetricsTests {
    private static func anomaly(_ rule: String, _ severity: Anomaly.Severity) -> Anomaly {
        Anomaly(
            anomalyId: "id",
            documentId: "doc",
            unitName: nil,
            fiscalYear: nil,
            ruleId: rule,
            subject: "s",
            severity: severity,
            message: "m",
            messageZh: "m",
            expected: nil,
            actual: nil,
            difference: nil,
            tolerance: nil,
            evidence: []
        )
    }

    @Test func consecutiveEqualLabelsFormOneRun() {
        let anomalies = [
            Self.anomaly("parse.unrecognized", .info), Self.anomaly("parse.unrecognized", .info),
            Self.anomaly("parse.unrecognized", .warning), Self.anomaly("sum.total", .error),
            Self.anomaly("parse.unrecognized", .info),
        ]
        let runs = WorkerMetrics.runs(of: anomalies)
        #expect(
            runs == [
                .init(label: .init(rule: "parse.unrecognized", severity: .info), count: 2),
                .init(label: .init(rule: "parse.unrecognized", severity: .warning), count: 1),
                .init(label: .init(rule: "sum.total", severity: .error), count: 1),
                .init(label: .init(rule: "parse.unrecognized", severity: .info), count: 1),
            ]
        )
        #expect(WorkerMetrics.runs(of: []).isEmpty)
    }

    @Test func theAnomalyCounterCountsEveryEventOfARun() {
        let metrics = WorkerMetrics()
        let anomalies = [
            Self.anomaly("parse.unrecognized", .info), Self.anomaly("parse.unrecognized", .info),
            Self.anomaly("sum.total", .error), Self.anomaly("parse.unrecognized", .info),
        ]
        metrics.documentProcessed(anomalyRuns: WorkerMetrics.runs(of: anomalies), duration: .milliseconds(3))
        metrics.documentProcessed(anomalies: [Self.anomaly("sum.total", .error)], duration: .milliseconds(3))
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains(#"disclosure_anomalies_total{rule="parse.unrecognized",severity="info"} 3"#))
        #expect(text.contains(#"disclosure_anomalies_total{rule="sum.total",severity="error"} 2"#))
        #expect(text.contains("disclosure_documents_processed_total 2"))
    }
}
