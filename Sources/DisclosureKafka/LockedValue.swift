import Foundation

/// A value behind a lock (`NSLock`, a pthread mutex).
///
/// The wrapper's shared Swift state uses this rather than `Synchronization.Mutex`: on Linux, `Mutex` locks with
/// futexes inside the (uninstrumented) standard library, so ThreadSanitizer cannot see it and reports every
/// access it protects as a race, which would hide real ones. ThreadSanitizer intercepts pthread mutexes.
final class LockedValue<Value>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
