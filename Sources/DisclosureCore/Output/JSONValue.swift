/// A JSON value with ordered object keys, written byte-for-byte deterministically: how tests and tools read a
/// record or an event back (``init(parsing:)``) and walk it by path.
///
/// Records and events are written by one encoder only, ``JSONWriter`` (``RecordJSON``, ``AnomalyJSON``); this
/// type never builds them. `JSONSerialization` would read their numbers as binary floating point and forget key
/// order; this keeps both: numbers as ``Amount`` at their written scale, members in written order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A decimal number, written exactly as its ``Amount/description``.
    case number(Amount)
    case string(String)
    case array([JSONValue])
    /// Keys in the order given.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// The compact UTF-8 serialization (no spaces, no trailing newline).
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out)
        return out
    }

    /// The compact serialization as a `String`.
    public var jsonString: String { String(decoding: serialized(), as: UTF8.self) }

    /// Appends the compact serialization to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value):
            JSONWriter.writeDecimal(value, to: &out)
        case .number(let value):
            value.write(to: &out)
        case .string(let value):
            JSONWriter.writeString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
