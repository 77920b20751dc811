import Testing

@testable import DisclosurePDF

/// Each way a PDF cannot be read fails fast with its own error code.
@Suite struct PDFTextExtractorErrorTests {
    static let body = [
        "Income budget 2024: total 1651.99 (10k yuan), of which appropriation 1651.99.",
        "Expenditure budget 2024: total 1651.99, basic 987.80, project 664.19.",
    ]

    static var validPDF: [UInt8] { TinyPDF.document(pageContents: [TinyPDF.textContent(body)]) }

    @Test func extractsTheTextOfAHandWrittenPDF() throws {
        let text = try PDFTextExtractor().extract(Self.validPDF)
        #expect(text.pages.count == 1)
        #expect(text.text.contains("total 1651.99"))
        #expect(text.text.contains("basic 987.80, project 664.19."))
    }

    @Test func garbageIsCorrupt() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(throws: PDFExtractionError.self) { try PDFTextExtractor().extract(bytes) }
        #expect(code(of: bytes) == .corrupt)
    }

    @Test func aHeaderWithGarbageBehindItIsCorrupt() {
        let bytes = Array("%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n".utf8)
        #expect(code(of: bytes) == .corrupt)
    }

    @Test func aTruncatedFileIsTruncated() {
        let bytes = Self.validPDF
        #expect(code(of: Array(bytes.prefix(bytes.count * 2 / 3))) == .truncated)
    }

    @Test func aPasswordProtectedFileIsEncrypted() {
        // A standard security handler whose /U does not match the empty user password: poppler must ask for a
        // password before it reads anything (no real encryption needed to take that path).
        let garbage = String(repeating: "41", count: 32)
        let encrypt = "<< /Filter /Standard /V 1 /R 2 /O <\(garbage)> /U <\(garbage)> /P -4 >>"
        let pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
        let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
        let bytes = TinyPDF.build(
            ["<< /Type /Catalog /Pages 2 0 R >>", pages, page, encrypt],
            trailerExtra: "/Encrypt 4 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>] "
        )
        #expect(code(of: bytes) == .encrypted)
    }

    @Test func anImageOnlyFileHasNoTextLayer() {
        let drawing = "0.5 g 72 72 451 698 re f"
        let bytes = TinyPDF.document(pageContents: [drawing, drawing, drawing])
        #expect(code(of: bytes) == .noTextLayer)
    }

    @Test func tooManyPagesIsRefusedBeforeAnyPageIsRead() {
        let page = TinyPDF.textContent(["page"])
        let bytes = TinyPDF.document(pageContents: Array(repeating: page, count: 30))
        let extractor = PDFTextExtractor(limits: PDFExtractionLimits(maximumPages: 20))
        #expect(code(of: bytes, extractor) == .tooManyPages)
    }

    @Test func aPageTreeWithCyclesIsCorrupt() {
        // Twelve levels of /Pages nodes, each listing the next level ten times: 10^12 leaf pages from a few
        // kilobytes, and a /Count that says so. poppler sees the repeated nodes and finds no pages.
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
        let levels = 12
        for level in 0..<levels {
            let kid = "\(level + 3) 0 R"
            let count = (0..<(levels - level)).reduce(1) { result, _ in result * 10 }
            objects.append(
                "<< /Type /Pages /Kids [\(Array(repeating: kid, count: 10).joined(separator: " "))] /Count \(count) >>"
            )
        }
        objects.append("<< /Type /Page /MediaBox [0 0 595 842] >>")
        #expect(code(of: TinyPDF.build(objects)) == .corrupt)
    }

    @Test func aPageCountBombIsRefusedByTheDefaultLimit() {
        // 20 000 real pages sharing one content stream: about 1.4 MB.
        let pageCount = 20_000
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", TinyPDF.stream("BT ET")]
        let kids = (0..<pageCount).map { "\($0 + 4) 0 R" }.joined(separator: " ")
        objects[1] = "<< /Type /Pages /Kids [\(kids)] /Count \(pageCount) >>"
        for _ in 0..<pageCount {
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>")
        }
        #expect(code(of: TinyPDF.build(objects)) == .tooManyPages)
    }

    @Test func aCountThatLiesIsCaughtWhenThePageIsMissing() {
        let pages = "<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>"
        let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
        let outcome = code(of: TinyPDF.build(["<< /Type /Catalog /Pages 2 0 R >>", pages, page]))
        #expect(outcome == .corrupt || outcome == .noTextLayer)
    }

    @Test func theByteLimitIsCheckedFirst() {
        let extractor = PDFTextExtractor(limits: PDFExtractionLimits(maximumBytes: 100))
        #expect(code(of: Self.validPDF, extractor) == .tooLarge)
    }

    @Test func theTextLimitStopsARunawayDocument() {
        let page = TinyPDF.textContent(Array(repeating: String(repeating: "x", count: 80), count: 50))
        let bytes = TinyPDF.document(pageContents: Array(repeating: page, count: 10))
        let extractor = PDFTextExtractor(limits: PDFExtractionLimits(maximumTextBytes: 10_000))
        #expect(code(of: bytes, extractor) == .tooMuchText)
    }

    @Test func aSpentTimeBudgetStopsBeforeTheFirstPage() {
        let extractor = PDFTextExtractor(limits: PDFExtractionLimits(timeLimit: .zero))
        #expect(code(of: Self.validPDF, extractor) == .timeLimit)
    }

    /// The error code extraction fails with, or nil when it succeeds.
    private func code(of bytes: [UInt8], _ extractor: PDFTextExtractor = PDFTextExtractor()) -> PDFExtractionError.Code?
    {
        do {
            _ = try extractor.extract(bytes)
            return nil
        } catch {
            return error.code
        }
    }
}
