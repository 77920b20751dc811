public import DisclosureCore
public import Prometheus
import Synchronization

/// The worker's Prometheus metrics, on a registry of its own (no global bootstrap, so tests build as many workers
/// as they like).
///
/// | metric | type | labels |
/// |---|---|---|
/// | `disclosure_documents_processed_total` | counter | |
/// | `disclosure_documents_failed_total` | counter | `reason`: input, transient, unexpected, fatal |
/// | `disclosure_documents_dead_lettered_total` | counter | `class`: the DLQ error class |
/// | `disclosure_anomalies_total` | counter | `rule`, `severity` |
/// | `disclosure_processing_duration_seconds` | histogram | |
/// | `disclosure_in_flight` | gauge | |
/// | `disclosure_partition_backlog` | gauge | `topic`, `partition`: fetched, not finished |
/// | `disclosure_consumer_lag` | gauge | `topic`, `partition`: last fetched offset's distance to the partition end |
/// | `disclosure_retries_total` | counter | |
/// | `disclosure_commits_total` | counter | `result`: ok, error |
public final class WorkerMetrics: Sendable {
    /// The registry the metrics live in; ``MetricsServer`` renders it at `/metrics`.
    public let registry: PrometheusCollectorRegistry
    private let processed: Counter
    private let retries: Counter
    private let inFlight: Gauge
    private let duration: DurationHistogram
    private let processingCPU: Counter
    /// Labelled series already made, by their labels: the registry validates names and labels and looks the series
    /// up under its lock on every `make…` call, which cost more per input than the counting (13 anomaly events
    /// and two backlog updates per input).
    private let anomalyCounters = Mutex<[AnomalyLabel: Counter]>([:])
    private let backlogGauges = Mutex<[TopicPartition: Gauge]>([:])
    private let lagGauges = Mutex<[TopicPartition: Gauge]>([:])

    /// The labels of one anomaly counter: what the worker keeps of an anomaly once its event is queued.
    public struct AnomalyLabel: Hashable, Sendable {
        /// The rule id.
        public var rule: String
        /// The severity.
        public var severity: Anomaly.Severity

        /// Creates the labels.
        public init(rule: String, severity: Anomaly.Severity) {
            self.rule = rule
            self.severity = severity
        }

        /// The labels of `anomaly`.
        public init(_ anomaly: Anomaly) {
            self.init(rule: anomaly.ruleId, severity: anomaly.severity)
        }
    }

