/// Builds a finding's message as UTF-8 bytes: one buffer and one string per message, where string interpolation
/// grows a string piece by piece and renders every amount as a string of its own first.
struct MessageText {
    /// The bytes written so far.
    private var bytes: [UInt8]

    /// An empty message with room for `capacity` bytes.
    init(capacity: Int = 160) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends `text`.
    mutating func add(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `amount`'s canonical decimal (``Amount/description``).
    mutating func add(_ amount: Amount) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            let count = amount.write(into: buffer)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Appends the decimal digits of `value`.
    mutating func add(_ value: Int) {
        add(Amount(units: Int64(value), scale: 0))
    }

    /// The message.
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
