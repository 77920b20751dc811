import DisclosureCore
import DisclosureWorker
import Synchronization
import Testing

/// Acknowledgements that call back (``PublicationCompletion``, as the Kafka sink's do) finish their inputs without a
/// task, and hand what needs one (a failed delivery, a republish) to the follow-up loop. Compared with awaited
/// acknowledgements (each input's publication awaited in a task, the path the callbacks replace) on generated runs:
/// the same final outputs in partition order, byte-identical copies, the same commits, nothing left in flight.
@Suite(.timeLimit(.minutes(2)))
struct SupervisorAcknowledgementCallbackTests {
    static let topic = SupervisorTests.topic

    /// A run's inputs and how the sink treats them.
    struct Scenario: CustomStringConvertible {
        var partitions: Int32
        var count: Int64
        var workers: Int
        var runAhead: Int
        var holding: Bool
        var reversed: Bool
        var messages: [InboundMessage] = []
        var origins = InputOrigins()
        /// Document ids whose first delivery fails.
        var failing: Set<String> = []
        /// Inputs that are bad (their DLQ copy is published).
        var bad: Set<InputPosition> = []

        var description: String {
            "\(partitions) partitions × \(count), \(workers) workers, run-ahead \(runAhead), holding \(holding)"
                + " reversed \(reversed), \(failing.count) failing once, \(bad.count) bad"
        }

        /// Inputs held before the test lets them go: each partition's run-ahead, within the tasks' bound.
        var heldAtOnce: Int {
            min(Int(partitions) * min(runAhead, Int(count)), workers * Supervisor.unacknowledgedPerTask)
        }

