import Foundation
import Synchronization
import Testing

@testable import DisclosureKafka

/// The wrapper's pure Swift bookkeeping (delivery completion, the consumer's event hand-over and rebalance gate)
/// driven from plain threads. Starts no librdkafka instance, so it also runs in `scripts/sanitize --tsan`
/// (`scripts/sanitize-kafka --tsan` runs every Kafka test under ThreadSanitizer).
@Suite(.timeLimit(.minutes(1)))
struct KafkaBookkeepingTests {
    @Test func aDeliveryCompletesExactlyOnceForEveryWaiterAndCallback() async throws {
        for _ in 0..<50 {
            let delivery = KafkaPendingDelivery()
            let callbacks = Atomic<Int>(0)
            let completions = Atomic<Int>(0)
            let report = KafkaDeliveryReport(topic: "t", partition: 1, offset: 7)
            await withTaskGroup(of: Int64?.self) { group in
                for _ in 0..<8 {
                    group.addTask { try? await delivery.value().offset }
                }
                for _ in 0..<4 {
                    delivery.whenComplete { _ in callbacks.add(1, ordering: .relaxed) }
                }
                // Racing completions from plain threads, like librdkafka's poll thread.
                let finished = DispatchGroup()
                for index in 0..<3 {
                    finished.enter()
                    Thread {
                        let result: Result<KafkaDeliveryReport, KafkaError> =
                            index == 0 ? .success(report) : .failure(KafkaError(code: .messageTimedOut))
                        if delivery.complete(result) { completions.add(1, ordering: .relaxed) }
                        finished.leave()
                    }.start()
                }
                var offsets: [Int64?] = []
                for await offset in group { offsets.append(offset) }
                // Whichever completion won, every waiter saw the same one.
                #expect(Set(offsets.map { $0 == nil }).count == 1)
                await withCheckedContinuation { continuation in
                    finished.notify(queue: .global()) { continuation.resume() }
                }
            }
            let completed = completions.load(ordering: .relaxed)
            let calledBack = callbacks.load(ordering: .relaxed)
            #expect(completed == 1)
            #expect(calledBack == 4)
            delivery.whenComplete { _ in callbacks.add(1, ordering: .relaxed) }
            let calledBackLate = callbacks.load(ordering: .relaxed)
            #expect(calledBackLate == 5)
        }
    }

    static func message(_ offset: Int64) -> KafkaConsumerEvent {
        .message(KafkaMessage(topic: "t", partition: 0, offset: offset, key: nil, value: [UInt8(offset % 256)]))
    }

