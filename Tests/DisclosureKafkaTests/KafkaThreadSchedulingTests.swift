import DisclosureKafka
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// ``KafkaConfiguration/threadScheduling`` reaches every thread the clients start: librdkafka's (main, brokers) and
/// the producer's delivery-report thread, read back from the kernel (`/proc/self/task/*/stat`).
///
/// Other tests start Kafka clients in the same process at the same time, so each test creates its clients on a
/// thread with a nice value no other test uses: threads inherit it from their creator (Linux), which marks the
/// clients' threads as this test's.
@Suite struct KafkaThreadSchedulingTests {
    /// A thread of this process as the kernel shows it.
    struct ThreadInfo {
        var name: String
        /// Field 19 of `stat`.
        var nice: Int
        /// Field 41 of `stat`: 0 `SCHED_OTHER`, 3 `SCHED_BATCH`.
        var policy: Int
    }

    static let schedOther = 0
    static let schedBatch = 3

    @Test func batchReachesLibrdkafkasThreadsAndTheDeliveryReportThread() async throws {
        let tasks = try await Self.clientThreads(scheduling: .batch, marker: 7)
        #expect(tasks.filter { $0.name.hasPrefix("rdk:") }.count >= 4, "\(tasks)")
        #expect(tasks.contains { $0.name == "kafka-dr-poll" }, "\(tasks)")
        let named = tasks.filter { $0.name.hasPrefix("rdk:") || $0.name == "kafka-dr-poll" }
        #expect(named.allSatisfy { $0.policy == Self.schedBatch }, "\(tasks)")
    }

    @Test func normalLeavesTheThreadsAsCreated() async throws {
        let tasks = try await Self.clientThreads(scheduling: .normal, marker: 8)
        #expect(tasks.filter { $0.name.hasPrefix("rdk:") }.count >= 4, "\(tasks)")
        #expect(tasks.contains { $0.name == "kafka-dr-poll" }, "\(tasks)")
        #expect(tasks.allSatisfy { $0.policy == Self.schedOther }, "\(tasks)")
    }

    @Test func defaultIsNormal() {
        #expect(KafkaConfiguration(bootstrapServers: ["a:9092"]).threadScheduling == .normal)
    }

    /// Creates a producer and a consumer (against no broker: librdkafka starts its threads anyway) on a thread whose
    /// nice value is `marker`, and returns the threads that carry it once the delivery-report thread has named itself.
    static func clientThreads(
        scheduling: KafkaConfiguration.ThreadScheduling,
        marker: Int32
    ) async throws -> [ThreadInfo] {
        var configuration = KafkaConfiguration(
            bootstrapServers: ["127.0.0.1:1"],
            groupID: KafkaTestSupport.unique("scheduling")
        )
        configuration.threadScheduling = scheduling
        let clients = try onThread(nice: marker) { [configuration] in
            (
                try KafkaProducer(configuration: configuration, logger: KafkaTestSupport.logger()),
                try KafkaConsumer(configuration: configuration, logger: KafkaTestSupport.logger())
            )
        }
        var marked: [ThreadInfo] = []
        for _ in 0..<100 {
            marked = tasks().filter { $0.nice == Int(marker) }
            if marked.contains(where: { $0.name == "kafka-dr-poll" }) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        await clients.1.close()
        _ = await clients.0.close(timeout: .seconds(1))
        return marked
    }

    /// Runs `body` on a new thread with nice value `nice`, waiting for it.
    static func onThread<T: Sendable>(nice value: Int32, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            // Linux: nice() changes the calling thread only, and threads it starts inherit the value.
            _ = nice(value)
            box.set(Result { try body() })
            done.signal()
        }
        thread.start()
        done.wait()
        return try box.get()
    }

    /// The threads of this process (`/proc/self/task`).
    static func tasks() -> [ThreadInfo] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return ids.compactMap { id in
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(id)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            let name = String(stat[stat.index(after: open)..<close])
            // The fields after the name start at field 3: field n is fields[n - 3].
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 38, let nice = Int(fields[16]), let policy = Int(fields[38]) else { return nil }
            return ThreadInfo(name: name, nice: nice, policy: policy)
        }
    }
}

/// One result handed from a thread to its waiter.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) {
        lock.withLock { result = value }
    }

    func get() throws -> T {
        try lock.withLock { result! }.get()
    }
}
