/// Raw bytes for a writer that reserves room once per call and then stores without per-byte checks: in memory lent
/// to it (a stack buffer, a new array's storage) or allocated, moved to an allocation of its own when they outgrow
/// it. The storage under ``JSONWriter`` and ``MessageText``.
struct SpillingBytes: ~Copyable {
    /// The start of the buffer (moves when it grows).
    private(set) var base: UnsafeMutablePointer<UInt8>
    /// Bytes written: the writer stores them at ``base`` after ``reserve(_:)`` and counts them here.
    var count = 0
    /// Bytes the buffer holds.
    private(set) var capacity: Int
    /// Whether ``base`` is this storage's own allocation (freed with it), not lent memory.
    private(set) var owned: Bool

    /// A buffer of its own with room for `capacity` bytes (more than zero).
    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
        owned = true
    }

    /// Writes into `lent` (not empty), which it does not own: past its end the bytes move to a buffer of their own.
    init(lent: UnsafeMutableBufferPointer<UInt8>) {
        base = lent.baseAddress!
        capacity = lent.count
        owned = false
    }

    deinit { if owned { base.deallocate() } }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if _slowPath(count &+ extra > capacity) { grow(to: count &+ extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(capacity &* 2, needed)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        if owned { base.deallocate() }
        owned = true
        base = newBase
        capacity = newCapacity
    }
}
