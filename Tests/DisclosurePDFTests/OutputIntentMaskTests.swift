import Testing

@testable import DisclosurePDF

/// The catalog's output intents are hidden from poppler (their colour transforms cost more than the text), and the
/// text is the same with or without them.
@Suite struct OutputIntentMaskTests {
    /// Runs the mask over a copy of `text`.
    static func masked(_ text: String) -> (text: String, renamed: Int) {
        var bytes = Array(text.utf8)
        let renamed = bytes.withUnsafeMutableBufferPointer { OutputIntentMask.apply($0) }
        return (String(decoding: bytes, as: UTF8.self), renamed)
    }

    @Test func renamesTheKeyInPlaceWithTheSameLength() {
        let catalog = "<</Type/Catalog/Pages 2 0 R/OutputIntents[<</S/GTS_PDFA1>>]>>"
        let result = Self.masked(catalog)
        #expect(result.renamed == 1)
        #expect(result.text == "<</Type/Catalog/Pages 2 0 R/XOutputIntent[<</S/GTS_PDFA1>>]>>")
        #expect(result.text.utf8.count == catalog.utf8.count)
    }

    @Test func renamesEveryRevisionAndAReferenceAtTheEnd() {
        let result = Self.masked("<< /OutputIntents 9 0 R >> << /OutputIntents\n[9 0 R] >> /OutputIntents")
        #expect(result.renamed == 3)
        #expect(!result.text.contains("/OutputIntents"))
    }

    @Test func leavesLongerNamesAndOtherBytesAlone() {
        let text = "<< /OutputIntentsExtra [1] /OutputIntent 2 0 R >> OutputIntents"
        let result = Self.masked(text)
        #expect(result.renamed == 0)
        #expect(result.text == text)
    }

    @Test func aDocumentWithAnOutputIntentGivesTheSameText() throws {
        let content = TinyPDF.textContent(["Income budget 2024: total 1651.99.", "Basic 987.80, project 664.19."])
        let intent = "/OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB) >>]"
        let documents = ["", intent].map { extra in
            TinyPDF.build([
                "<< /Type /Catalog /Pages 2 0 R \(extra) >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    + "/Contents 5 0 R >>",
                TinyPDF.stream(content),
            ])
        }
        let plain = try PDFTextExtractor().extract(documents[0])
        #expect(plain.text.contains("total 1651.99"))
        #expect(try PDFTextExtractor().extract(documents[1]) == plain)
    }
}
