import Crdkafka
import Glibc
import Synchronization

/// Header lists detached from a batch's delivered messages, handed back to the thread that made them, which frees
/// them itself.
///
/// librdkafka frees a sent message's header list with the message, on the thread that serves its delivery report
/// (mostly the producer's poll thread), while the list was made on the processing thread that queued the message.
/// Under mimalloc (the worker's allocator) each of those blocks is a cross-thread free: an atomic push onto the
/// allocating thread's page, which that thread later collects by walking blocks last written by the other core. The
/// worker queues ~24 messages per input with 4 header blocks each (the list, its array, two headers). Kept here, they
/// go back to the thread that made the batch once it completes (``ReturnedHeaderLists``), and that thread frees them
/// at its next send: plain local frees.
///
/// - Important: `@unchecked Sendable` is safe: a slot is written once, by the delivery report that reserved it
///   (``take(from:)``, an atomic counter), before that report counts down its batch; the lists are destroyed after
///   the batch completed (every report in), by one thread: the owner's drain, or `deinit`.
final class KeptHeaderLists: @unchecked Sendable {
    /// One list (or nil, for a message without headers) per reserved slot.
    private let slots: UnsafeMutablePointer<OpaquePointer?>
    private let capacity: Int
    /// Slots reserved so far; may pass `capacity` (those reports leave their list to librdkafka).
    private let reserved = Atomic<Int>(0)
    /// The thread that made the batch: the one that frees the lists.
    private let owner: ReturnedHeaderLists
    /// The next in the owner's stack of returned lists, retained by the stack (written before the push that
    /// publishes it).
    fileprivate var next: UnsafeMutableRawPointer?

    /// Room for `capacity` lists, to be freed by the calling thread.
    init(capacity: Int) {
        precondition(capacity > 0, "\(#function): no room")
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        owner = ReturnedHeaderLists.ofCurrentThread
    }

    deinit {
        destroyLists()
        slots.deinitialize(count: capacity)
        slots.deallocate()
    }

    /// Detaches the header list of `message` (a produced message in its delivery report) into the next slot, unless
    /// every slot is taken; librdkafka then frees the message without it.
    func take(from message: UnsafePointer<rd_kafka_message_t>) {
        let slot = reserved.wrappingAdd(1, ordering: .relaxed).oldValue
        guard slot < capacity else { return }
        var list: OpaquePointer?
        // Sets the message's list to null (its destroy skips it); nil, with an error code, when it has none.
        _ = rd_kafka_message_detach_headers(UnsafeMutablePointer(mutating: message), &list)
        slots[slot] = list
    }

    /// Every message of the batch was reported: hands the lists to the thread that made them.
    func batchCompleted() {
        owner.push(self)
    }

    /// Destroys the lists taken so far (on the calling thread).
    fileprivate func destroyLists() {
        for slot in 0..<min(reserved.load(ordering: .relaxed), capacity) {
            if let list = slots[slot] {
                rd_kafka_headers_destroy(list)
                slots[slot] = nil
            }
        }
    }
}

/// The lists of completed batches waiting for the thread that made them (one per thread, in thread-local storage):
/// a stack that any thread pushes onto and the owner empties at its next send (``drainCurrentThread()``).
final class ReturnedHeaderLists: @unchecked Sendable {
    /// The stack's top: 0 for empty, 1 once the thread has exited (pushers free the lists themselves), else a
    /// retained ``KeptHeaderLists``.
    private let head = Atomic<UInt>(0)
    private static let closed: UInt = 1

    /// The calling thread's stack, made on first use.
    static var ofCurrentThread: ReturnedHeaderLists {
        if let stored = pthread_getspecific(key) {
            return Unmanaged<ReturnedHeaderLists>.fromOpaque(stored).takeUnretainedValue()
        }
        let made = ReturnedHeaderLists()
        // Released by the key's destructor when the thread exits.
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }

    /// Frees the lists returned to the calling thread, if it has a stack.
    static func drainCurrentThread() {
        guard let stored = pthread_getspecific(key) else { return }
        Unmanaged<ReturnedHeaderLists>.fromOpaque(stored)._withUnsafeGuaranteedRef { $0.drain(closing: false) }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key) { stored in
            // The thread exits: later pushers free their lists themselves.
            guard let stored else { return }
            let stack = Unmanaged<ReturnedHeaderLists>.fromOpaque(stored).takeRetainedValue()
            stack.drain(closing: true)
        }
        precondition(created == 0, "pthread_key_create failed")
        return key
    }()

    /// Whether lists wait on the stack for their thread.
    var holdsLists: Bool { head.load(ordering: .acquiring) > Self.closed }

    /// Pushes `lists` (from any thread), or frees them at once when the owner has exited.
    fileprivate func push(_ lists: KeptHeaderLists) {
        // The stack's reference, dropped by the drain.
        let pushed = Unmanaged.passRetained(lists)
        let bits = UInt(bitPattern: pushed.toOpaque())
        var top = head.load(ordering: .relaxed)
        while true {
            guard top != Self.closed else {
                lists.destroyLists()
                pushed.release()
                return
            }
            lists.next = UnsafeMutableRawPointer(bitPattern: top)
            let (exchanged, original) = head.compareExchange(
                expected: top,
                desired: bits,
                successOrdering: .releasing,
                failureOrdering: .relaxed
            )
            if exchanged { return }
            top = original
        }
    }

    /// Takes the whole stack (and closes it, when the thread exits) and frees every list on it.
    private func drain(closing: Bool) {
        guard closing || head.load(ordering: .relaxed) > Self.closed else { return }
        let top = head.exchange(closing ? Self.closed : 0, ordering: .acquiring)
        var node = top > Self.closed ? UnsafeMutableRawPointer(bitPattern: top) : nil
        while let current = node {
            let lists = Unmanaged<KeptHeaderLists>.fromOpaque(current).takeRetainedValue()
            node = lists.next
            lists.next = nil
            lists.destroyLists()
        }
    }
}
