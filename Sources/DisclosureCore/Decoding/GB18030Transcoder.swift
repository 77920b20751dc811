#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// GB18030 (and so GBK and GB2312) to UTF-8 through the C library's iconv, which reports where a bad or truncated
/// sequence sits.
enum GB18030Transcoder {
    /// Why a conversion failed.
    enum Failure: Error, Sendable, Equatable {
        /// A byte sequence that is not GB18030, at this offset.
        case invalid(offset: Int)
        /// The input ends inside a multi-byte sequence starting at this offset.
        case truncated(offset: Int)
        /// iconv could not be opened for GB18030 (a C library without it).
        case unavailable
    }

    /// Converts GB18030 bytes to UTF-8 bytes.
    ///
    /// - Throws: ``Failure`` with the byte offset of the first bad sequence.
    static func utf8(fromGB18030 bytes: [UInt8]) throws(Failure) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        guard let converter = iconv_open("UTF-8", "GB18030"), converter != iconv_t(bitPattern: -1) else {
            throw .unavailable
        }
        defer { iconv_close(converter) }
        // One GB18030 byte becomes at most 1.5 UTF-8 bytes (2 → 3; 4 → 4); 2n + 16 leaves room to spare.
        var output = [UInt8](repeating: 0, count: 2 * bytes.count + 16)
        var input = bytes
        let outcome: (result: Int, consumed: Int, produced: Int, error: Int32) = input.withUnsafeMutableBufferPointer {
            inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                inBuffer.withMemoryRebound(to: CChar.self) { inChars in
                    outBuffer.withMemoryRebound(to: CChar.self) { outChars in
                        var inPointer: UnsafeMutablePointer<CChar>? = inChars.baseAddress
                        var inLeft = inChars.count
                        var outPointer: UnsafeMutablePointer<CChar>? = outChars.baseAddress
                        var outLeft = outChars.count
                        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        let error = result == -1 ? errno : 0
                        return (result, inChars.count - inLeft, outChars.count - outLeft, error)
                    }
                }
            }
        }
        if outcome.result == -1 {
            if outcome.error == EINVAL { throw .truncated(offset: outcome.consumed) }
            throw .invalid(offset: outcome.consumed)
        }
        output.removeSubrange(outcome.produced...)
        return output
    }
}
