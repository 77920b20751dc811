import DisclosureCore
import DisclosureWorker
import Logging
import Synchronization
import Testing

/// A partition running ahead of its acknowledgements (`concurrency.maxUnacknowledgedPerPartition`), against a sink
/// that keeps the order of its queue as a Kafka producer does: order, exactly-once without faults, and SPEC §3 when a
/// delivery fails while later inputs of the partition are already queued.
@Suite(.timeLimit(.minutes(1)))
struct SupervisorRunAheadTests {
    static let topic = SupervisorTests.topic

    static func makeSupervisor(
        _ source: FakeSource,
        _ sink: QueueingSink,
        workers: Int = 2,
        runAhead: Int = 4,
        metrics: WorkerMetrics = WorkerMetrics()
    ) -> Supervisor {
        var configuration = SupervisorTests.configuration(workers: workers)
        configuration.concurrency.maxUnacknowledgedPerPartition = runAhead
        return Supervisor(
            source: source,
            sink: sink,
            planner: OutputPlanner(topics: configuration.topics, processor: DisclosureProcessor()),
            configuration: configuration,
            metrics: metrics,
            health: WorkerHealth(configuration: configuration.health),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            random: { 0.5 }
        )
    }

    /// Inputs of `partitions` partitions, `count` each, and where each document id came from.
    static func inputs(partitions: Int32, count: Int64) -> (messages: [InboundMessage], origins: InputOrigins) {
        var messages: [InboundMessage] = []
        var origins = InputOrigins()
        for offset in 0..<count {
            for partition in 0..<partitions {
                let value = SupervisorTests.document(Int(partition) * 1000 + Int(offset))
                origins.byDocument[RawDocument(bytes: value).contentDocumentId] = InputPosition(partition, offset)
                messages.append(SupervisorTests.input(partition: partition, offset: offset, value: value))
            }
        }
        return (messages, origins)
    }

    @Test func withoutFaultsEveryOutputIsPublishedOnceAndInPartitionOrder() async throws {
        let (messages, origin) = Self.inputs(partitions: 3, count: 20)
        let source = FakeSource()
        let sink = QueueingSink()
        let supervisor = Self.makeSupervisor(source, sink, workers: 3)
        let partitions = (0..<3).map { TopicPartition(topic: Self.topic, partition: $0) }
        source.send(.assigned(partitions))
        for message in messages { source.send(.message(message)) }
        let outcome = try await SupervisorTests.run(supervisor) {
            await supervisor.waitForFinishedInputs(60)
        }
        try outcome.get()
        let copies = try sink.copies(origin)
        #expect(copies.count == 60)
        for partition in Int32(0)..<3 {
            #expect(copies.filter { $0.input.partition == partition }.map(\.input.offset) == Array(0..<20))
        }
        #expect(source.committed == Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(20)) }))
    }

    /// One processing task takes a few inputs in a row from one partition (their outputs then share the producer's
    /// requests), then goes on to the other partition: runs of more than one, and never more than
    /// `Supervisor.inputsInARowPerLane`, with every input published once and in its partition's order.
    @Test func aTaskTakesAFewInputsInARowFromOnePartition() async throws {
        let (messages, origin) = Self.inputs(partitions: 2, count: 12)
        let source = FakeSource()
        let sink = QueueingSink()
        let supervisor = Self.makeSupervisor(source, sink, workers: 1, runAhead: 8)
        source.send(.assigned((0..<2).map { TopicPartition(topic: Self.topic, partition: $0) }))
        for message in messages { source.send(.message(message)) }
        let outcome = try await SupervisorTests.run(supervisor) {
            await supervisor.waitForFinishedInputs(24)
        }
        try outcome.get()
        let copies = try sink.copies(origin)
        #expect(copies.count == 24)
        for partition in Int32(0)..<2 {
            #expect(copies.filter { $0.input.partition == partition }.map(\.input.offset) == Array(0..<12))
        }
        // Runs of consecutive copies from one partition. The inputs arrive alternating between the partitions (and
        // all of them long before the first is planned), so taking the lanes strictly in turn gives runs of one.
        var runs: [Int] = []
        var last: Int32?
        for copy in copies {
            if copy.input.partition == last {
                runs[runs.count - 1] += 1
            } else {
                runs.append(1)
                last = copy.input.partition
            }
        }
        #expect(runs.max() ?? 0 > 1, "runs \(runs)")
        #expect(runs.allSatisfy { $0 <= Supervisor.inputsInARowPerLane }, "runs \(runs)")
    }

