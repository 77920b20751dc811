import Glibc

/// A value behind a lock (a pthread mutex), kept with the value in one allocation.
///
/// The wrapper's shared Swift state uses this rather than `Synchronization.Mutex`: on Linux, `Mutex` locks with
/// futexes inside the (uninstrumented) standard library, so ThreadSanitizer cannot see it and reports every
/// access it protects as a race, which would hide real ones. ThreadSanitizer intercepts pthread mutexes.
///
/// The value and the mutex share one heap object (a `ManagedBuffer`: the value its header, the mutex its one
/// element, at a stable address as pthread requires). Over an `NSLock` it took three allocations (this object, the
/// lock object and the lock's mutex), and a ``KafkaDeliveryBatch`` is made for every worker input.
struct LockedValue<Value>: @unchecked Sendable {
    // @unchecked Sendable: the value is only touched with the mutex held.
    private let storage: Storage

    init(_ value: Value) {
        storage = Storage.make(value)
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try storage.withLock(body)
    }

    /// The value (header) and its mutex (the one element).
    private final class Storage: ManagedBuffer<Value, pthread_mutex_t> {
        static func make(_ value: Value) -> Storage {
            let buffer = create(minimumCapacity: 1) { _ in value }
            buffer.withUnsafeMutablePointerToElements { mutex in
                mutex.initialize(to: pthread_mutex_t())
                _ = pthread_mutex_init(mutex, nil)
            }
            // `create` made an instance of the class it was called on.
            return unsafeDowncast(buffer, to: Storage.self)
        }

        deinit {
            // The header (the value) is destroyed by ManagedBuffer; the element is this class's.
            withUnsafeMutablePointerToElements { mutex in
                _ = pthread_mutex_destroy(mutex)
                mutex.deinitialize(count: 1)
            }
        }

        func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
            try withUnsafeMutablePointers { value, mutex in
                _ = pthread_mutex_lock(mutex)
                defer { _ = pthread_mutex_unlock(mutex) }
                return try body(&value.pointee)
            }
        }
    }
}
