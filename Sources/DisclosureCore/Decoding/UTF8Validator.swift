/// Finds the first byte that makes input invalid UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
enum UTF8Validator {
    /// Where and how UTF-8 validation failed.
    struct Failure: Sendable, Equatable {
        /// Byte offset of the sequence that is invalid.
        var offset: Int
        /// The input ends inside a sequence that would otherwise be valid.
        var truncated: Bool
    }

    /// The first failure in `bytes`, or nil when they are valid UTF-8.
    static func firstFailure(_ bytes: [UInt8]) -> Failure? {
        bytes.withUnsafeBufferPointer { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            let count = buffer.count
            var index = 0
            while index < count {
                // ASCII runs are most of a document's markup and digits: skip them eight bytes at a time.
                while index + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    guard word & 0x8080_8080_8080_8080 == 0 else { break }
                    index += 8
                }
                guard index < count else { break }
                let lead = buffer[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0:
                    length = 3
                    lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED:
                    length = 3
                    upper = 0x9F
                case 0xF0:
                    length = 4
                    lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4:
                    length = 4
                    upper = 0x8F
                default:
                    return Failure(offset: index, truncated: false)
                }
                for position in 1..<length {
                    guard index + position < count else { return Failure(offset: index, truncated: true) }
                    let byte = buffer[index + position]
                    let (low, high) = position == 1 ? (lower, upper) : (UInt8(0x80), UInt8(0xBF))
                    guard byte >= low, byte <= high else { return Failure(offset: index, truncated: false) }
                }
                index += length
            }
            return nil
        }
    }

    /// Whether `bytes` contain any byte ≥ 0x80.
    static func hasNonASCII(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 >= 0x80 }
    }
}
