/// Hides a document's `/OutputIntents` from poppler by renaming the key in place, before poppler sees the bytes.
///
/// poppler 22.12 (built with lcms) looks up the catalog's output intent every time it lays out a page, text
/// extraction included, and when there is exactly one with an ICC profile (PDF/A files, as Word writes them) it
/// builds lcms colour transforms from that profile for the page: about 15 ms a page, most of such a document's
/// extraction time. Colour never changes the text, so the key is renamed to one poppler never reads. The new name
/// has the same length, so every cross-reference offset stays valid. A catalog inside a compressed object stream is
/// out of reach and keeps its intents (poppler is then only slower).
enum OutputIntentMask {
    /// The key poppler reads.
    static let key: StaticString = "/OutputIntents"
    /// What it becomes: a name of the same length that no reader looks up.
    static let masked: StaticString = "/XOutputIntent"

    /// Renames every `/OutputIntents` name (followed by a delimiter, so a longer name is left alone) in `bytes`.
    ///
    /// - Returns: how many names were renamed.
    @discardableResult
    static func apply(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let buffer = UnsafeBufferPointer(bytes)
        let length = key.utf8CodeUnitCount
        var renamed = 0
        var position = 0
        while let found = ByteSearch.find(key, in: buffer, from: position) {
            position = found + length
            guard position == buffer.count || ByteSearch.isDelimiter(buffer[position]) else { continue }
            let replacement = UnsafeBufferPointer(start: masked.utf8Start, count: length)
            for offset in 0..<length { bytes[found + offset] = replacement[offset] }
            renamed += 1
        }
        return renamed
    }
}
