/// Looks through a PDF's bytes before poppler does, and refuses decompression and object-count bombs.
///
/// poppler cannot be interrupted inside a page: a content stream that inflates to gigabytes, or an object stream that
/// declares millions of objects, would cost that page's time and memory before any limit between pages is checked.
/// The scan finds every stream (`<< … >> stream … endstream`), inflates its leading `FlateDecode` filters with zlib
/// into a fixed 64 KiB buffer (counting, never keeping the output; `LZWDecode` and `RunLengthDecode` are counted
/// by ``DecodedSize``, unfiltered data by its length), and stops at the first stream past the limits:
/// ``PDFExtractionLimits/maximumInflatedStreamBytes`` (four times that for embedded fonts),
/// ``PDFExtractionLimits/maximumInflatedBytes`` in total, or ``PDFExtractionLimits/maximumInflationRatio`` once a
/// stream passes 4 MiB. Object streams (`/Type /ObjStm`) and cross-reference streams or trailers (`/Size`) may not
/// declare more than ``PDFExtractionLimits/maximumObjects`` objects.
///
/// An encrypted document's streams are compressed, then encrypted. When it opens without a password (an empty user
/// password: permissions only, which poppler opens too), ``PDFStandardSecurity`` decrypts each stream first (RC4,
/// AES-128 or AES-256 with the file key of the encryption dictionary), so the same limits hold. A document that needs
/// a password is refused by poppler before any page is read.
///
/// Image streams are not inflated: poppler's text extraction never decodes them. Streams whose data is not zlib
/// data (encrypted documents, other filters first) are left to poppler. Time and memory are bounded by the limits:
/// the scan reads the file once and inflates at most ``PDFExtractionLimits/maximumInflatedBytes``.
enum PDFStreamScan {
    /// Output past which the ratio limit applies: small streams may compress extremely well (a blank page).
    static let ratioFloor = 4 * 1024 * 1024
    /// Longest stream dictionary looked through.
    static let maximumDictionaryBytes = 64 * 1024
    /// Most FlateDecode filters one stream may chain.
    static let maximumFlateStages = 4

    /// Scans `bytes`.
    ///
    /// - Throws: ``PDFExtractionError`` `bomb`, naming the stream's byte offset and what it would inflate to.
    static func check(_ bytes: [UInt8], limits: PDFExtractionLimits) throws(PDFExtractionError) {
        var total = 0
        var declaredObjects = 0
        let failure: PDFExtractionError? = bytes.withUnsafeBufferPointer { buffer in
            let security = PDFStandardSecurity.open(buffer)
            var position = 0
            // Classic trailers: `trailer << /Size n … >>`.
            while let found = ByteSearch.find("trailer", in: buffer, from: position) {
                position = found + 7
                let window = UnsafeBufferPointer(rebasing: buffer[position..<min(buffer.count, position + 4096)])
                if let size = PDFDictionary(window).integer("Size"), size > limits.maximumObjects {
                    return PDFExtractionError(
                        .bomb,
                        "the trailer at byte \(found) declares \(size) objects; the limit is \(limits.maximumObjects)"
                    )
                }
            }
            position = 0
            while let keyword = ByteSearch.find("stream", in: buffer, from: position) {
                position = keyword + 6
                guard let found = PDFStreamScan.dictionary(before: keyword, in: buffer),
                    let dataStart = PDFStreamScan.dataStart(after: keyword + 6, in: buffer)
                else { continue }
                // A stream's dictionary is a few hundred bytes; one too long to look through could hide anything.
                guard let dictionary = found else {
                    return PDFExtractionError(
                        .bomb,
                        "the stream at byte \(keyword) has a dictionary longer than \(maximumDictionaryBytes) bytes"
                    )
                }
                let dataEnd = ByteSearch.find("endstream", in: buffer, from: dataStart) ?? buffer.count
                position = max(position, dataEnd)
                let header = PDFDictionary(UnsafeBufferPointer(rebasing: buffer[dictionary]))
                let type = header.name("Type")
                if type == "ObjStm" || type == "XRef" {
                    let count = max(0, header.integer(type == "ObjStm" ? "N" : "Size") ?? 0)
                    // Object streams add up; a cross-reference stream's /Size counts every object once.
                    if type == "ObjStm" { declaredObjects += count }
                    let declared = type == "ObjStm" ? declaredObjects : count
                    if declared > limits.maximumObjects {
                        let kind = type == "ObjStm" ? "object streams" : "cross-reference stream"
                        return PDFExtractionError(
                            .bomb,
                            "the \(kind) at byte \(keyword) declare\(type == "ObjStm" ? "" : "s") \(declared) objects; the "
                                + "limit is \(limits.maximumObjects)"
                        )
                    }
                }
                if header.name("Subtype") == "Image" { continue }
                let filters = header.filters()
                let flates = filters.prefix { $0 == "FlateDecode" || $0 == "Fl" }.count
                // Each stage holds an inflater and a buffer; no real file chains more than two.
                guard flates <= maximumFlateStages else {
                    return PDFExtractionError(
                        .bomb,
                        "the stream at byte \(keyword) chains \(flates)\(flates >= 64 ? " or more" : "") FlateDecode filters; at most "
                            + "\(maximumFlateStages) are read"
                    )
                }
                let isFont =
                    header.has("Length1") || header.has("Length2")
                    || ["Type1C", "CIDFontType0C", "OpenType"].contains(header.name("Subtype") ?? "")
                let streamLimit = limits.maximumInflatedStreamBytes * (isFont ? 4 : 1)
                let stored = UnsafeBufferPointer(rebasing: buffer[dataStart..<dataEnd])
                // An encrypted stream is measured decrypted (cross-reference streams are never encrypted).
                var decrypted: [UInt8]? = nil
                if case .readable(let handler) = security, type != "XRef",
                    let (object, generation) = PDFStandardSecurity.objectNumber(
                        before: dictionary.lowerBound,
                        in: buffer
                    )
                {
                    decrypted = handler.decrypt(stored, object: object, generation: generation)
                }
                let budget = min(streamLimit, limits.maximumInflatedBytes - total) + 1
                // What poppler would have to read: the data itself without filters, else what the first filters
                // decode to (filters that only shrink, or that poppler leaves to images, are not counted).
                let measured: Int? = PDFStreamScan.withData(stored, decrypted) { data in
                    switch filters.first {
                    case nil: return data.count
                    case "FlateDecode", "Fl": return inflatedSize(data, stages: flates, stopAfter: budget)
                    case "LZWDecode", "LZW":
                        let early = header.integer("EarlyChange") ?? 1
                        return DecodedSize.lzw(data, earlyChange: early == 0 ? 0 : 1, stopAfter: budget)
                    case "RunLengthDecode", "RL": return DecodedSize.runLength(data, stopAfter: budget)
                    default: return nil
                    }
                }
                guard let inflated = measured else { continue }
                let data = stored
                total += inflated
                if inflated > streamLimit {
                    return PDFExtractionError(
                        .bomb,
                        "the stream at byte \(keyword) \(filters.isEmpty ? "holds more than" : "inflates past") "
                            + "\(streamLimit) bytes from \(data.count): \(filters.isEmpty ? "too much for one page" : "a decompression bomb")"
                    )
                }
                if total > limits.maximumInflatedBytes {
                    return PDFExtractionError(
                        .bomb,
                        "the streams inflate past \(limits.maximumInflatedBytes) bytes in total (at the stream at byte "
                            + "\(keyword)): a decompression bomb"
                    )
                }
                if inflated > ratioFloor, inflated / max(1, data.count) > limits.maximumInflationRatio {
                    return PDFExtractionError(
                        .bomb,
                        "the stream at byte \(keyword) inflates \(data.count) bytes to \(inflated) (over "
                            + "\(limits.maximumInflationRatio):1): a decompression bomb"
                    )
                }
            }
            return nil
        }
        if let failure { throw failure }
    }

