/// Everything the worker can be told, as a tree of plain values with the SPEC's defaults.
///
/// Each leaf has a dotted key path (`kafka.bootstrapServers`) used in `config/worker.yaml`, in the environment
/// (`DISCLOSURE_` + the path in upper snake case: `DISCLOSURE_KAFKA_BOOTSTRAP_SERVERS`) and in `--set KEY=VALUE`
/// flags; ``ConfigurationLoader`` reads them in the order defaults < file < environment < flags. The keys, their
/// types, defaults and ranges are listed on each property and in ``ConfigurationKeys``.
public struct WorkerConfiguration: Sendable, Equatable {
    /// Connection to Kafka.
    public var kafka = Kafka()
    /// Topic names (SPEC §2 defaults).
    public var topics = Topics()
    /// Parallelism and back-pressure.
    public var concurrency = Concurrency()
    /// Retrying transient faults.
    public var retry = Retry()
    /// Input limits.
    public var limits = Limits()
    /// Graceful shutdown.
    public var shutdown = Shutdown()
    /// The Prometheus and health HTTP endpoint.
    public var metrics = Metrics()
    /// Liveness thresholds.
    public var health = Health()
    /// Rule configuration.
    public var rules = Rules()
    /// Logging.
    public var log = Log()

    /// Creates the default configuration.
    public init() {}

    /// Connection to Kafka (the librdkafka settings the worker uses, typed; everything else passes through).
    public struct Kafka: Sendable, Equatable {
        /// `kafka.bootstrapServers`: comma-separated `host:port` list. Default `localhost:9092`.
        public var bootstrapServers = "localhost:9092"
        /// `kafka.groupId`: the consumer group. Default `disclosure-worker`.
        public var groupId = "disclosure-worker"
        /// `kafka.clientId`: the client id shown to brokers. Default `disclosure-worker`.
        public var clientId = "disclosure-worker"
        /// `kafka.sessionTimeoutMs`: consumer group session timeout, 1000...3600000 ms. Default 45000.
        public var sessionTimeoutMs = 45_000
        /// `kafka.autoOffsetReset`: where a group without a committed offset starts, `earliest` or `latest`.
        /// Default `earliest` (a new worker processes the backlog).
        public var autoOffsetReset = OffsetReset.earliest
        /// `kafka.threadScheduling`: the Linux scheduling policy of the Kafka clients' own threads (librdkafka's and
        /// the delivery-report thread), `normal` or `batch` (`SCHED_BATCH`: a woken thread does not preempt a
        /// processing thread). Default `normal`.
        public var threadScheduling = ThreadScheduling.normal
        /// `kafka.properties.<name>`: any other librdkafka property, passed through as written. Default none.
        public var properties: [String: String] = [:]

        /// Creates the defaults.
        public init() {}
    }

    /// Where a group without a committed offset starts reading.
    public enum OffsetReset: String, Sendable, Equatable, CaseIterable {
        /// The oldest message still in the partition.
        case earliest
        /// Only messages published after the worker joined.
        case latest
    }

    /// How the Kafka clients' own threads are scheduled (Linux; neither needs a privilege).
    public enum ThreadScheduling: String, Sendable, Equatable, CaseIterable {
        /// `SCHED_OTHER`, as created: a woken thread preempts the running one at once.
        case normal
        /// `SCHED_BATCH`: a woken thread waits for the running one to block or use up its time slice.
        case batch
    }

    /// Topic names (SPEC §2).
    public struct Topics: Sendable, Equatable {
        /// `topics.raw`: the input topic. Default `disclosures.raw`.
        public var raw = "disclosures.raw"
        /// `topics.records`: normalized records. Default `disclosures.records`.
        public var records = "disclosures.records"
        /// `topics.anomalies`: anomaly events. Default `disclosures.anomalies`.
        public var anomalies = "disclosures.anomalies"
        /// `topics.dlq`: dead letters. Default `disclosures.dlq`.
        public var dlq = "disclosures.dlq"

        /// Creates the defaults.
        public init() {}
    }