    /// Creates the metrics on `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        processed = registry.makeCounter(
            descriptor: Self.descriptor(
                "disclosure_documents_processed_total",
                "Inputs whose record and anomaly events were acknowledged."
            )

        )
        retries = registry.makeCounter(
            descriptor: Self.descriptor("disclosure_retries_total", "Attempts retried after a transient fault.")

        )
        inFlight = registry.makeGauge(
            descriptor: Self.descriptor("disclosure_in_flight", "Inputs being processed now.")
        )
        duration = registry.makeDurationHistogram(
            descriptor: Self.descriptor(
                "disclosure_processing_duration_seconds",
                "Time from taking an input to its outputs' acknowledgement."
            ),
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
            ]

        )
        processingCPU = registry.makeCounter(
            descriptor: Self.descriptor(
                "disclosure_processing_cpu_seconds_total",
                "CPU time the processing tasks spent in the core: decode, parse, rules and output JSON. The "
                    + "thread's CPU clock, read by system call after each context switch and by the monotonic "
                    + "clock in between, which also counts hypervisor steal and interrupts within a run."
            )
        )
    }

    /// Consecutive anomalies with the same labels: one counter lookup for the run.
    public struct AnomalyRun: Sendable, Equatable {
        /// The labels.
        public var label: AnomalyLabel
        /// How many anomalies in a row carry them.
        public var count: Int

        /// Creates a run.
        public init(label: AnomalyLabel, count: Int) {
            self.label = label
            self.count = count
        }
    }

    /// The runs of equal labels in `anomalies`, in order. The core reports a rule's findings together: a 10 KB
    /// document's ~24 events are about five runs (20 `parse.unrecognized` in one), so the counters are looked up
    /// (rule id hashed, under the lock) five times instead of 24.
    public static func runs(of anomalies: [Anomaly]) -> [AnomalyRun] {
        var runs: [AnomalyRun] = []
        for anomaly in anomalies {
            if let last = runs.indices.last, runs[last].label.severity == anomaly.severity,
                runs[last].label.rule == anomaly.ruleId
            {
                runs[last].count += 1
            } else {
                runs.append(AnomalyRun(label: AnomalyLabel(anomaly), count: 1))
            }
        }
        return runs
    }

    /// An input was processed and its outputs acknowledged.
    public func documentProcessed(anomalies: [Anomaly], duration elapsed: Duration) {
        documentProcessed(anomalyRuns: Self.runs(of: anomalies), duration: elapsed)
    }

    /// An input was processed and its outputs acknowledged; `anomalies` are its events' labels.
    public func documentProcessed(anomalies: [AnomalyLabel], duration elapsed: Duration) {
        documentProcessed(anomalyRuns: anomalies.map { AnomalyRun(label: $0, count: 1) }, duration: elapsed)
    }

    /// An input was processed and its outputs acknowledged; `anomalyRuns` are its events' labels, run by run.
    public func documentProcessed(anomalyRuns: [AnomalyRun], duration elapsed: Duration) {
        processed.increment()
        duration.record(elapsed)
        guard !anomalyRuns.isEmpty else { return }
        anomalyCounters.withLock { counters in
            for run in anomalyRuns {
                if let counter = counters[run.label] {
                    counter.increment(by: Int64(run.count))
                    continue
                }
                let counter = registry.makeCounter(
                    descriptor: Self.descriptor(
                        "disclosure_anomalies_total",
                        "Anomaly events published, by rule and severity."
                    ),
                    labels: [("rule", run.label.rule), ("severity", run.label.severity.rawValue)]
                )
                counters[run.label] = counter
                counter.increment(by: Int64(run.count))
            }
        }
    }

    /// Adds the CPU time one attempt spent in the core (``OutputPlanner/outputs(for:)``), in nanoseconds of the
    /// thread's CPU clock (``ThreadCPUTime``, which says where it is an estimate): with the process's own CPU time it
    /// splits the worker's cost into the core and the rest (Kafka clients, scheduling, metrics), which is what
    /// `benchmarks/bench.py` reports.
    public func processingCPU(nanoseconds: UInt64) {
        processingCPU.increment(by: Double(nanoseconds) / 1e9)
    }

    /// An attempt failed.
    public func attemptFailed(_ kind: FailureKind) {
        let reason =
            switch kind {
            case .input: "input"
            case .transient: "transient"
            case .unexpected: "unexpected"
            case .fatal: "fatal"
            }
        registry.makeCounter(
            descriptor: Self.descriptor("disclosure_documents_failed_total", "Failed attempts, by kind of failure."),
            labels: [("reason", reason)]

        ).increment()
    }

    /// An input's DLQ copy was acknowledged.
    public func deadLettered(_ code: WorkerError.Code, duration elapsed: Duration) {
        duration.record(elapsed)
        registry.makeCounter(
            descriptor: Self.descriptor(
                "disclosure_documents_dead_lettered_total",
                "Inputs sent to the dead-letter topic, by error class."
            ),
            labels: [("class", code.rawValue)]

        ).increment()
    }

    /// An attempt will be retried.
    public func retried() { retries.increment() }

    /// The number of inputs in progress changed by `delta`.
    public func inFlightChanged(by delta: Int) {
        if delta >= 0 { inFlight.increment(by: Double(delta)) } else { inFlight.decrement(by: Double(-delta)) }
    }

    /// A partition's backlog (fetched, not finished) is now `count`.
    public func backlog(_ partition: TopicPartition, count: Int) {
        gauge(in: backlogGauges, partition) {
            registry.makeGauge(
                descriptor: Self.descriptor(
                    "disclosure_partition_backlog",
                    "Inputs fetched but not finished, per partition."
                ),
                labels: [("topic", partition.topic), ("partition", String(partition.partition))]
            )
        }.set(Double(count))
    }

    /// A partition's consumer lag is now `lag` messages.
    public func lag(_ partition: TopicPartition, _ lag: Int64) {
        gauge(in: lagGauges, partition) {
            registry.makeGauge(
                descriptor: Self.descriptor(
                    "disclosure_consumer_lag",
                    "Messages between the last fetched offset and the partition's end."
                ),
                labels: [("topic", partition.topic), ("partition", String(partition.partition))]
            )
        }.set(Double(lag))
    }

    /// The partition's gauge from `cache`, made once.
    private func gauge(
        in cache: borrowing Mutex<[TopicPartition: Gauge]>,
        _ partition: TopicPartition,
        make: () -> Gauge
    ) -> Gauge {
        cache.withLock { gauges in
            if let gauge = gauges[partition] { return gauge }
            let gauge = make()
            gauges[partition] = gauge
            return gauge
        }
    }

    /// A commit finished.
    public func committed(successfully: Bool) {
        registry.makeCounter(
            descriptor: Self.descriptor("disclosure_commits_total", "Offset commits, by result."),
            labels: [("result", successfully ? "ok" : "error")]

        ).increment()
    }

    /// A descriptor for a full metric name (the name carries its unit suffix, as Prometheus names do).
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// The registry in the Prometheus text format.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
