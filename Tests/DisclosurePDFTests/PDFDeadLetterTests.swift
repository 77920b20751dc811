import DisclosureCore
import DisclosureWorker
import Testing

@testable import DisclosurePDF

/// Issue 9: an encrypted, image-only, truncated or oversized PDF, and a PDF bomb, go to the DLQ through the worker's
/// own planner, each with its `error-class` and a one-line reason; a readable PDF gives a record.
@Suite struct PDFDeadLetterTests {
    let planner = OutputPlanner(
        topics: WorkerConfiguration.Topics(),
        processor: DisclosureProcessor(decoder: DocumentDecoder(pdfTextSource: PDFTextExtractor()))
    )

    /// The DLQ letter's `error-class` and `error-message` for `bytes` sent as `application/pdf`, or nil when the
    /// input was processed.
    func letter(_ bytes: [UInt8]) -> (errorClass: String, message: String)? {
        let message = InboundMessage(
            topic: "disclosures.raw",
            partition: 0,
            offset: 7,
            key: Array("doc".utf8),
            value: bytes,
            headers: [MessageHeader(name: "content-type", string: "application/pdf")]
        )
        let error: WorkerError
        do {
            _ = try planner.outputs(for: message)
            return nil
        } catch let caught as WorkerError {
            error = caught
        } catch {
            Issue.record("not a WorkerError: \(error)")
            return nil
        }
        let letter = planner.deadLetter(for: message, error: error, attempts: 1)
        #expect(letter.topic == "disclosures.dlq")
        #expect(letter.value == bytes, "the letter's value is the input, unchanged")
        func header(_ name: String) -> String {
            letter.headers.last { $0.name == name }.flatMap { $0.value }.map { String(decoding: $0, as: UTF8.self) }
                ?? ""
        }
        return (header("error-class"), header("error-message"))
    }

    @Test func eachUnreadablePDFHasItsClassAndReason() throws {
        let valid = PDFTextExtractorErrorTests.validPDF
        let garbage = String(repeating: "41", count: 32)
        let encrypted = TinyPDF.build(
            [
                "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                "<< /Filter /Standard /V 1 /R 2 /O <\(garbage)> /U <\(garbage)> /P -4 >>",
            ],
            trailerExtra: "/Encrypt 4 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>] "
        )
        let drawing = "0.5 g 72 72 451 698 re f"
        let imageOnly = TinyPDF.document(pageContents: [drawing, drawing, drawing])
        let truncated = Array(valid.prefix(valid.count / 2))
        let bomb = PDFStreamScanTests.document(
            content: TinyPDF.stream(
                data: PDFStreamScanTests.deflatedZeros(64 << 20),
                dictionary: "/Filter /FlateDecode"
            )
        )
        // 20 000 pages sharing one content stream, over the default limit of 1 000.
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", TinyPDF.stream("BT ET")]
        objects[1] =
            "<< /Type /Pages /Kids [\((0..<20_000).map { "\($0 + 4) 0 R" }.joined(separator: " "))] /Count 20000 >>"
        objects += Array(
            repeating: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
            count: 20_000
        )
        let manyPages = TinyPDF.build(objects)
        let cases: [(String, [UInt8], String, String)] = [
            ("encrypted", encrypted, "pdf-encrypted", "encrypted: "),
            ("image-only", imageOnly, "pdf-no-text-layer", "no-text-layer: "),
            ("truncated", truncated, "pdf-corrupt", "truncated: "),
            ("garbage", Array("%PDF-1.7\nnot a body\n%%EOF\n".utf8), "pdf-corrupt", "corrupt: "),
            ("bomb", bomb, "pdf-too-large", "bomb: "),
            ("20 000 pages", manyPages, "pdf-too-large", "too-many-pages: "),
        ]
        for (name, bytes, errorClass, reason) in cases {
            let outcome = try #require(letter(bytes), "\(name) was processed")
            #expect(outcome.errorClass == errorClass, "\(name)")
            #expect(outcome.message.hasPrefix(reason), "\(name): \(outcome.message)")
            #expect(!outcome.message.contains("\n"), "\(name)")
        }
    }

    @Test func aReadablePDFIsNoDeadLetter() {
        // The tiny PDF is readable but no disclosure; a corpus PDF gives a record.
        #expect(letter(PDFTextExtractorErrorTests.validPDF)?.errorClass == "not-a-disclosure")
        if let corpus = CorpusPDF.bytes("shanghai-putuo-govoffice-2025-unit-budget", ".pdf") {
            #expect(letter(corpus) == nil)
        }
    }
}
