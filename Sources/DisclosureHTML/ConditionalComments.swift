#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes the "downlevel-revealed" conditional markers that Word writes into saved HTML (`<![if !supportLists]>`,
/// `<![endif]>`): HTML parsers read them as text, so they would show up in the document's text.
///
/// The content between the markers (a list number, a vertical-text fallback) is kept, as browsers show it.
enum ConditionalComments {
    /// The longest marker removed; a longer `<![…]>` is left alone.
    static let maximumMarkerLength = 200

    /// `utf8` without `<![if …]>` and `<![endif]>` markers (one linear pass; the input itself when there are none).
    static func removingMarkers(_ utf8: [UInt8]) -> [UInt8] {
        guard let first = nextMarker(in: utf8, from: 0) else { return utf8 }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var copied = 0
        var marker: Range<Int>? = first
        while let range = marker {
            output.append(contentsOf: utf8[copied..<range.lowerBound])
            copied = range.upperBound
            marker = nextMarker(in: utf8, from: copied)
        }
        output.append(contentsOf: utf8[copied...])
        return output
    }

    /// The next `<![if…]>` or `<![endif…]>` at or after `from`.
    private static func nextMarker(in bytes: [UInt8], from: Int) -> Range<Int>? {
        bytes.withUnsafeBufferPointer { nextMarker(in: $0, from: from) }
    }

    private static func nextMarker(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Range<Int>? {
        guard let base = bytes.baseAddress else { return nil }
        // Each `<![` in turn, found by its `[` (memchr: `[` is rare in a page, `<` is in every tag), checked for
        // the `<!` before it.
        var bracket = from + 2
        while bracket + 2 < bytes.count {
            guard let found = memchr(base + bracket, 0x5B, bytes.count - bracket) else { return nil }
            bracket = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
            let index = bracket - 2
            guard index + 4 < bytes.count else { return nil }
            bracket += 1
            guard bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "!") else { continue }
            let word = index + 3
            let isIf = bytes[word] | 0x20 == UInt8(ascii: "i") && bytes[word + 1] | 0x20 == UInt8(ascii: "f")
            let isEndif =
                word + 4 < bytes.count && bytes[word] | 0x20 == UInt8(ascii: "e")
                && bytes[word + 1] | 0x20 == UInt8(ascii: "n") && bytes[word + 2] | 0x20 == UInt8(ascii: "d")
                && bytes[word + 3] | 0x20 == UInt8(ascii: "i") && bytes[word + 4] | 0x20 == UInt8(ascii: "f")
            if isIf || isEndif {
                let limit = min(bytes.count - 1, index + maximumMarkerLength)
                var end = word
                while end < limit, !(bytes[end] == UInt8(ascii: "]") && bytes[end + 1] == UInt8(ascii: ">")) {
                    end += 1
                }
                if end < limit { return index..<(end + 2) }
            }
        }
        return nil
    }
}