    /// With every acknowledgement held, one partition queues `runAhead` inputs and no more; with one allowed, one.
    @Test(arguments: [1, 4])
    func aPartitionQueuesUpToItsLimitOfInputsAwaitingAcknowledgement(runAhead: Int) async throws {
        let (messages, origin) = Self.inputs(partitions: 1, count: 8)
        let source = FakeSource()
        let sink = QueueingSink(holding: true)
        let supervisor = Self.makeSupervisor(source, sink, runAhead: runAhead)
        source.send(.assigned([TopicPartition(topic: Self.topic, partition: 0)]))
        for message in messages { source.send(.message(message)) }
        let outcome = try await SupervisorTests.run(supervisor) {
            await sink.waitForHeld(runAhead)
            // Not a synchronization: a window in which a lane past its limit would queue more (it needs no
            // acknowledgement to do so). A bounded lane cannot, so this can only miss a regression.
            try? await Task.sleep(for: .milliseconds(300))
            #expect(sink.heldNow == runAhead)
            sink.stopHolding()
            await supervisor.waitForFinishedInputs(8)
        }
        try outcome.get()
        let copies = try sink.copies(origin)
        #expect(copies.map(\.input.offset) == Array(0..<8))
        #expect(sink.mostHeldAtOnce == runAhead)
    }

    /// Input 1's first delivery fails while 2 and 3 are queued behind it (acknowledged, out of order): 1's retry lands
    /// after them, so they publish again. What the output shows: every copy of an input byte-identical, the last copies
    /// in offset order, nothing lost, and no commit past an input whose final copy was still to come.
    @Test func aFailedDeliveryBehindWhichInputsWereQueuedKeepsTheLastCopiesInOrder() async throws {
        let (messages, origin) = Self.inputs(partitions: 1, count: 8)
        let failing = try #require(origin.byDocument.first { $0.value.offset == 1 }?.key)
        let sink = QueueingSink(holding: true, failingOnce: [failing])
        // Each store: the log's length then, and the position stored.
        let stores = Mutex<[(logLength: Int, position: Int64)]>([])
        let source = FakeSource { positions in
            let length = sink.logLength
            stores.withLock { stores in
                for position in positions.values { stores.append((length, position)) }
            }
        }
        let supervisor = Self.makeSupervisor(source, sink, runAhead: 4)
        let partition = TopicPartition(topic: Self.topic, partition: 0)
        source.send(.assigned([partition]))
        for message in messages { source.send(.message(message)) }
        let outcome = try await SupervisorTests.run(supervisor) {
            // 0 to 3 queued, none acknowledged; 1's delivery will fail.
            await sink.waitForHeld(4)
            sink.stopHolding(reversed: true)
            await supervisor.waitForFinishedInputs(8)
        }
        try outcome.get()
        let copies = try sink.copies(origin)
        // The last copies, in offset order, one per input.
        var seen: Set<Int64> = []
        let lastCopies = copies.reversed().filter { seen.insert($0.input.offset).inserted }.reversed()
        #expect(lastCopies.map(\.input.offset) == Array(0..<8))
        // 2 was delivered before 1's retry: it was published again after it.
        #expect(copies.count(where: { $0.input.offset == 2 }) >= 2)
        // Every copy of an input is byte-identical.
        for offset in Int64(0)..<8 {
            let all = copies.filter { $0.input.offset == offset }.map { $0.messages.map(\.value) }
            #expect(Set(all).count == 1, "input \(offset)")
        }
        #expect(source.committed[partition] == 8)
        // No store passed an input whose final copy came after it.
        let log = sink.log
        for store in stores.withLock({ $0 }) {
            for index in store.logLength..<log.count {
                let offset = try #require(origin.source(of: log[index].message)).offset
                #expect(offset >= store.position, "input \(offset) published after position \(store.position)")
            }
            for offset in 0..<store.position {
                #expect(log[..<store.logLength].contains { origin.source(of: $0.message)?.offset == offset })
            }
        }
    }

