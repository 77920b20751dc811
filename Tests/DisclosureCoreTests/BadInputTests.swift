import DisclosureCore
import DisclosureTestSupport
import Testing

/// Every kind of bad input yields one clear, one-line ``DisclosureError`` from the whole core, never a crash.
@Suite struct BadInputTests {
    private let processor = DisclosureProcessor()

    private func outcome(_ bytes: [UInt8], contentType: String? = nil) -> DisclosureError? {
        do {
            _ = try processor.process(RawDocument(bytes: bytes, contentType: contentType))
            return nil
        } catch {
            #expect(!error.message.contains("\n"), "the message is one line")
            #expect(!error.description.isEmpty)
            return error
        }
    }

    @Test func empty() {
        #expect(outcome([])?.code == .decode)
    }

    @Test func randomBytes() {
        var generator = SplitMix64(seed: 7)
        for size in [1, 2, 3, 16, 1000, 100_000] {
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(outcome(bytes) != nil, "\(size) random bytes")
        }
    }

    @Test func invalidUTF8() {
        #expect(
            outcome(Array("预算".utf8) + [0xC0, 0xAF, 0xFF], contentType: "text/plain; charset=utf-8")?.code == .decode
        )
    }

    @Test func truncatedGB18030() {
        let bytes = TestSupport.gb18030("2024年部门预算收入100万元") + [0x81]
        let error = outcome(bytes)
        #expect(error?.code == .decode)
        #expect(error?.message.contains("truncated") == true)
    }

    @Test func aNewsArticle() {
        let news = """
            区委召开专题会议研究部署安全生产工作
            6月5日，区委召开专题会议，传达学习上级有关会议精神，研究部署我区安全生产工作。会议强调，要坚持人民至上、
            生命至上，压紧压实各方责任，全面排查整治风险隐患，坚决防范遏制重特大事故发生。
            """
        #expect(outcome(Array(news.utf8))?.code == .notADisclosure)
        #expect(outcome(Array("<html><body><p>\(news)</p></body></html>".utf8))?.code == .notADisclosure)
    }

    @Test func fiftyMegabytes() {
        #expect(outcome([UInt8](repeating: 0x35, count: 50 * 1024 * 1024))?.code == .tooLarge)
    }

    @Test func aHundredThousandDigits() {
        #expect(outcome(Array(String(repeating: "7", count: 100_000).utf8))?.code == .notADisclosure)
    }

    @Test func aHundredThousandDigitsInsideADisclosure() {
        let text = "2024年部门预算收入" + String(repeating: "7", count: 100_000) + "万元，支出100万元。"
        // A disclosure that carries a pathological number: parsed (or refused), never a crash or a hang.
        _ = outcome(Array(text.utf8))
    }

    @Test func tenThousandNestedTags() {
        let html =
            String(repeating: "<div><span>", count: 10_000) + "2024年预算收入100万元"
            + String(repeating: "</span></div>", count: 10_000)
        #expect(outcome(Array(html.utf8)) == nil)
        let unclosed = String(repeating: "<table><tr><td><p>", count: 10_000) + "garbage"
        #expect(outcome(Array(unclosed.utf8))?.code == .notADisclosure)
    }

    @Test func binaryData() {
        #expect(outcome([UInt8](repeating: 0x01, count: 500))?.code == .decode)
    }

    @Test func pdfWithoutSupport() {
        #expect(outcome(Array("%PDF-1.7\n".utf8))?.code == .decode)
    }
}
