import DisclosureWorker
import Logging
import ServiceLifecycle
import Testing

/// The metrics server must end when its service group is cancelled. Found by `scripts/reliability` (scenario
/// produce-errors): the supervisor stopped with "cannot write the dead letter", the group cancelled the metrics
/// server, which kept awaiting its channel's close (a NIO future ignores cancellation), so `disclosure-worker run`
/// never exited with its error and never got restarted.
@Suite(.timeLimit(.minutes(1)))
struct MetricsServerCancellationTests {
    struct Stopped: Error {}

    /// Fails once the metrics server listens, as the supervisor does when it stops.
    struct FailingService: Service {
        let server: MetricsServer

        func run() async throws {
            _ = await server.port()
            throw Stopped()
        }
    }

    @Test func aFailingServiceEndsTheGroupWhileTheMetricsServerRuns() async throws {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = MetricsServer(
            host: "127.0.0.1",
            port: 0,
            metrics: WorkerMetrics(),
            health: WorkerHealth(configuration: WorkerConfiguration().health),
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: server), .init(service: FailingService(server: server))],
                logger: logger
            )
        )
        await #expect(throws: Stopped.self) { try await group.run() }
    }
}
