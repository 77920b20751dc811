/// Base64 decoding (RFC 4648) for the envelope's `bodyBase64`: the standard and the URL-safe alphabet, padding
/// optional, line breaks and spaces ignored (MIME-style wrapping).
enum Base64 {
    /// Why decoding failed.
    struct Failure: Error, Sendable, Equatable {
        /// What is wrong, for people.
        var reason: String
    }

    /// Decodes base64 text (as UTF-8 bytes).
    ///
    /// - Throws: ``Failure`` naming the offset of the first character that is not base64.
    static func decode(_ text: [UInt8]) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for (offset, byte) in text.enumerated() {
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = sextet(byte) else {
                throw Failure(reason: "not base64 at character \(offset)")
            }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // Six leftover bits cannot come from whole bytes: a quantum of one character is malformed.
        guard bits < 6, padding <= 2 else { throw Failure(reason: "base64 ends inside a byte") }
        return output
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
