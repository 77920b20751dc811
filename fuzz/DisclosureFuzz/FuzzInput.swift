/// How the fuzzer's bytes become one raw input: the first byte picks the content type the scraper would have
/// sent, the rest is the document.
///
/// The selector is the byte modulo the number of routes, so every byte value reaches one of them and libFuzzer's
/// mutations move an input between routes as easily as they change its text.
enum FuzzInput {
    /// The content-type header per route: none (the decoder sniffs envelope, PDF, HTML and charset), plain UTF-8
    /// text, HTML, GB18030 text, the JSON envelope, PDF.
    static let contentTypes: [String?] = [
        nil,
        "text/plain; charset=utf-8",
        "text/html",
        "text/plain; charset=gb18030",
        "application/vnd.disclosure.raw+json",
        "application/pdf",
    ]

    /// Splits the fuzzer's bytes into a content type and the document's bytes; nil for an empty input.
    static func split(_ data: UnsafeBufferPointer<UInt8>) -> (contentType: String?, bytes: [UInt8])? {
        guard let selector = data.first else { return nil }
        let contentType = contentTypes[Int(selector) % contentTypes.count]
        return (contentType, Array(data.dropFirst()))
    }
}
