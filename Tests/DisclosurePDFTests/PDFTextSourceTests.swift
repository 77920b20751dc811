import DisclosureCore
import Testing

@testable import DisclosurePDF

/// The extractor as the core's PDF hook: decode, parse and the DLQ error class.
@Suite struct PDFTextSourceTests {
    static let decoder = DocumentDecoder(pdfTextSource: PDFTextExtractor())

    @Test func aPDFIsDecodedByMagicAndByContentType() throws {
        let bytes = PDFTextExtractorErrorTests.validPDF
        for contentType in [nil, "application/pdf"] {
            let decoded = try Self.decoder.decode(RawDocument(bytes: bytes, contentType: contentType))
            #expect(decoded.source.contentType == "application/pdf")
            #expect(decoded.text.contains("total 1651.99"))
        }
    }

    @Test func unreadablePDFsFailWithTheirPDFErrorClassAndReason() {
        let truncated = Array(PDFTextExtractorErrorTests.validPDF.prefix(300))
        do {
            _ = try Self.decoder.decode(RawDocument(bytes: truncated, contentType: "application/pdf"))
            Issue.record("a truncated PDF decoded")
        } catch {
            #expect(error.code == .pdfCorrupt)
            #expect(error.message.hasPrefix("truncated: "))
        }
    }

    @Test func theByteLimitIsTooLarge() {
        let error = PDFExtractionError(.tooLarge, "the PDF is 9 bytes; the limit is 1").disclosureError
        #expect(error.code == .tooLarge)
    }

    @Test func eachReasonHasItsDeadLetterClass() {
        let classes: [PDFExtractionError.Code: DisclosureError.Code] = [
            .encrypted: .pdfEncrypted, .noTextLayer: .pdfNoTextLayer, .corrupt: .pdfCorrupt, .truncated: .pdfCorrupt,
            .tooManyPages: .pdfTooLarge, .tooMuchText: .pdfTooLarge, .timeLimit: .pdfTooLarge, .bomb: .pdfTooLarge,
            .tooLarge: .tooLarge,
        ]
        #expect(Set(classes.keys) == Set(PDFExtractionError.Code.allCases))
        for (reason, errorClass) in classes {
            #expect(PDFExtractionError(reason, "x").disclosureError.code == errorClass, "\(reason)")
        }
        #expect(PDFExtractionError(.encrypted, "x").disclosureError == DisclosureError(.pdfEncrypted, "encrypted: x"))
    }

    @Test func aCorpusPDFGoesThroughTheWholeProcessor() throws {
        let name = "shanghai-putuo-govoffice-2025-unit-budget"
        guard let bytes = CorpusPDF.bytes(name, ".pdf") else {
            print("skip: corpus document \(name) not found under \(CorpusPDF.wholeDirectory)")
            return
        }
        let processor = DisclosureProcessor(decoder: Self.decoder)
        let processed = try processor.process(RawDocument(bytes: bytes))
        #expect(processed.record.source.contentType == "application/pdf")
        #expect(processed.record.unit.name?.value == "上海市普陀区人民政府办公室")
        #expect(processed.record.tables.count >= 9)
    }
}
