import DisclosureCore
import DisclosureWorker
import Logging
import Testing

/// Measuring the consumer lag asks the broker for every partition's end, one round trip each; against the dev
/// broker (48 partitions, each query behind the fetch long-poll) that took ~20 s. Found by `scripts/reliability`
/// (scenario term): the committer awaited that measurement inline, so commits stopped for ~20 s out of every 25 (more
/// redelivered duplicates after a crash), and SIGTERM took ~20 s, because shutdown waited for it too.
///
/// The time limit only catches a hang (the test takes ~6 s): under AddressSanitizer, with every suite running in
/// parallel on a two-thread cooperative pool, it once finished only when the whole run did (92 s).
@Suite(.timeLimit(.minutes(3)))
struct SupervisorLagTests {
    /// A ``FakeSource`` whose end-offset query never answers until it is cancelled.
    final class SlowLagSource: InputSource {
        let inner = FakeSource()
        let queried = AsyncStream<Void>.makeStream()

        func next() async throws -> InputEvent? { try await inner.next() }
        func store(_ positions: [TopicPartition: Int64]) throws { try inner.store(positions) }
        func commit() async throws { try await inner.commit() }
        func pause(_ partitions: [TopicPartition]) throws { try inner.pause(partitions) }
        func resume(_ partitions: [TopicPartition]) throws { try inner.resume(partitions) }
        func close() async { await inner.close() }

        func endOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
            queried.continuation.yield()
            // A broker that does not answer: only cancellation ends the wait.
            try await Task.sleep(for: .seconds(3600))
            return [:]
        }
    }

    @Test func commitsGoOnAndShutdownEndsWhileTheLagQueryHangs() async throws {
        let source = SlowLagSource()
        let configuration = SupervisorTests.configuration()
        let supervisor = Supervisor(
            source: source,
            sink: FakeSink(),
            planner: OutputPlanner(topics: configuration.topics, processor: DisclosureProcessor()),
            configuration: configuration,
            metrics: WorkerMetrics(),
            health: WorkerHealth(configuration: configuration.health),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let partition = TopicPartition(topic: SupervisorTests.topic, partition: 0)
        let outcome = try await SupervisorTests.run(supervisor) {
            source.inner.send(.assigned([partition]))
            source.inner.send(
                .message(SupervisorTests.input(partition: 0, offset: 0, value: SupervisorTests.document(0)))
            )
            await source.inner.waitForCommitted(partition, 1)
            // The lag measurement has started and hangs from now on.
            var queries = source.queried.stream.makeAsyncIterator()
            _ = await queries.next()
            source.inner.send(
                .message(SupervisorTests.input(partition: 0, offset: 1, value: SupervisorTests.document(1)))
            )
            await source.inner.waitForCommitted(partition, 2)
        }
        #expect(throws: Never.self) { try outcome.get() }
        #expect(source.inner.closed)
    }
}
