import Foundation

/// Runs blocking librdkafka calls (commit, committed, flush, close) on a thread of their own.
///
/// Blocking calls must never run on Swift's cooperative pool (2 threads here: two blocked calls stall every task;
/// PLATFORM.md §1 measured a 100 ms sleep delayed to 2.1 s). A fresh thread per call costs tens of microseconds,
/// nothing next to a broker round trip.
enum BlockingCall {
    /// Runs `body` on a new thread and returns its result.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: body())
            }
            thread.name = name
            thread.start()
        }
    }
}