        /// A scenario drawn from `seed` (SplitMix64).
        init(seed: UInt64) {
            var state = seed
            func next(_ bound: UInt64) -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return (z ^ (z >> 31)) % bound
            }
            partitions = Int32(1 + next(3))
            count = Int64(3 + next(6))
            workers = Int(1 + next(3))
            runAhead = Int(1 + next(4))
            holding = next(3) != 0
            reversed = next(2) == 0
            for offset in 0..<count {
                for partition in 0..<partitions {
                    let position = InputPosition(partition, offset)
                    if next(8) == 0 {
                        bad.insert(position)
                        let value: [UInt8] = [0xFF, 0xFE]
                        messages.append(SupervisorTests.input(partition: partition, offset: offset, value: value))
                        continue
                    }
                    let number = Int(seed % 1000) * 10_000 + Int(partition) * 1000 + Int(offset)
                    let value = SupervisorTests.document(number)
                    let id = RawDocument(bytes: value).contentDocumentId
                    origins.byDocument[id] = position
                    if next(5) == 0 { failing.insert(id) }
                    messages.append(SupervisorTests.input(partition: partition, offset: offset, value: value))
                }
            }
        }
    }

    /// What a run left: the sink's copies, the commits, the metrics.
    struct Outcome {
        var copies: [(input: InputPosition, messages: [OutboundMessage])]
        var committed: [TopicPartition: Int64]
        var metrics: String
    }

    static func run(_ scenario: Scenario, callingBack: Bool) async throws -> Outcome {
        let source = FakeSource()
        let sink = QueueingSink(holding: scenario.holding, failingOnce: scenario.failing, callingBack: callingBack)
        let metrics = WorkerMetrics()
        let supervisor = SupervisorRunAheadTests.makeSupervisor(
            source,
            sink,
            workers: scenario.workers,
            runAhead: scenario.runAhead,
            metrics: metrics
        )
        source.send(.assigned((0..<scenario.partitions).map { TopicPartition(topic: Self.topic, partition: $0) }))
        for message in scenario.messages { source.send(.message(message)) }
        let total = scenario.messages.count
        let outcome = try await SupervisorTests.run(supervisor) {
            if scenario.holding {
                await sink.waitForHeld(scenario.heldAtOnce)
                sink.stopHolding(reversed: scenario.reversed)
            }
            await supervisor.waitForFinishedInputs(total)
        }
        try outcome.get()
        return Outcome(
            copies: try sink.copies(scenario.origins),
            committed: source.committed,
            metrics: String(decoding: metrics.render(), as: UTF8.self)
        )
    }

    /// What every run must show: per partition, the last copies in offset order (the bad inputs' their DLQ copy),
    /// every copy of an input byte-identical, everything committed, nothing in flight.
    static func check(_ outcome: Outcome, of scenario: Scenario, _ mode: String) {
        for partition in 0..<scenario.partitions {
            let copies = outcome.copies.filter { $0.input.partition == partition }
            var seen: Set<Int64> = []
            let last = copies.reversed().filter { seen.insert($0.input.offset).inserted }.reversed()
            #expect(last.map(\.input.offset) == Array(0..<scenario.count), "\(mode) \(scenario) partition \(partition)")
            for copy in last {
                let isLetter = copy.messages.first?.topic == "disclosures.dlq"
                #expect(isLetter == scenario.bad.contains(copy.input), "\(mode) \(scenario) \(copy.input)")
            }
            for offset in 0..<scenario.count {
                let all = copies.filter { $0.input.offset == offset }.map { $0.messages.map(\.value) }
                #expect(Set(all).count == 1, "\(mode) \(scenario) input \(partition)/\(offset)")
            }
            #expect(
                outcome.committed[TopicPartition(topic: Self.topic, partition: partition)] == scenario.count,
                "\(mode) \(scenario)"
            )
        }
        #expect(outcome.metrics.contains("disclosure_in_flight 0"), "\(mode) \(scenario)")
    }

    /// The last copies of each input, by input (what a consumer of the output topics keeps).
    static func finalOutputs(_ outcome: Outcome) -> [InputPosition: [[UInt8]]] {
        var outputs: [InputPosition: [[UInt8]]] = [:]
        for copy in outcome.copies { outputs[copy.input] = copy.messages.map(\.value) }
        return outputs
    }

    @Test(arguments: 0..<24)
    func callbacksFinishWhatAwaitingFinishes(seed: Int) async throws {
        let scenario = Scenario(seed: UInt64(seed) &* 7919 &+ 17)
        let callingBack = try await Self.run(scenario, callingBack: true)
        let awaiting = try await Self.run(scenario, callingBack: false)
        Self.check(callingBack, of: scenario, "callbacks")
        Self.check(awaiting, of: scenario, "awaiting")
        #expect(Self.finalOutputs(callingBack) == Self.finalOutputs(awaiting), "\(scenario)")
        #expect(callingBack.committed == awaiting.committed, "\(scenario)")
    }

    /// Input 0 finishes in its callback; input 1's delivery fails after it (a follow-up retries it); 2 and 3, acknowledged
    /// meanwhile, wait for their turn in the callback's way and then publish again (a follow-up each), after 1's retry.
    @Test func aFailureAfterACallbackFinishedOnTheSameLaneRepublishesWhatFollowsIt() async throws {
        let (messages, origin) = SupervisorRunAheadTests.inputs(partitions: 1, count: 8)
        let failing = try #require(origin.byDocument.first { $0.value.offset == 1 }?.key)
        let sink = QueueingSink(holding: true, failingOnce: [failing], callingBack: true)
        let source = FakeSource()
        let metrics = WorkerMetrics()
        let supervisor = SupervisorRunAheadTests.makeSupervisor(source, sink, workers: 2, runAhead: 4, metrics: metrics)
        let partition = TopicPartition(topic: Self.topic, partition: 0)
        source.send(.assigned([partition]))
        for message in messages { source.send(.message(message)) }
        let outcome = try await SupervisorTests.run(supervisor) {
            await sink.waitForHeld(4)
            // In order: 0 is acknowledged and finishes at once, then 1 fails, then 2 and 3 wait for 1.
            sink.stopHolding()
            await supervisor.waitForFinishedInputs(8)
        }
        try outcome.get()
        let copies = try sink.copies(origin)
        #expect(copies.filter { $0.input.offset == 0 }.count == 1)
        var seen: Set<Int64> = []
        let lastCopies = copies.reversed().filter { seen.insert($0.input.offset).inserted }.reversed()
        #expect(lastCopies.map(\.input.offset) == Array(0..<8))
        // 2 and 3 were queued before 1's retry: each published again after it.
        #expect(copies.count(where: { $0.input.offset == 2 }) == 2)
        #expect(copies.count(where: { $0.input.offset == 3 }) == 2)
        #expect(source.committed[partition] == 8)
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains("disclosure_in_flight 0"))
    }
}
