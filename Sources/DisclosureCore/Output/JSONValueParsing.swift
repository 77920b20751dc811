extension JSONValue {
    /// Why bytes are not one JSON value, and where.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// The byte offset the parser stopped at.
        public var offset: Int
        /// What it expected there.
        public var reason: String

        public var description: String { "JSON parse error at byte \(offset): \(reason)" }
    }

    /// Reads one JSON value (RFC 8259) from UTF-8 bytes, with surrounding white space and nothing else.
    ///
    /// Members keep their written order; every number is a ``number(_:)`` at its written scale (`0` stays `0`,
    /// `987.80` stays `987.80`), so an amount reads back exactly as the record wrote it. Numbers with an exponent,
    /// or beyond ``Amount``'s 18 digits, are refused: the contract never writes them.
    ///
    /// - Throws: ``ParseError`` at the first byte that does not fit.
    public init(parsing bytes: [UInt8]) throws(ParseError) {
        var reader = JSONValueReader(bytes: bytes)
        self = try reader.document()
    }
}

/// The recursive-descent reader behind ``JSONValue/init(parsing:)``.
private struct JSONValueReader {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONValue.ParseError) -> JSONValue {
        let value = try self.value()
        skipSpace()
        guard index == bytes.count else { throw fail("end of input") }
        return value
    }

    private func fail(_ reason: String) -> JSONValue.ParseError {
        JSONValue.ParseError(offset: index, reason: "expected \(reason)")
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// Consumes `byte` (after white space) when it is next.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONValue.ParseError) -> JSONValue {
        let expected = Array(word.utf8)
        guard bytes[index...].starts(with: expected) else { throw fail(word) }
        index += expected.count
        return value
    }

    private mutating func value() throws(JSONValue.ParseError) -> JSONValue {
        skipSpace()
        guard index < bytes.count else { throw fail("a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(String, JSONValue)] = []
            if take(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                skipSpace()
                let key = try string()
                guard take(UInt8(ascii: ":")) else { throw fail("':'") }
                members.append((key, try value()))
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { throw fail("',' or '}'") }
            return .object(members)
        case UInt8(ascii: "["):
            index += 1
            var elements: [JSONValue] = []
            if take(UInt8(ascii: "]")) { return .array(elements) }
            repeat { elements.append(try value()) } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "]")) else { throw fail("',' or ']'") }
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        default: return try number()
        }
    }

    private mutating func number() throws(JSONValue.ParseError) -> JSONValue {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        // No leading zeros (`01`), at least one digit.
        guard index > digits, bytes[digits] != 0x30 || index == digits + 1 else {
            index = start
            throw fail("a number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fraction = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > fraction else { throw fail("a digit after '.'") }
        }
        guard let amount = Amount(utf8: bytes[start..<index]) else {
            index = start
            throw fail("a number of at most 18 digits, no exponent")
        }
        return .number(amount)
    }

    private mutating func string() throws(JSONValue.ParseError) -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("'\"'") }
        do {
            return String(decoding: try JSONStringLiteral.read(bytes, at: &index), as: UTF8.self)
        } catch {
            throw JSONValue.ParseError(offset: error.offset, reason: error.reason)
        }
    }
}
