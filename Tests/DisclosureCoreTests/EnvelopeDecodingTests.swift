import DisclosureCore
import Testing

@Suite struct EnvelopeDecodingTests {
    private let decoder = DocumentDecoder()
    private let envelopeType = "application/vnd.disclosure.raw+json"

    private func decode(
        _ json: String,
        contentType: String? = "application/vnd.disclosure.raw+json"
    ) throws
        -> DecodedDocument
    {
        try decoder.decode(RawDocument(bytes: Array(json.utf8), contentType: contentType))
    }

    private func error(_ json: String) -> DisclosureError? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return error as? DisclosureError
        }
    }

    @Test func bodyAndMetadataFillTheDocument() throws {
        let json = #"""
            {"documentId":"d-1","sourceUrl":"https://a.gov.cn/x","fetchedAt":"2024-01-02T03:04:05Z",
             "contentType":"text/html","charset":"gbk","body":"<p>\u9884\u7b97 \"A\"\n</p><p>&amp;</p>"}
            """#
        let document = try decode(json)
        #expect(document.documentId == "d-1")
        #expect(document.source.url == "https://a.gov.cn/x")
        #expect(document.source.fetchedAt == "2024-01-02T03:04:05Z")
        #expect(document.source.contentType == "text/html")
        // A JSON string is Unicode already: the declared charset cannot apply to it.
        #expect(document.source.charset == "utf-8")
        #expect(document.text == "预算 \"A\"\n&")
    }

    @Test func bodyBase64UsesTheEnvelopeCharset() throws {
        let bytes = TestSupport.gb18030("预算收入")
        let json = #"{"contentType":"text/plain","charset":"gb18030","bodyBase64":"\#(base64(bytes))"}"#
        let document = try decode(json)
        #expect(document.text == "预算收入")
        #expect(document.source.charset == "gb18030")
        #expect(document.source.contentType == "text/plain")
    }

    @Test func withoutAnIdTheIdHashesTheEnvelopeBytes() throws {
        let json = #"{"body":"abc"}"#
        let document = try decode(json)
        #expect(document.documentId == RawDocument(bytes: Array(json.utf8)).contentDocumentId)
    }

    @Test func theEnvelopeIdWinsOverTheHeaderId() throws {
        let raw = RawDocument(
            bytes: Array(#"{"documentId":"inner","body":"x"}"#.utf8),
            contentType: envelopeType,
            documentId: "outer"
        )
        #expect(try decoder.decode(raw).documentId == "inner")
        let noInner = RawDocument(bytes: Array(#"{"body":"x"}"#.utf8), contentType: envelopeType, documentId: "outer")
        #expect(try decoder.decode(noInner).documentId == "outer")
    }

    @Test func anEnvelopeWithoutAHeaderIsSniffed() throws {
        let document = try decode(#"  {"sourceUrl":"u","body":"预算"}  "#, contentType: nil)
        #expect(document.text == "预算")
        #expect(document.source.url == "u")
    }

    @Test(arguments: [
        "", "[]", "{", #"{"body":"x""#, #"{"body":"x",}"#, #"{"body":1}"#, #"{"documentId":5,"body":"x"}"#,
        #"{"body":"x","bodyBase64":"eA=="}"#, #"{"sourceUrl":"x"}"#, #"{"bodyBase64":"@@@"}"#, #"{"body":"x"} junk"#,
        #"{"body":"\ud800"}"#, #"{"body":"\q"}"#, #"{"body":"a"#, "{\"body\":\"a\u{1}\"}", #"{"bodyBase64":"QQ=A"}"#,
        #"{"body":""}"#, String(repeating: "[", count: 100_000),
        #"{"a":"#, #"{"a":[1,2,{"b":[true,false,null,-1.5e3]}],"body":"ok"} "#,
    ])
    func brokenEnvelopesAreDecodeErrors(json: String) {
        let result = error(json)
        if json.hasSuffix(#""body":"ok"} "#) {
            #expect(result == nil, "a well-formed envelope with nested members is fine")
        } else {
            #expect(result?.code == .decode, "\(json.prefix(40))")
        }
    }

    @Test func base64AcceptsWrappingAndTheURLSafeAlphabet() throws {
        let json = #"{"bodyBase64":"5Lit\n5paH+/8=","charset":"utf-8"}"#
        let failure = error(json)
        // 5Lit5paH → 中文; "+/8=" decodes to 0xFB 0xFF, not UTF-8 or GB18030.
        #expect(failure?.code == .decode)
        #expect(try decode(#"{"bodyBase64":"5Lit\r\n5paH"}"#).text == "中文")
        #expect(try decode(#"{"bodyBase64":"5Lit5paH"}"#).text == "中文")
    }

    private func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int((value >> (18 - 6 * UInt32(position))) & 63)] : 61)
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
