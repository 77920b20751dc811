/// A strict reader for one JSON object (RFC 8259) that keeps its top-level members: strings as UTF-8 bytes,
/// everything else by kind only. Enough for the envelope, with no Foundation in the core.
struct JSONObjectReader {
    /// A top-level member's value.
    enum Member: Sendable, Equatable {
        /// A string, UTF-8.
        case string([UInt8])
        /// `null`.
        case null
        /// A number, boolean, array or object (named, for messages).
        case other(String)
    }

    /// Why the bytes are not one JSON object.
    struct Failure: Error, Sendable, Equatable {
        /// What is wrong and where, for people.
        var reason: String
    }

    /// Nested arrays and objects deeper than this are refused (the reader recurses into them).
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The members of the object that `bytes` hold (a later duplicate key wins).
    ///
    /// - Throws: ``Failure`` when the bytes are not exactly one JSON object, with the byte offset.
    static func members(of bytes: [UInt8]) throws(Failure) -> [String: Member] {
        var reader = JSONObjectReader(bytes)
        if bytes.starts(with: ByteSniffer.utf8BOM) { reader.index = 3 }
        reader.skipSpace()
        guard reader.peek() == UInt8(ascii: "{") else { throw reader.failure("expected a JSON object") }
        var members: [String: Member] = [:]
        reader.index += 1
        reader.skipSpace()
        if reader.peek() == UInt8(ascii: "}") {
            reader.index += 1
        } else {
            while true {
                reader.skipSpace()
                guard reader.peek() == UInt8(ascii: "\"") else { throw reader.failure("expected a member name") }
                let key = String(decoding: try reader.readString(), as: UTF8.self)
                reader.skipSpace()
                guard reader.peek() == UInt8(ascii: ":") else { throw reader.failure("expected ':'") }
                reader.index += 1
                reader.skipSpace()
                members[key] = try reader.readMember()
                reader.skipSpace()
                guard let next = reader.peek() else { throw reader.failure("unterminated object") }
                reader.index += 1
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else {
                    throw reader.failure("expected ',' or '}'", at: reader.index - 1)
                }
            }
        }
        reader.skipSpace()
        guard reader.index == bytes.count else { throw reader.failure("unexpected data after the object") }
        return members
    }

    // MARK: - Values

    private mutating func readMember() throws(Failure) -> Member {
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            let start = index
            try skipValue(depth: 0)
            return .other(kind(of: bytes[start]))
        }
    }

    private func kind(of byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        default: "a number"
        }
    }

    private mutating func skipValue(depth: Int) throws(Failure) {
        guard depth < Self.maximumDepth else { throw failure("nested too deeply") }
        guard let byte = peek() else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
        case UInt8(ascii: "f"):
            try expectLiteral("false")
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let isObject = byte == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipSpace()
            if peek() == close {
                index += 1
                return
            }
            while true {
                skipSpace()
                if isObject {
                    guard peek() == UInt8(ascii: "\"") else { throw failure("expected a member name") }
                    _ = try readString()
                    skipSpace()
                    guard peek() == UInt8(ascii: ":") else { throw failure("expected ':'") }
                    index += 1
                    skipSpace()
                }
                try skipValue(depth: depth + 1)
                skipSpace()
                guard let next = peek() else { throw failure("unterminated \(isObject ? "object" : "array")") }
                index += 1
                if next == close { return }
                guard next == UInt8(ascii: ",") else { throw failure("expected ',' in a list", at: index - 1) }
            }
        default:
            try skipNumber()
        }
    }

    private mutating func skipNumber() throws(Failure) {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while let byte = peek(), byte >= 0x30, byte <= 0x39 { index += 1 }
        guard index > digitsStart else { throw failure("expected a value", at: start) }
        if peek() == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while let byte = peek(), byte >= 0x30, byte <= 0x39 { index += 1 }
            guard index > fractionStart else { throw failure("malformed number", at: start) }
        }
        if let byte = peek(), byte | 0x20 == UInt8(ascii: "e") {
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while let byte = peek(), byte >= 0x30, byte <= 0x39 { index += 1 }
            guard index > exponentStart else { throw failure("malformed number", at: start) }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected in
            index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
        }
        guard matches else { throw failure("expected a value") }
        index += count
    }

    /// Reads a string at `index` (on its opening quote) and returns its UTF-8 bytes, escapes resolved.
    private mutating func readString() throws(Failure) -> [UInt8] {
        do {
            return try JSONStringLiteral.read(bytes, at: &index)
        } catch {
            throw failure(error.reason, at: error.offset)
        }
    }

    // MARK: - Helpers

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func failure(_ reason: String, at offset: Int? = nil) -> Failure {
        Failure(reason: "\(reason) at byte \(offset ?? index)")
    }
}
