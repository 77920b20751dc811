/// Builds a finding's message as UTF-8 bytes in a buffer on the stack, then makes one string of them: string
/// interpolation grows a string piece by piece and renders every amount as a string of its own first, and an array
/// of bytes cost an allocation and a free besides the string's (about 1,000 instructions a message).
struct MessageText: ~Copyable {
    /// Where the bytes are: the stack buffer of ``build(capacity:_:)``, or a buffer of its own once they outgrow it.
    private var storage: SpillingBytes

    /// The start of the bytes.
    private var base: UnsafeMutablePointer<UInt8> { storage.base }
    /// Bytes written.
    private var count: Int {
        get { storage.count }
        set { storage.count = newValue }
    }

    /// The room a message rarely outgrows: two amounts and a template of a few dozen CJK characters.
    static let stackCapacity = 512

    private init(lent buffer: UnsafeMutableBufferPointer<UInt8>) {
        storage = SpillingBytes(lent: buffer)
    }

    /// The message `body` writes.
    static func build(capacity: Int = stackCapacity, _ body: (inout MessageText) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(capacity, 64)) { buffer in
            var text = MessageText(lent: buffer)
            body(&text)
            return text.string
        }
    }

    /// Appends `bytes`.
    private mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        storage.reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count &+= bytes.count
    }

    /// Appends `text`.
    mutating func add(_ text: String) {
        // A native string's bytes (small strings' too) are contiguous; others go through a copy.
        let added: Void? = text.utf8.withContiguousStorageIfAvailable { add(bytes: $0) }
        if added == nil { Array(text.utf8).withUnsafeBufferPointer { add(bytes: $0) } }
    }

    /// Appends `amount`'s canonical decimal (``Amount/description``).
    mutating func add(_ amount: Amount) {
        // A sign, at most 20 digits (zeros padded before the point up to the scale) and the point.
        let room = 22 &+ max(Int(amount.scale), 0)
        storage.reserve(room)
        count &+= amount.write(into: UnsafeMutableBufferPointer(start: base + count, count: room))
    }

    /// Appends the decimal digits of `value`.
    mutating func add(_ value: Int) {
        add(Amount(units: Int64(value), scale: 0))
    }

    /// The message.
    private var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
}
