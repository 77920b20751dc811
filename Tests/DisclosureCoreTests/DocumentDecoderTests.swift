import DisclosureCore
import DisclosureTestSupport
import Testing

@Suite struct DocumentDecoderTests {
    private let decoder = DocumentDecoder()
    private let text = "重庆市铜梁区人民政府办公室2024年单位预算情况说明：收入预算1651.99万元。"

    private func decode(_ bytes: [UInt8], contentType: String? = nil) throws -> DecodedDocument {
        try decoder.decode(RawDocument(bytes: bytes, contentType: contentType))
    }

    private func decodeError(_ bytes: [UInt8], contentType: String? = nil) -> DisclosureError? {
        do {
            _ = try decode(bytes, contentType: contentType)
            return nil
        } catch {
            return error as? DisclosureError
        }
    }

    // MARK: - Charsets

    @Test func utf8WithoutHeaderIsDetected() throws {
        let document = try decode(Array(text.utf8))
        #expect(document.text == text)
        #expect(document.source.charset == "utf-8")
        #expect(document.source.contentType == "text/plain")
    }

    @Test func utf8ByteOrderMarkIsStripped() throws {
        let document = try decode([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(document.text == text)
        #expect(document.source.charset == "utf-8")
    }

    @Test func gb18030WithoutHeaderIsDetected() throws {
        let document = try decode(TestSupport.gb18030(text))
        #expect(document.text == text)
        #expect(document.source.charset == "gb18030")
    }

    @Test(arguments: ["text/plain; charset=gb18030", "text/plain;charset=GBK", "text/plain; charset=\"gb2312\""])
    func declaredGBCharsetsDecodeAsGB18030(contentType: String) throws {
        let document = try decode(TestSupport.gb18030(text), contentType: contentType)
        #expect(document.text == text)
        #expect(document.source.charset == "gb18030")
    }

    @Test func gb18030FourByteSequencesAndTheEuroSignDecode() throws {
        let rare = "重庆市渝中区解放碑 € 𠀀 ㈠"
        #expect(try decode(TestSupport.gb18030(rare), contentType: "text/plain; charset=gb18030").text == rare)
    }

    @Test func gb18030ByteOrderMarkIsStripped() throws {
        let document = try decode([0x84, 0x31, 0x95, 0x33] + TestSupport.gb18030(text))
        #expect(document.text == text)
        #expect(document.source.charset == "gb18030")
    }

    @Test func asciiDeclaredGB18030ReportsTheDeclaredCharset() throws {
        let document = try decode(Array("2024 budget 100".utf8), contentType: "text/plain; charset=gbk")
        #expect(document.source.charset == "gb18030")
    }

    @Test func validUTF8WinsOverAWrongGBKDeclaration() throws {
        let document = try decode(Array(text.utf8), contentType: "text/plain; charset=gbk")
        #expect(document.text == text)
        #expect(document.source.charset == "utf-8")
    }

    @Test func gb18030BytesWinOverAWrongUTF8Declaration() throws {
        let document = try decode(TestSupport.gb18030(text), contentType: "text/plain; charset=utf-8")
        #expect(document.text == text)
        #expect(document.source.charset == "gb18030")
    }

    @Test func metaCharsetIsReadForHTML() throws {
        let html =
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>"
            + "<body><p>\(text)</p></body></html>"
        let document = try decode(TestSupport.gb18030(html))
        #expect(document.text == text)
        #expect(document.source.charset == "gb18030")
        #expect(document.source.contentType == "text/html")
    }

    @Test func headerCharsetWinsOverMetaCharset() throws {
        // GB18030 bytes, a header that says so, and a <meta> that lies.
        let html = "<html><head><meta charset=\"utf-8\"></head><body><p>\(text)</p></body></html>"
        let document = try decode(TestSupport.gb18030(html), contentType: "text/html; charset=gb18030")
        #expect(document.text == text)
        #expect(document.source.charset == "gb18030")
    }

    @Test func aMetaCharsetOnUTF8BytesIsOverruledByTheBytes() throws {
        let html = "<meta charset=gbk><p>\(text)</p>"
        let document = try decode(Array(html.utf8))
        #expect(document.text == text)
        #expect(document.source.charset == "utf-8")
    }

    // MARK: - Content type

    @Test(arguments: [
        "<!DOCTYPE html><html><body><p>X</p></body></html>", "<html><p>X</p></html>", "前言<p>X</p>",
        "\n  <div>X</div>", "<table><tr><td>X</td></tr></table>",
    ])
    func htmlIsSniffedWithoutAHeader(html: String) throws {
        let document = try decode(Array(html.utf8))
        #expect(document.source.contentType == "text/html")
        #expect(document.text.contains("X"))
        #expect(!document.text.contains("<"))
    }

    @Test func plainTextWithAngleBracketsStaysText() throws {
        let document = try decode(Array("收入 < 支出，a<b 且 x>y".utf8))
        #expect(document.source.contentType == "text/plain")
        #expect(document.text == "收入 < 支出，a<b 且 x>y")
    }

    @Test func aPlainTextHeaderIsTrustedUnlessTheBytesStartAsAPage() throws {
        let fragment = try decode(Array("说明<p>原样</p>".utf8), contentType: "text/plain")
        #expect(fragment.source.contentType == "text/plain")
        #expect(fragment.text == "说明<p>原样</p>")
        let page = try decode(Array("<!doctype html><p>页</p>".utf8), contentType: "text/plain")
        #expect(page.source.contentType == "text/html")
        #expect(page.text == "页")
    }

    @Test func htmlTablesAndTitleAreKept() throws {
        let html = "<title>题</title><p>说明</p><table><caption>表一</caption><tr><td>合计</td><td>10</td></tr></table>"
        let document = try decode(Array(html.utf8), contentType: "text/html")
        #expect(document.htmlTables == [[["合计", "10"]]])
        #expect(document.tableCaptions == ["表一"])
        #expect(document.htmlTitle == "题")
        #expect(document.tableRanges == [7..<23])
        #expect(document.text == "说明\n表一\n合计\t10")
    }

    // MARK: - Identity and metadata

    @Test func documentIdIsTheHeaderOrTheHashOfTheRawBytes() throws {
        let bytes = Array("abc".utf8)
        let hashed = try decoder.decode(RawDocument(bytes: bytes))
        #expect(hashed.documentId == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let given = try decoder.decode(
            RawDocument(
                bytes: bytes,
                documentId: "doc-1",
                sourceURL: "https://x.gov.cn/a",
                fetchedAt: "2024-03-01T00:00:00Z"
            )
        )
        #expect(given.documentId == "doc-1")
        #expect(given.source.url == "https://x.gov.cn/a")
        #expect(given.source.fetchedAt == "2024-03-01T00:00:00Z")
    }

    // MARK: - PDF hook

    @Test func pdfWithoutASourceFailsWithPDFCode() {
        #expect(decodeError(Array("%PDF-1.7\n%âãÏÓ\n1 0 obj".utf8))?.code == .decode)
        #expect(decodeError(Array("anything".utf8), contentType: "application/pdf")?.code == .decode)
        #expect(decodeError(Array("%PDF-1.4".utf8))?.message == "PDF support not available")
    }

    @Test func pdfGoesToTheInstalledSource() throws {
        struct FakePDF: PDFTextSource {
            func extractText(fromPDF bytes: [UInt8], limits: InputLimits) throws(DisclosureError) -> ExtractedPDFText {
                ExtractedPDFText(text: "PDF \(bytes.count)", tables: [[["a"]]], tableCaptions: ["t"])
            }
        }
        let decoder = DocumentDecoder(pdfTextSource: FakePDF())
        let document = try decoder.decode(RawDocument(bytes: Array("%PDF-1.7 x".utf8)))
        #expect(document.text == "PDF 10")
        #expect(document.source.contentType == "application/pdf")
        #expect(document.source.charset == nil)
        #expect(document.htmlTables == [[["a"]]])
    }

    // MARK: - Limits

    @Test func inputOverTheLimitIsTooLarge() {
        let decoder = DocumentDecoder(limits: InputLimits(maximumBytes: 10))
        #expect(throws: DisclosureError(.tooLarge, "input is 11 bytes; the limit is 10")) {
            try decoder.decode(RawDocument(bytes: Array(repeating: 0x41, count: 11)))
        }
        #expect((try? decoder.decode(RawDocument(bytes: Array(repeating: 0x41, count: 10)))) != nil)
    }

