#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The non-empty lines of a normalized text, as trimmed byte spans, in order.
///
/// Headings, duties and title lines are line-oriented in every source form (plain text, HTML blocks, PDF text), so
/// the extractors walk lines rather than bytes where the layout carries meaning.
struct TextLines {
    /// Trimmed spans of the non-empty lines.
    let spans: [TextSpan]

    /// Splits `bytes` at LF.
    init(_ bytes: [UInt8]) {
        var spans: [TextSpan] = []
        // A disclosure has a non-empty line every 100 bytes or so: room for more, so the list rarely grows.
        spans.reserveCapacity(bytes.count / 64 + 8)
        bytes.withUnsafeBufferPointer { text in
            let count = text.count
            var start = 0
            while start <= count {
                // memchr finds the line feed a word at a time; lines are long next to the work done per line.
                var end = count
                if start < count, text[start] == 0x0A {
                    // An empty line (paragraphs are often set apart by one: half a disclosure's lines): no call.
                    end = start
                } else if start < count, let base = text.baseAddress,
                    let found = memchr(base + start, 0x0A, count - start)
                {
                    end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                }
                // Trimmed of ASCII blanks (the line holds no line break).
                var lower = start
                var upper = end
                while lower < upper, text[lower] == 0x20 || text[lower] == 0x09 { lower += 1 }
                while upper > lower, text[upper - 1] == 0x20 || text[upper - 1] == 0x09 { upper -= 1 }
                if upper > lower { spans.append(TextSpan(start: lower, end: upper)) }
                start = end + 1
            }
        }
        self.spans = spans
    }

    /// Number of lines.
    var count: Int { spans.count }

    /// The line span at `index`.
    subscript(index: Int) -> TextSpan { spans[index] }

    /// The index of the first line that ends after `offset` (the line holding it, or the next one).
    func lineIndex(atOrAfter offset: Int) -> Int {
        var lower = 0
        var upper = spans.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if spans[middle].end <= offset { lower = middle + 1 } else { upper = middle }
        }
        return lower
    }
}
