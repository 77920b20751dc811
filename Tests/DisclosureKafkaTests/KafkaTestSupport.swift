import DisclosureKafka
import Foundation
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Shared helpers for the Kafka tests: loggers, unique names, configurations for the mock cluster, a consumer
/// driver that records what it sees.
enum KafkaTestSupport {
    /// A logger that prints to stderr when `KAFKA_TEST_LOG` is set (at that level, e.g. `debug`), else drops all.
    static func logger(_ label: String = "kafka-test") -> Logger {
        guard let level = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG"].flatMap(Logger.Level.init(rawValue:))
        else {
            return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        }
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }

    /// A name no other test uses.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Producer settings for the mock cluster.
    static func producerConfiguration(_ bootstrap: String) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(bootstrapServers: [bootstrap], clientID: "test-producer")
        configuration.linger = .milliseconds(5)
        return configuration
    }

    /// Consumer settings for the mock cluster: short session and heartbeat, so rebalances take seconds.
    static func consumerConfiguration(_ bootstrap: String, group: String) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(
            bootstrapServers: [bootstrap],
            clientID: "test-consumer",
            groupID: group
        )
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(300)
        configuration.fetchWaitMax = .milliseconds(50)
        return configuration
    }

    /// Path of the built `disclosure-worker` executable next to the test bundle, if it was built.
    static var workerExecutable: URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("disclosure-worker")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// A localhost TCP port that was free a moment ago (bind to port 0, read it back, close).
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// Path of `kcat` (or `kafkacat`), if installed.
    static var kcat: URL? {
        for name in ["kcat", "kafkacat"] {
            for directory in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }
}

/// Runs a consumer's event loop in a task: stores each record's offset, records records and rebalances, and lets
/// the test wait for conditions on what was seen (no sleeping).
final class ConsumerDriver: Sendable {
    struct Seen: Sendable {
        var messages: [KafkaMessage] = []
        var assignment: Set<KafkaTopicPartition> = []
        var events: [KafkaConsumerEvent] = []
        var finished = false
        var error: String?
        /// For each rebalance event: whether librdkafka's assignment, read while the event was being handled,
        /// still showed the state before it (revoked partitions still assigned, assigned ones not yet).
        var rebalanceSeenBeforeEffect: [Bool] = []
    }

    let consumer: KafkaConsumer
    private let seen = Mutex(Seen())
    /// Notified after every event; shared by drivers whose conditions look at each other.
    let changes: ChangeSignal
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// Commit after every this many records (0: never).
    let commitEvery: Int
    /// Stop storing offsets after this many records (nil: always store).
    let storeLimit: Int?
    /// Set by ``stop()`` before it closes the consumer.
    private let stopping = Atomic<Bool>(false)

    init(consumer: KafkaConsumer, commitEvery: Int = 0, storeLimit: Int? = nil, changes: ChangeSignal = ChangeSignal())
    {
        self.consumer = consumer
        self.commitEvery = commitEvery
        self.storeLimit = storeLimit
        self.changes = changes
    }

    func start() {
        let task = Task { [self] in
            do {
                var count = 0
                for try await event in consumer.events {
                    switch event {
                    case .message(let message):
                        // Once stop() began, close() revokes the assignment (without events), and a record still
                        // buffered can no longer be stored (librdkafka: `_STATE`, the partition is not assigned): the
                        // scenario is over, such records are neither stored nor recorded.
                        if stopping.load(ordering: .acquiring) { continue }
                        count += 1
                        if storeLimit.map({ count <= $0 }) ?? true {
                            do {
                                try consumer.storeOffset(after: message)
                            } catch let error as KafkaError
                                where error.code == .state && stopping.load(ordering: .acquiring)
                            {
                                continue
                            }
                        }
                        if commitEvery > 0, count % commitEvery == 0 { try await consumer.commit() }
                        seen.withLock { $0.messages.append(message) }
                    case .partitionsAssigned(let partitions):
                        let current = Set(try await consumer.assignment())
                        seen.withLock {
                            $0.rebalanceSeenBeforeEffect.append(current.isDisjoint(with: partitions))
                            $0.assignment.formUnion(partitions)
                            $0.events.append(event)
                        }
                    case .partitionsRevoked(let partitions, let lost):
                        // Drain-and-commit point: everything before this event is processed.
                        let current = Set(try await consumer.assignment())
                        if !lost { try await consumer.commit() }
                        seen.withLock {
                            $0.rebalanceSeenBeforeEffect.append(current.isSuperset(of: partitions))
                            $0.assignment.subtract(partitions)
                            $0.events.append(event)
                        }
                    }
                    changes.notify()
                }
                seen.withLock { $0.finished = true }
            } catch {
                seen.withLock {
                    $0.finished = true
                    $0.error = "\(error)"
                }
            }
            changes.notify()
        }
        self.task.withLock { $0 = task }
    }

    /// A snapshot of what was seen.
    var snapshot: Seen { seen.withLock { $0 } }

    /// Waits until `condition` holds on what was seen (re-checked after every event of any driver sharing
    /// ``changes``).
    func wait(until condition: (Seen) -> Bool) async throws {
        // Subscribe before the first check, so a change between the two is not missed.
        let stream = changes.subscribe()
        if condition(snapshot) { return }
        for await _ in stream {
            let current = snapshot
            if condition(current) { return }
            if current.finished {
                Issue.record("consumer finished before the condition held: \(current.error ?? "no error")")
                return
            }
        }
    }

    /// Closes the consumer and waits for the event loop to end.
    func stop() async {
        stopping.store(true, ordering: .releasing)
        await consumer.close()
        let task = self.task.withLock { $0 }
        await task?.value
    }
}

/// Wakes every waiter after a change (each waiter subscribes for itself; wake-ups coalesce).
final class ChangeSignal: Sendable {
    private let subscribers = Mutex<[AsyncStream<Void>.Continuation]>([])

    /// A stream that yields after each later ``notify()`` (at most one buffered).
    func subscribe() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        subscribers.withLock { $0.append(continuation) }
        return stream
    }

    /// Wakes every subscriber.
    func notify() {
        for subscriber in subscribers.withLock({ $0 }) { subscriber.yield() }
    }
}

extension Array where Element == UInt8 {
    /// The bytes as UTF-8 text.
    var text: String { String(decoding: self, as: UTF8.self) }
}