    /// Runs `body` over the decrypted data when there is some, else over the stored data.
    private static func withData<Result>(
        _ stored: UnsafeBufferPointer<UInt8>,
        _ decrypted: [UInt8]?,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        guard let decrypted else { return body(stored) }
        return decrypted.withUnsafeBufferPointer(body)
    }

    /// How many bytes `data` inflates to through `stages` FlateDecode filters, counting at most `stopAfter`.
    static func inflatedSize(_ data: UnsafeBufferPointer<UInt8>, stages: Int, stopAfter: Int) -> Int {
        let inflaters = (0..<stages).map { _ in FlateInflater() }
        var count = 0
        // Each stage feeds the next; the last one counts. A stage that fails ends the chain (poppler decides).
        func feed(_ input: UnsafeBufferPointer<UInt8>, stage: Int) -> Bool {
            if stage == inflaters.count {
                count += input.count
                return count < stopAfter
            }
            return inflaters[stage].inflate(input) { feed($0, stage: stage + 1) } == .finished
        }
        _ = feed(data, stage: 0)
        return count
    }

    /// The `<< … >>` dictionary that ends right before `keyword` (whitespace between): nil when `keyword` does not
    /// follow a dictionary (the `stream` in `endstream`), `.some(nil)` when its start is not within
    /// ``maximumDictionaryBytes``.
    static func dictionary(before keyword: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>?? {
        var end = keyword
        while end > 0, ByteSearch.isWhitespace(buffer[end - 1]) { end -= 1 }
        guard end >= 2, buffer[end - 1] == UInt8(ascii: ">"), buffer[end - 2] == UInt8(ascii: ">") else { return nil }
        var depth = 0
        var index = end - 1
        let floor = max(0, end - maximumDictionaryBytes)
        while index > floor {
            let pair = (buffer[index - 1], buffer[index])
            if pair == (UInt8(ascii: ">"), UInt8(ascii: ">")) {
                depth += 1
                index -= 2
            } else if pair == (UInt8(ascii: "<"), UInt8(ascii: "<")) {
                depth -= 1
                if depth == 0 { return .some((index - 1)..<end) }
                index -= 2
            } else {
                index -= 1
            }
        }
        return floor == 0 ? nil : .some(nil)
    }

    /// Where a stream's data starts: after the end of line that follows the keyword.
    static func dataStart(after index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard index < buffer.count else { return nil }
        if buffer[index] == UInt8(ascii: "\n") { return index + 1 }
        if buffer[index] == UInt8(ascii: "\r") {
            return index + 1 < buffer.count && buffer[index + 1] == UInt8(ascii: "\n") ? index + 2 : index + 1
        }
        return nil
    }
}