    @Test func decodedTextOverTheLimitIsTooLarge() {
        let decoder = DocumentDecoder(limits: InputLimits(maximumBytes: 1000, maximumTextBytes: 20))
        let bytes = TestSupport.gb18030(String(repeating: "预算", count: 6))  // 24 bytes → 36 bytes of UTF-8
        #expect(throws: DisclosureError.self) { try decoder.decode(RawDocument(bytes: bytes)) }
        #expect((try? decoder.decode(RawDocument(bytes: bytes))) == nil)
    }

    @Test func fiftyMegabytesFailsAtOnce() {
        let bytes = [UInt8](repeating: 0x31, count: 50 * 1024 * 1024)
        #expect(decodeError(bytes)?.code == .tooLarge)
    }

    // MARK: - Bad input

    @Test func emptyInputIsADecodeError() {
        #expect(decodeError([]) == DisclosureError(.decode, "input is empty"))
    }

    @Test func invalidUTF8DeclaredUTF8NamesTheOffset() {
        let error = decodeError(Array("预算".utf8) + [0xFF, 0x41], contentType: "text/plain; charset=utf-8")
        #expect(
            error
                == DisclosureError(
                    .decode,
                    "input is declared UTF-8 but is not valid UTF-8: invalid byte sequence at byte 6"
                )
        )
    }

    @Test func invalidUTF8AfterAByteOrderMarkNamesTheOffset() {
        let error = decodeError([0xEF, 0xBB, 0xBF, 0x41, 0xC3])
        #expect(error?.code == .decode)
        #expect(error?.message.contains("truncated sequence at byte 4") == true)
    }

    @Test func truncatedGB18030NamesTheOffset() {
        let bytes = TestSupport.gb18030("预算说明") + [0xD6]
        let declared = decodeError(bytes, contentType: "text/plain; charset=gb18030")
        #expect(
            declared
                == DisclosureError(
                    .decode,
                    "input is declared GB18030 but is not valid GB18030: truncated sequence at byte 8"
                )
        )
        let detected = decodeError(bytes)
        #expect(detected?.code == .decode)
        #expect(
            detected?.message
                == "input is not valid GB18030: truncated sequence at byte 8 (nor UTF-8: invalid byte sequence at byte 2)"
        )
    }

    @Test func invalidGB18030NamesTheOffset() {
        let bytes = TestSupport.gb18030("预算") + [0x81, 0x20] + TestSupport.gb18030("说明")
        let error = decodeError(bytes, contentType: "text/plain; charset=gbk")
        #expect(
            error
                == DisclosureError(
                    .decode,
                    "input is declared GB18030 but is not valid GB18030: invalid byte sequence at byte 4"
                )
        )
    }

    @Test func randomBytesAreADecodeError() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<50 {
            let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(decodeError(bytes)?.code == .decode)
        }
    }

    @Test func binaryDataThatHappensToBeUTF8IsADecodeError() {
        let bytes = [UInt8](repeating: 0, count: 100) + Array("预算".utf8)
        #expect(decodeError(bytes)?.message.contains("binary") == true)
    }

    @Test func aFewStrayControlCharactersBecomeSpaces() throws {
        let document = try decode(Array("预算\u{0}收入\u{7}1万元".utf8) + Array(repeating: 0x41, count: 100))
        #expect(document.text.hasPrefix("预算 收入 1万元"))
    }

    @Test func undetectableBytesNameTheReadingThatGotFurthest() {
        // E4 B8 AD 20: valid UTF-8 (中 and a space), but AD 20 is no GB18030 pair.
        let utf8Like = Array("中 中".utf8) + [0xFF]
        #expect(
            decodeError(utf8Like)?.message.hasPrefix("input is not valid UTF-8: invalid byte sequence at byte 7")
                == true
        )
        #expect(
            decodeError([0x41, 0xFF])?.message == "input is neither UTF-8 nor GB18030: invalid byte sequence at byte 1"
        )
    }

    @Test func utf16IsRefused() {
        #expect(decodeError([0xFF, 0xFE, 0x41, 0x00])?.code == .decode)
    }
}