    /// Bad input's DLQ copy is queued in the lane's order, like outputs: the inputs behind it need not publish again.
    @Test func aDeadLetterTakesItsPlaceInTheLaneWithoutRepublishing() async throws {
        var (messages, origin) = Self.inputs(partitions: 1, count: 6)
        messages[2] = SupervisorTests.input(partition: 0, offset: 2, value: [0xFF, 0xFE])
        let source = FakeSource()
        let sink = QueueingSink()
        let supervisor = Self.makeSupervisor(source, sink, runAhead: 4)
        source.send(.assigned([TopicPartition(topic: Self.topic, partition: 0)]))
        for message in messages { source.send(.message(message)) }
        let outcome = try await SupervisorTests.run(supervisor) {
            await supervisor.waitForFinishedInputs(6)
        }
        try outcome.get()
        origin.byDocument = origin.byDocument.filter { $0.value.offset != 2 }
        let copies = try sink.copies(origin)
        #expect(copies.map(\.input.offset) == Array(0..<6))
        #expect(copies[2].messages.first?.topic == "disclosures.dlq")
        #expect(source.committed[TopicPartition(topic: Self.topic, partition: 0)] == 6)
    }

    /// A revoke hands the inputs not started back and waits for the ones queued with the producer before it commits.
    @Test func aRevokeWaitsForTheInputsAwaitingAndCommitsThem() async throws {
        let (messages, origin) = Self.inputs(partitions: 1, count: 6)
        let source = FakeSource()
        let sink = QueueingSink(holding: true)
        let supervisor = Self.makeSupervisor(source, sink, runAhead: 4)
        let partition = TopicPartition(topic: Self.topic, partition: 0)
        source.send(.assigned([partition]))
        for message in messages { source.send(.message(message)) }
        let outcome = try await SupervisorTests.run(supervisor) {
            await sink.waitForHeld(4)
            source.send(.revoked([partition], lost: false))
            source.send(.assigned([]))
            // The revoke is taken (event 8) and waits: the next event is not asked for.
            await source.waitForEventsTaken(8)
            try? await Task.sleep(for: .milliseconds(100))
            #expect(source.taken == 8)
            sink.stopHolding(reversed: true)
            await source.waitForEventsTaken(9)
            #expect(source.commitsBeforeEvent[8] ?? 0 >= 1)
            #expect(source.committed[partition] == 4)
        }
        try outcome.get()
        let copies = try sink.copies(origin)
        #expect(copies.map(\.input.offset) == Array(0..<4))
        #expect(source.committed[partition] == 4)
    }

