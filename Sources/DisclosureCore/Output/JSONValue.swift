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
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// The compact serialization as a `String`.
    public var jsonString: String { String(decoding: serialized(), as: UTF8.self) }

    /// Writes the value with `writer`.
    func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .int(let value): writer.int(value)
        case .number(let value): writer.number(value)
        case .string(let value): writer.string(value)
        case .array(let values):
            writer.openArray()
            for value in values { value.write(to: &writer) }
            writer.closeArray()
        case .object(let members):
            writer.openObject()
            for (key, value) in members {
                writer.key(text: key)
                value.write(to: &writer)
            }
            writer.closeObject()
        }
    }
}
