#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A window of the normalized text with line breaks removed, and a map back to normalized offsets.
struct JoinedWindow {
    /// The bytes, LF removed.
    let bytes: [UInt8]
    /// For each LF removed, the window offset of the byte that followed it (how many bytes were kept before it),
    /// ascending: a window offset maps to ``start`` plus itself plus the number of entries up to it.
    private let breaks: [Int]
    /// Where the window starts in the normalized text.
    private let start: Int

    /// Copies up to `length` bytes from `from`, skipping LF (stopping early at a scalar boundary).
    init(_ source: [UInt8], from: Int, length: Int) {
        start = from
        var bytes: [UInt8] = []
        var breaks: [Int] = []
        bytes.reserveCapacity(length + 3)
        source.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress, from >= 0 else { return }
            var index = from
            while index < text.count {
                if bytes.count >= length {
                    // Full: only the rest of the scalar at the end (a continuation byte is never LF).
                    guard text[index] & 0xC0 == 0x80 else { break }
                    bytes.append(text[index])
                    index += 1
                    continue
                }
                if text[index] == 0x0A {
                    // A window over lines holds a break every hundred bytes or so: room for several at the first.
                    if breaks.isEmpty { breaks.reserveCapacity(16) }
                    breaks.append(bytes.count)
                    index += 1
                    continue
                }
                // The run up to the next LF (memchr: a word at a time), at most what is still wanted.
                let limit = min(text.count, index + (length - bytes.count))
                var end = limit
                if let found = memchr(base + index, 0x0A, limit - index) {
                    end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
                index = end
            }
        }
        self.bytes = bytes
        self.breaks = breaks
    }

    /// The normalized-text offset of a window offset (clamped to the window; its end maps to where the copy
    /// stopped).
    func origin(_ offset: Int) -> Int {
        let offset = max(0, min(offset, bytes.count))
        // Few breaks (a statement wraps over a line or two): counted, not searched.
        var skipped = 0
        for position in breaks {
            if position > offset { break }
            skipped += 1
        }
        return start + offset + skipped
    }
}