    /// A graceful shutdown hands the queue back and finishes the inputs awaiting, a repair included.
    @Test func shutdownFinishesTheInputsAwaitingAndTheirRepair() async throws {
        let (messages, origin) = Self.inputs(partitions: 1, count: 6)
        let failing = try #require(origin.byDocument.first { $0.value.offset == 0 }?.key)
        let source = FakeSource()
        let sink = QueueingSink(holding: true, failingOnce: [failing])
        let supervisor = Self.makeSupervisor(source, sink, runAhead: 4)
        let partition = TopicPartition(topic: Self.topic, partition: 0)
        source.send(.assigned([partition]))
        for message in messages { source.send(.message(message)) }
        let outcome = try await SupervisorTests.run(supervisor) {
            await sink.waitForHeld(4)
            // Released once the shutdown began.
            Task {
                try? await Task.sleep(for: .milliseconds(100))
                sink.stopHolding()
            }
        }
        try outcome.get()
        let copies = try sink.copies(origin)
        var seen: Set<Int64> = []
        let lastCopies = copies.reversed().filter { seen.insert($0.input.offset).inserted }.reversed()
        #expect(lastCopies.map(\.input.offset) == Array(0..<4))
        #expect(source.committed[partition] == 4)
    }
}

/// Where an input came from.
struct InputPosition: Hashable, Sendable {
    var partition: Int32
    var offset: Int64

    init(_ partition: Int32, _ offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
}

/// The inputs of a test by document id, to trace outputs back to them (DLQ copies by their source headers).
struct InputOrigins: Sendable {
    var byDocument: [String: InputPosition] = [:]

    func source(of message: OutboundMessage) -> InputPosition? {
        if message.topic == "disclosures.dlq" {
            let header = { (name: String) in message.headers.first { $0.name == name }?.stringValue }
            guard let partition = header("source-partition").flatMap({ Int32($0) }),
                let offset = header("source-offset").flatMap({ Int64($0) })
            else { return nil }
            return InputPosition(partition, offset)
        }
        // Records and events are keyed by their document id.
        return message.key.map { String(decoding: $0, as: UTF8.self) }.flatMap { byDocument[$0] }
    }
}

/// An in-memory producer that keeps the order of its queue: each ``enqueue(_:)`` appends its messages to the log at
/// once (or, for a delivery that fails, nothing), and its acknowledgement comes at once or, while holding, when the
/// test lets it go. As an idempotent Kafka producer: what is queued later is written later, whatever the
/// acknowledgements. `callingBack`: its acknowledgements call back (``PublicationCompletion``), as the Kafka sink's
/// do; else they are awaited.
final class QueueingSink: OutputSink {
    struct Transient: RetryClassifiable {
        var isRetriable: Bool { true }
        var isFatal: Bool { false }
    }

    struct State {
        /// Delivered messages in queue order, with the queueing they came from.
        var log: [(batch: Int, message: OutboundMessage)] = []
        var batches = 0
        /// Document ids whose next delivery fails.
        var failingOnce: Set<String>
        var holding: Bool
        /// Held acknowledgements, oldest first: each queueing's outcome and the continuation that waits for it.
        var held: [(batch: Int, outcome: Result<Void, any Error>)] = []
        var released: [Int: Result<Void, any Error>] = [:]
        var ackWaiters: [Int: CheckedContinuation<Result<Void, any Error>, Never>] = [:]
        /// Callbacks of held acknowledgements (when calling back).
        var ackCallbacks: [Int: @Sendable (Result<Void, any Error>) -> Void] = [:]
        var mostHeldAtOnce = 0
        var heldWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    let state: Mutex<State>
    let callingBack: Bool

    init(holding: Bool = false, failingOnce: Set<String> = [], callingBack: Bool = false) {
        state = Mutex(State(failingOnce: failingOnce, holding: holding))
        self.callingBack = callingBack
    }

    var queuesInOrder: Bool { true }

    var log: [(batch: Int, message: OutboundMessage)] { state.withLock { $0.log } }
    var logLength: Int { state.withLock { $0.log.count } }
    var heldNow: Int { state.withLock { $0.held.count } }
    var mostHeldAtOnce: Int { state.withLock { $0.mostHeldAtOnce } }

