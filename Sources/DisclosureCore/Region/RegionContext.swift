/// The text ``RegionResolver`` may search for the province and prefecture names that tell same-named divisions
/// apart: the first `limit` bytes of a document's normalized UTF-8.
///
/// It holds the document's byte array (no copy) and is searched only when a name is ambiguous, so a document whose
/// place is unambiguous pays nothing for it.
struct RegionContext: Sendable {
    /// The document's bytes.
    let bytes: [UInt8]
    /// How many of them may be searched.
    let limit: Int

    /// No context: ambiguous names stay unresolved.
    static let none = RegionContext([], limit: 0)

    /// The first `limit` bytes of `bytes`.
    init(_ bytes: [UInt8], limit: Int) {
        self.bytes = bytes
        self.limit = min(max(limit, 0), bytes.count)
    }

    /// The whole of `text`.
    init(_ text: String) {
        let bytes = Array(text.utf8)
        self.init(bytes, limit: bytes.count)
    }

    /// Whether `word` occurs in the context.
    func contains(_ word: String) -> Bool {
        let pattern = Array(word.utf8)
        guard let head = pattern.first, pattern.count <= limit else { return pattern.isEmpty }
        return bytes.withUnsafeBufferPointer { text in
            pattern.withUnsafeBufferPointer { pattern in
                var index = 0
                let last = limit - pattern.count
                while index <= last {
                    if text[index] == head {
                        var offset = 1
                        while offset < pattern.count, text[index + offset] == pattern[offset] { offset += 1 }
                        if offset == pattern.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }
}
