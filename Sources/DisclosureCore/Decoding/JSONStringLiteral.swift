/// Reads one JSON string literal (RFC 8259) from UTF-8 bytes: escapes resolved, surrogate pairs joined, control
/// characters and unpaired surrogates refused.
///
/// Shared by the envelope reader (``JSONObjectReader``) and the read-back of published JSON
/// (``JSONValue/init(parsing:)``), so that both accept exactly the same strings.
enum JSONStringLiteral {
    /// Why the bytes are not a string literal, and the byte offset where that was found.
    struct Failure: Error, Sendable, Equatable {
        /// What is wrong, for people ("unterminated string", "unpaired surrogate escape", …).
        var reason: String
        /// Byte offset into the whole input.
        var offset: Int
    }

    /// The UTF-8 bytes of the string whose opening quote is at `index`; `index` ends after the closing quote.
    static func read(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> [UInt8] {
        let start = index
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw Failure(reason: "unterminated string", offset: start) }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return out
            case UInt8(ascii: "\\"):
                try readEscape(bytes, at: &index, into: &out)
            case 0x00..<0x20:
                throw Failure(reason: "control character in a string", offset: index - 1)
            default:
                out.append(byte)
            }
        }
    }

    private static func readEscape(_ bytes: [UInt8], at index: inout Int, into out: inout [UInt8]) throws(Failure) {
        guard index < bytes.count else { throw Failure(reason: "unterminated escape", offset: index) }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4(bytes, at: &index)
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw Failure(reason: "unpaired surrogate escape", offset: index) }
                index += 2
                let low = try readHex4(bytes, at: &index)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw Failure(reason: "unpaired surrogate escape", offset: index)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw Failure(reason: "unpaired surrogate escape", offset: index)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Failure(reason: "invalid escape", offset: index) }
            out.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw Failure(reason: "invalid escape", offset: index - 1)
        }
    }

    private static func readHex4(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(reason: "truncated \\u escape", offset: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw Failure(reason: "invalid \\u escape", offset: index)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