    func enqueue(_ messages: [OutboundMessage]) -> PendingPublication {
        let (batch, ready): (Int, [CheckedContinuation<Void, Never>]) = state.withLock { state in
            state.batches += 1
            let batch = state.batches
            let id = messages.first?.key.map { String(decoding: $0, as: UTF8.self) }
            let outcome: Result<Void, any Error>
            if let id, state.failingOnce.remove(id) != nil {
                outcome = .failure(Transient())
            } else {
                state.log += messages.map { (batch, $0) }
                outcome = .success(())
            }
            guard state.holding else {
                state.released[batch] = outcome
                return (batch, [])
            }
            state.held.append((batch, outcome))
            state.mostHeldAtOnce = max(state.mostHeldAtOnce, state.held.count)
            let count = state.held.count
            defer { state.heldWaiters.removeAll { $0.count <= count } }
            return (batch, state.heldWaiters.filter { $0.count <= count }.map(\.continuation))
        }
        for waiter in ready { waiter.resume() }
        if callingBack { return PendingPublication(completion: Completion(sink: self, batch: batch)) }
        return PendingPublication { try await self.acknowledgement(of: batch).get() }
    }

    /// A queueing's acknowledgement, calling back: at once when released, else when the test lets it go.
    struct Completion: PublicationCompletion {
        let sink: QueueingSink
        let batch: Int

        func whenComplete(_ body: @escaping @Sendable (Result<Void, any Error>) -> Void) {
            let outcome: Result<Void, any Error>? = sink.state.withLock { state in
                if let outcome = state.released.removeValue(forKey: batch) { return outcome }
                state.ackCallbacks[batch] = body
                return nil
            }
            if let outcome { body(outcome) }
        }
    }

    private func acknowledgement(of batch: Int) async -> Result<Void, any Error> {
        await withCheckedContinuation { continuation in
            let outcome: Result<Void, any Error>? = state.withLock { state in
                if let outcome = state.released.removeValue(forKey: batch) { return outcome }
                state.ackWaiters[batch] = continuation
                return nil
            }
            if let outcome { continuation.resume(returning: outcome) }
        }
    }

    func publish(_ messages: [OutboundMessage]) async throws {
        try await enqueue(messages).acknowledged()
    }

    /// Lets every held acknowledgement go (newest first when `reversed`), and holds none from now on.
    func stopHolding(reversed: Bool = false) {
        let resumes: [(@Sendable (Result<Void, any Error>) -> Void, Result<Void, any Error>)] = state.withLock {
            state in
            state.holding = false
            let held = reversed ? state.held.reversed() : state.held
            state.held = []
            var resumes: [(@Sendable (Result<Void, any Error>) -> Void, Result<Void, any Error>)] = []
            for (batch, outcome) in held {
                if let waiter = state.ackWaiters.removeValue(forKey: batch) {
                    resumes.append(({ waiter.resume(returning: $0) }, outcome))
                } else if let callback = state.ackCallbacks.removeValue(forKey: batch) {
                    resumes.append((callback, outcome))
                } else {
                    state.released[batch] = outcome
                }
            }
            return resumes
        }
        // In the order released (newest first when reversed), one after another, as a producer's reports come.
        for (resume, outcome) in resumes { resume(outcome) }
    }

    /// Returns once at least `count` acknowledgements are held.
    func waitForHeld(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.held.count >= count { return true }
                state.heldWaiters.append((count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// The log as copies: each queueing's messages, traced to their input, in log order.
    func copies(_ origins: InputOrigins) throws -> [(input: InputPosition, messages: [OutboundMessage])] {
        var result: [(input: InputPosition, messages: [OutboundMessage])] = []
        var lastBatch: Int?
        for (batch, message) in log {
            let input = try #require(origins.source(of: message), "an output of no input: \(message.topic)")
            if batch == lastBatch {
                result[result.count - 1].messages.append(message)
            } else {
                result.append((input, [message]))
                lastBatch = batch
            }
        }
        return result
    }

    func flush(timeout: Duration) async throws {}

    func close(timeout: Duration) async {}
}