    /// Parallelism and back-pressure.
    public struct Concurrency: Sendable, Equatable {
        /// `concurrency.workers`: inputs processed at the same time, across partitions, 1...1024. Default 4.
        /// One partition's inputs are processed one after another, so its outputs keep its order.
        public var workers = 4
        /// `concurrency.maxInFlightPerPartition`: inputs fetched but not finished, per partition, before the
        /// worker pauses fetching it (resumed at half), 1...100000. Default 256.
        ///
        /// Pausing drops what librdkafka has prefetched for the partition (it is fetched again on resume), and
        /// librdkafka hands a partition's records over in runs of up to `max.partition.fetch.bytes` (1 MiB: ~100
        /// inputs of 10 KB). At 64 nearly every run paused its partition, and the processing tasks waited for input
        /// a third of the time: 3,776 against 4,710 documents/s at 256 (12,000 × 10 KB, 64 partitions, 2026-11-28;
        /// 256 and 100000 could not be told apart). Memory stays bounded by ``maxQueuedBytes`` and the prefetch.
        public var maxInFlightPerPartition = 256
        /// `concurrency.maxUnacknowledgedPerPartition`: inputs of one partition whose outputs are queued with the
        /// producer and not yet acknowledged, 1...1024. Default 8. A partition hands out its next input as soon as
        /// the previous one's outputs are queued, up to this many, so that a processing task rarely finds nothing to
        /// do (it parked between inputs, and each park cost the next input ~70 µs of core) and several inputs' outputs
        /// share a produce request. Order holds whatever the value (see ``PartitionLaneStateMachine``); 1 waits for
        /// each input's acknowledgement before the next starts, as before.
        public var maxUnacknowledgedPerPartition = 8
        /// `concurrency.maxQueuedBytes`: bytes of fetched inputs waiting for a processing task, across partitions,
        /// past which the worker takes no more from the consumer until they fell to half (the next inputs wait in
        /// librdkafka's prefetch, `queued.max.messages.kbytes`), 65536...1073741824. Default 4 MiB: about 400 inputs
        /// of 10 KB or 20 of 200 KB, more than the processing tasks need; the prefetch (16 MiB) is what keeps them
        /// fed. 4 against 8 MiB, same binary, interleaved: 4,802 against 4,905 documents/s (within the rounds'
        /// spread) and a peak RSS of 123 against 136 MiB (12,000 × 10 KB, 2026-11-28). Until 2026-11-28 the bound
        /// paused the partitions instead, which dropped their prefetch (8 or 32 MiB cost 10 KB documents 15-20% of
        /// their throughput) and let 64 partitions of 200 KB documents hold ~170 inputs whatever the bound.
        public var maxQueuedBytes = 4 * 1024 * 1024

        /// Creates the defaults.
        public init() {}
    }

    /// Retrying transient faults (see ``RetryPolicy`` for the formula).
    public struct Retry: Sendable, Equatable {
        /// `retry.maxAttempts`: attempts per input, the first included, 1...100. Default 5.
        public var maxAttempts = 5
        /// `retry.initialBackoffMs`: delay after the first failure, 0...3600000 ms. Default 100.
        public var initialBackoffMs = 100
        /// `retry.maxBackoffMs`: the largest delay, 0...3600000 ms. Default 10000.
        public var maxBackoffMs = 10_000
        /// `retry.multiplier`: growth per failure, 1...10. Default 2.
        public var multiplier = 2.0
        /// `retry.jitter`: fraction of each delay removed at random, 0...1. Default 0.2.
        public var jitter = 0.2

        /// Creates the defaults.
        public init() {}

        /// The policy these settings describe.
        public var policy: RetryPolicy {
            RetryPolicy(
                maximumAttempts: maxAttempts,
                initialBackoff: .milliseconds(initialBackoffMs),
                maximumBackoff: .milliseconds(maxBackoffMs),
                multiplier: multiplier,
                jitter: jitter
            )
        }
    }

    /// Input limits.
    public struct Limits: Sendable, Equatable {
        /// `limits.maxDocumentBytes`: the largest raw input; larger ones go to the DLQ as `too-large`,
        /// 1...1073741824. Default 8388608 (8 MiB).
        public var maxDocumentBytes = 8 * 1024 * 1024

        /// Creates the defaults.
        public init() {}
    }

    /// Graceful shutdown.
    public struct Shutdown: Sendable, Equatable {
        /// `shutdown.gracePeriodMs`: how long SIGTERM/SIGINT may take to drain, flush and commit before the worker
        /// is cancelled, 0...3600000 ms. Default 30000.
        public var gracePeriodMs = 30_000

        /// Creates the defaults.
        public init() {}
    }

    /// The HTTP endpoint for `/metrics`, `/healthz` and `/readyz`.
    public struct Metrics: Sendable, Equatable {
        /// `metrics.enabled`: whether to serve it. Default true.
        public var enabled = true
        /// `metrics.host`: the address to listen on. Default `0.0.0.0`.
        public var host = "0.0.0.0"
        /// `metrics.port`: the port, 0...65535 (0: any free port, logged at start). Default 9464.
        public var port = 9464

        /// Creates the defaults.
        public init() {}
    }

    /// Liveness thresholds for `/healthz`.
    public struct Health: Sendable, Equatable {
        /// `health.pollStallMs`: the poll loop must make progress within this, 100...3600000 ms. Default 30000.
        public var pollStallMs = 30_000
        /// `health.processingStallMs`: with work waiting, the processing loop must finish an input within this,
        /// 100...3600000 ms. Default 120000.
        public var processingStallMs = 120_000

        /// Creates the defaults.
        public init() {}
    }

    /// Rule configuration.
    public struct Rules: Sendable, Equatable {
        /// `rules.file`: a YAML file of rule settings for the core (severity overrides, tolerances); must exist
        /// when set. Default none (the core's built-in settings).
        public var file: String?

        /// Creates the defaults.
        public init() {}
    }

    /// Logging.
    public struct Log: Sendable, Equatable {
        /// `log.level`: `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`. Default `info`.
        public var level = "info"
        /// `log.format`: `json` (one object per line) or `text`. Default `json`.
        public var format = LogFormat.json

        /// Creates the defaults.
        public init() {}
    }

    /// How log lines are written.
    public enum LogFormat: String, Sendable, Equatable, CaseIterable {
        /// One JSON object per line.
        case json
        /// swift-log's plain text.
        case text
    }
}
