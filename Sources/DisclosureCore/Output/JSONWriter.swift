/// Writes compact JSON straight into one byte buffer: the one encoder of records and events (``RecordJSON``,
/// ``AnomalyJSON``), with no tree built first (one growing buffer instead of an allocation per key, value and
/// container).
///
/// Strings are UTF-8 with `"`, `\` and control characters escaped, numbers at their written scale, no spaces:
/// ``JSONValue/serialized()`` writes the same bytes for the same structure.
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
        JSONWriter.writeString(value, to: &bytes)
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

    // MARK: - Strings

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a JSON string literal; non-ASCII is written as UTF-8, control characters escaped.
    static func writeString(_ string: String, to out: inout [UInt8]) {
        // A native string's bytes are contiguous: scanned and copied in bulk. Others go through a copy.
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { writeString(utf8: $0, to: &out) }
        if written == nil { Array(string.utf8).withUnsafeBufferPointer { writeString(utf8: $0, to: &out) } }
    }

    /// Writes the JSON string literal of UTF-8 bytes.
    static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        if !needsEscape(bytes) {
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x0A:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "n"))
            case 0x0D:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "r"))
            case 0x09:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether some byte is a control character, `"` or `\`; eight bytes at a time (exact: the bit tricks
    /// below have no false positives for "some byte of the word").
    private static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var index = 0
        while index &+ 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A byte below 0x20 (`word − 0x20…` borrows into a clear high bit), or equal to `"` or `\`.
            if (word &- ones &* 0x20) & ~word & highs != 0 || hasZeroByte(word ^ (ones &* 0x22))
                || hasZeroByte(word ^ (ones &* 0x5C))
            {
                return true
            }
            index &+= 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            index &+= 1
        }
        return false
    }
}
