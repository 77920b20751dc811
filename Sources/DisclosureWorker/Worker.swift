public import DisclosureCore
import DisclosureKafka
import DisclosurePDF
import Foundation
public import Logging
public import ServiceLifecycle
public import UnixSignals

/// A built worker: its services in one ``ServiceGroup``, and handles on what tests and operators look at.
public struct Worker: Sendable {
    /// The pipeline.
    public let supervisor: Supervisor
    /// The `/metrics`, `/healthz`, `/readyz` endpoint, when enabled.
    public let metricsServer: MetricsServer?
    /// The metrics.
    public let metrics: WorkerMetrics
    /// Liveness and readiness.
    public let health: WorkerHealth
    /// The group that runs the services and turns SIGTERM/SIGINT into graceful shutdown.
    public let serviceGroup: ServiceGroup

    /// Runs until graceful shutdown (exit 0) or a fatal error (thrown).
    public func run() async throws { try await serviceGroup.run() }

    /// Starts a graceful shutdown, as SIGTERM would.
    public func triggerGracefulShutdown() async { await serviceGroup.triggerGracefulShutdown() }
}

/// The composition root: builds the worker's object graph from its configuration. `run` and the tests call it.
///
/// - Parameters:
///   - configuration: the loaded configuration.
///   - logger: the logger every part logs to.
///   - gracefulShutdownSignals: the signals that start a graceful shutdown (none in tests that share a process).
/// - Returns: the worker, not yet running.
/// - Throws: ``ConfigurationError`` for an unreadable rules file; `KafkaError` when librdkafka rejects a setting.
public func buildWorker(
    configuration: WorkerConfiguration,
    logger: Logger,
    gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]
) throws -> Worker {
    let processor = try makeProcessor(configuration: configuration)
    let consumer = try KafkaConsumer(configuration: configuration.kafka.clientConfiguration, logger: logger)
    try consumer.subscribe(topics: [configuration.topics.raw])
    let producer = try KafkaProducer(configuration: configuration.kafka.clientConfiguration, logger: logger)
    let metrics = WorkerMetrics()
    let health = WorkerHealth(configuration: configuration.health)
    let supervisor = Supervisor(
        source: KafkaInputSource(consumer: consumer),
        sink: KafkaOutputSink(producer: producer),
        planner: OutputPlanner(topics: configuration.topics, processor: processor),
        configuration: configuration,
        metrics: metrics,
        health: health,
        logger: logger
    )
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
    var metricsServer: MetricsServer?
    if configuration.metrics.enabled {
        let server = MetricsServer(
            host: configuration.metrics.host,
            port: configuration.metrics.port,
            metrics: metrics,
            health: health,
            logger: logger
        )
        metricsServer = server
        // Listed first so it shuts down last: probes keep answering while the pipeline drains.
        services.append(.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup))
    }
    services.append(.init(service: supervisor, successTerminationBehavior: .gracefullyShutdownGroup))
    var groupConfiguration = ServiceGroupConfiguration(
        services: services,
        gracefulShutdownSignals: gracefulShutdownSignals,
        logger: logger
    )
    groupConfiguration.maximumGracefulShutdownDuration = .milliseconds(configuration.shutdown.gracePeriodMs)
    return Worker(
        supervisor: supervisor,
        metricsServer: metricsServer,
        metrics: metrics,
        health: health,
        serviceGroup: ServiceGroup(configuration: groupConfiguration)
    )
}

/// The core with the configured input limit and rules file.
///
/// - Throws: ``ConfigurationError`` naming `rules.file` when the file cannot be read or is invalid.
public func makeProcessor(configuration: WorkerConfiguration) throws -> DisclosureProcessor {
    var limits = InputLimits()
    limits.maximumBytes = configuration.limits.maxDocumentBytes
    var rules = RuleEngine()
    if let file = configuration.rules.file {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: "rules.file", origin: file, message: "cannot read the file")
        }
        do {
            rules = RuleEngine(configuration: try RulesConfiguration(yaml: text))
        } catch {
            throw ConfigurationError(key: "rules.file", origin: file, message: "\(error)")
        }
    }
    // PDF input is read in process through poppler (DisclosurePDF); the core itself stays free of it.
    return DisclosureProcessor(
        decoder: DocumentDecoder(limits: limits, pdfTextSource: PDFTextExtractor()),
        rules: rules
    )
}
