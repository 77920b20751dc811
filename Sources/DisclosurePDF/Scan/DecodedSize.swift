/// How many bytes the PDF filters that can expand without zlib decode to, counted without keeping the output.
///
/// `LZWDecode` can turn 12 bits into 4 096 bytes, `RunLengthDecode` 2 bytes into 128: both are bomb material too.
/// Counting needs only each LZW code's length, never its bytes, so memory stays at 16 KiB whatever the data says.
enum DecodedSize {
    /// The decoded size of `LZWDecode` data (PDF's variant: 9 to 12 bit codes, most significant bit first, 256
    /// clears, 257 ends), counting at most `stopAfter`; stops at the first invalid code.
    ///
    /// - Parameter earlyChange: the `/EarlyChange` parameter (1 by default): widths grow one code early.
    static func lzw(_ data: UnsafeBufferPointer<UInt8>, earlyChange: Int = 1, stopAfter: Int) -> Int {
        var lengths = [Int](repeating: 1, count: 4096)
        var width = 9
        var next = 258
        var previous: Int? = nil
        var output = 0
        var bits: UInt32 = 0
        var bitCount = 0
        var index = 0
        while output < stopAfter {
            while bitCount < width, index < data.count {
                bits = (bits << 8) | UInt32(data[index])
                bitCount += 8
                index += 1
            }
            guard bitCount >= width else { break }
            let code = Int((bits >> UInt32(bitCount - width)) & ((1 << UInt32(width)) - 1))
            bitCount -= width
            bits &= (1 << UInt32(bitCount)) - 1
            if code == 256 {
                width = 9
                next = 258
                previous = nil
                continue
            }
            if code == 257 { break }
            let length: Int
            if code < 256 {
                length = 1
            } else if code < next {
                length = lengths[code]
            } else if code == next, let previous {
                length = lengths[previous] + 1
            } else {
                break
            }
            output += length
            if let previous, next < 4096 {
                lengths[next] = lengths[previous] + 1
                next += 1
            }
            previous = code
            if next + earlyChange >= 1 << width, width < 12 { width += 1 }
        }
        return min(output, stopAfter)
    }

    /// The decoded size of `RunLengthDecode` data, counting at most `stopAfter`.
    static func runLength(_ data: UnsafeBufferPointer<UInt8>, stopAfter: Int) -> Int {
        var output = 0
        var index = 0
        while index < data.count, output < stopAfter {
            let length = Int(data[index])
            if length == 128 { break }
            if length < 128 {
                output += length + 1
                index += length + 2
            } else {
                output += 257 - length
                index += 2
            }
        }
        return min(output, stopAfter)
    }
}
