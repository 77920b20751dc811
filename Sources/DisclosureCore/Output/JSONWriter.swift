/// Writes compact JSON straight into one byte buffer: how ``RecordJSON`` and ``AnomalyJSON`` serialize on the
/// worker's path, without building a ``JSONValue`` tree first (one growing buffer instead of an allocation per
/// key, value and container).
///
/// The bytes are exactly those ``JSONValue/serialized()`` writes for the same structure: the same string escaping
/// (``JSONValue/writeString(_:to:)``), numbers at their written scale, no spaces.
struct JSONWriter {
    /// The JSON written so far.
    private(set) var bytes: [UInt8]
    /// Whether the next value or key is the first of its container (no comma before it).
    private var first = true

    /// An empty writer whose buffer starts with room for `capacity` bytes.
    init(capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    private mutating func separate() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    /// Opens an object (`{`).
    mutating func openObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    /// Closes the innermost object (`}`).
    mutating func closeObject() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    /// Opens an array (`[`).
    mutating func openArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        first = true
    }

    /// Closes the innermost array (`]`).
    mutating func closeArray() {
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    /// Writes an object key and its colon; the next call writes its value. Keys are ASCII names (no escaping).
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        first = true
    }

    /// Writes `null`.
    mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes a string literal.
    mutating func string(_ value: String) {
        separate()
        JSONValue.writeString(value, to: &bytes)
    }

    /// Writes a string literal, or `null`.
    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes an integer.
    mutating func int(_ value: Int) {
        separate()
        JSONWriter.writeDecimal(value, to: &bytes)
    }

    /// Writes an integer, or `null`.
    mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    /// Writes an amount at its written scale (``Amount/description``).
    mutating func number(_ value: Amount) {
        separate()
        value.write(to: &bytes)
    }

    /// Writes an amount, or `null`.
    mutating func number(_ value: Amount?) {
        if let value { number(value) } else { null() }
    }

    /// Writes a figure's amount, or `null`.
    mutating func amount(_ figure: Figure?) {
        if let figure { number(figure.value) } else { null() }
    }

    /// Writes a count, or `null`.
    mutating func count(_ count: Count?) {
        if let count { int(count.value) } else { null() }
    }

    /// Appends the decimal digits of `value` (as `String(value)` spells it).
    static func writeDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        Amount.writeDigits(UInt64(value.magnitude), minimumCount: 1, to: &out)
    }
}