    @Test func eventsArriveInOrderAndARebalanceWaitsForTheCallerToMoveOn() async throws {
        let demands = Atomic<Int>(0)
        let buffer = ConsumerEventBuffer(demand: { demands.add(1, ordering: .relaxed) })
        let revoked = [KafkaTopicPartition(topic: "t", partition: 0)]
        let rebalanceApplied = Atomic<Bool>(false)
        let appliedWhenSeen = Atomic<Bool>(true)
        let count: Int64 = 2_000
        let pusher = Thread {
            for offset in 0..<count { buffer.push(Self.message(offset)) }
            buffer.pushRebalance(.partitionsRevoked(revoked, lost: false))
            rebalanceApplied.store(true, ordering: .sequentiallyConsistent)
            for offset in count..<(count * 2) { buffer.push(Self.message(offset)) }
            buffer.finish()
        }
        pusher.start()
        var offsets: [Int64] = []
        var sawRevoke = false
        while let event = try await buffer.next() {
            switch event {
            case .message(let message):
                offsets.append(message.offset)
                if message.offset < count { #expect(!sawRevoke) }
            case .partitionsRevoked(let partitions, lost: false):
                #expect(partitions == revoked)
                sawRevoke = true
                // Still held: the revoke takes effect only when we ask for the next event.
                appliedWhenSeen.store(rebalanceApplied.load(ordering: .sequentiallyConsistent), ordering: .relaxed)
            default:
                Issue.record("unexpected event \(event)")
            }
        }
        #expect(sawRevoke)
        let wasApplied = appliedWhenSeen.load(ordering: .relaxed)
        let isApplied = rebalanceApplied.load(ordering: .sequentiallyConsistent)
        #expect(!wasApplied)
        #expect(isApplied)
        #expect(offsets == Array(0..<(count * 2)))
    }

    /// The poll side stops at a count or at a number of value bytes, whichever comes first: 128 records of 200 KB
    /// would hold 25 MB copied out of librdkafka.
    @Test func theBufferIsFullAtItsCountOrItsBytes() async throws {
        let buffer = ConsumerEventBuffer(demand: {})
        let large: (Int64) -> KafkaConsumerEvent = { offset in
            .message(
                KafkaMessage(
                    topic: "t",
                    partition: 0,
                    offset: offset,
                    key: nil,
                    value: [UInt8](repeating: 1, count: 1000)
                )
            )
        }
        #expect(buffer.hasRoom(count: 3, bytes: 2500))
        buffer.push(large(0))
        buffer.push(large(1))
        #expect(buffer.hasRoom(count: 3, bytes: 2500))
        buffer.push(large(2))
        #expect(!buffer.hasRoom(count: 4, bytes: 2500))
        #expect(!buffer.hasRoom(count: 3, bytes: 1_000_000))
        // Taking one frees its bytes; discarding the rest frees theirs.
        _ = try await buffer.next()
        #expect(buffer.hasRoom(count: 4, bytes: 2500))
        buffer.discardMessages(of: [KafkaTopicPartition(topic: "t", partition: 0)])
        #expect(buffer.count == 0)
        #expect(buffer.hasRoom(count: 1, bytes: 1))
    }

    @Test func finishingReleasesABlockedRebalanceAndEndsTheStream() async throws {
        let buffer = ConsumerEventBuffer(demand: {})
        let released = DispatchSemaphore(value: 0)
        let pusher = Thread {
            buffer.pushRebalance(.partitionsAssigned([KafkaTopicPartition(topic: "t", partition: 3)]))
            released.signal()
        }
        pusher.start()
        let first = try await buffer.next()
        #expect(first == .partitionsAssigned([KafkaTopicPartition(topic: "t", partition: 3)]))
        // The caller never asks again: closing must not leave the poll thread stuck.
        buffer.finish()
        released.wait()
        #expect(try await buffer.next() == nil)
        #expect(buffer.isFinished)
        buffer.push(Self.message(1))
        #expect(buffer.count == 0)
    }

    @Test func aWaitingCallerIsWokenByAPushFromAnotherThreadAndByAnError() async throws {
        let buffer = ConsumerEventBuffer(demand: {})
        let waiting = Task { try await buffer.next() }
        Thread { buffer.push(Self.message(42)) }.start()
        #expect(try await waiting.value == Self.message(42))

        let failing = Task { try await buffer.next() }
        Thread { buffer.finish(throwing: KafkaError(code: .fatal)) }.start()
        await #expect(throws: KafkaError.self) { try await failing.value }
    }

    @Test func cancellingAWaitingCallerThrowsCancellation() async throws {
        let buffer = ConsumerEventBuffer(demand: {})
        let waiting = Task { try await buffer.next() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        buffer.push(Self.message(1))
        #expect(try await buffer.next() == Self.message(1))
    }

    @Test func discardingASeekedPartitionKeepsOtherRecordsAndRebalances() async throws {
        let buffer = ConsumerEventBuffer(demand: {})
        buffer.push(.message(KafkaMessage(topic: "t", partition: 0, offset: 1, key: nil, value: nil)))
        buffer.push(.message(KafkaMessage(topic: "t", partition: 1, offset: 1, key: nil, value: nil)))
        buffer.push(.message(KafkaMessage(topic: "t", partition: 0, offset: 2, key: nil, value: nil)))
        buffer.discardMessages(of: [KafkaTopicPartition(topic: "t", partition: 0)])
        #expect(buffer.count == 1)
        guard case .message(let message)? = try await buffer.next() else {
            Issue.record("expected a record")
            return
        }
        #expect(message.partition == 1)
    }

    @Test func returnedHeaderListsReachTheirOwnerOrAreFreedAfterItExitedUnderConcurrentPushes() async throws {
        // The lock-free stack of ReturnedHeaderLists: 4 threads push the batches' lists (as delivery reports do)
        // while the thread that made them drains its stack, then exits with pushes still coming. Every pushed
        // object must be freed exactly once: by the owner's drain, the key's destructor at its exit, or the pusher
        // once the stack is closed. (Empty lists: no librdkafka message is needed to exercise the stack.)
        let count = 4000
        let made = LockedValue<[KeptHeaderLists]>([])
        let weakRefs = LockedValue<[WeakBox]>([])
        let ownerMadeThem = DispatchSemaphore(value: 0)
        let pushersHalfway = DispatchSemaphore(value: 0)
        let ownerGone = DispatchSemaphore(value: 0)
        let owner = Thread {
            made.withLock { made in
                made = (0..<count).map { _ in KeptHeaderLists(capacity: 1) }
            }
            weakRefs.withLock { refs in refs = made.withLock { $0.map(WeakBox.init) } }
            ownerMadeThem.signal()
            // Drain while the pushers run, then exit before they are done.
            for _ in 0..<4 { pushersHalfway.wait() }
            ReturnedHeaderLists.drainCurrentThread()
            ownerGone.signal()
        }
        owner.start()
        ownerMadeThem.wait()
        do {
            // The pushers hold the only references once the owner's array is emptied.
            let lists = made.withLock { made in
                defer { made = [] }
                return made
            }
            for index in 0..<4 {
                Thread {
                    let share = stride(from: index, to: lists.count, by: 4).map { lists[$0] }
                    for (position, kept) in share.enumerated() {
                        if position == share.count / 2 {
                            pushersHalfway.signal()
                            // The rest goes to a stack whose thread has exited (or is exiting).
                            ownerGone.wait()
                            ownerGone.signal()
                        }
                        kept.batchCompleted()
                    }
                }.start()
            }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        var alive = count
        while ContinuousClock.now < deadline {
            alive = weakRefs.withLock { $0.lazy.filter { $0.value != nil }.count }
            if alive == 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(alive == 0, "\(alive) of \(count) returned lists were never freed")
    }

    @Test func seekTimeoutIsGivenInTheUnitOfTheLibrarysWait() {
        // librdkafka before 2.1.0 waited a thousandth of rd_kafka_seek_partitions' timeout (PR #4230).
        #expect(RDKafkaConsumer.seekTimeoutArgument(.seconds(10), libraryVersion: 0x0200_02ff) == 10_000_000)
        #expect(RDKafkaConsumer.seekTimeoutArgument(.seconds(10), libraryVersion: 0x0201_00ff) == 10_000)
        #expect(RDKafkaConsumer.seekTimeoutArgument(.zero, libraryVersion: 0x0200_02ff) == 1000)
        #expect(RDKafkaConsumer.seekTimeoutArgument(.zero, libraryVersion: 0x0206_00ff) == 1)
        #expect(RDKafkaConsumer.seekTimeoutArgument(.seconds(86_400), libraryVersion: 0x0200_02ff) == Int32.max)
    }
}

/// A weak reference, to watch an object being freed.
final class WeakBox: @unchecked Sendable {
    weak var value: AnyObject?
    init(_ value: AnyObject) { self.value = value }
}
