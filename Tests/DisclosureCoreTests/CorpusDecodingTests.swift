import DisclosureCore
import Foundation
import Testing

/// Decodes every corpus document in the form scrapers deliver it and checks the text names the unit.
@Suite struct CorpusDecodingTests {
    /// One corpus document: its bytes as stored, and what its annotation says about them.
    struct Sample: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var encoding: String
        var contentType: String
        var unitName: String?

        var testDescription: String { name }
    }

    static let samples: [Sample] = {
        guard let corpus = TestSupport.corpus else { return [] }
        var samples: [Sample] = []
        for folder in ["seed", "real", "synthetic", "whole"] {
            let directory = corpus.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") {
                let stem = String(name.dropLast(5))
                let annotationURL = directory.appendingPathComponent(name)
                guard let data = try? Data(contentsOf: annotationURL),
                    let annotation = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { continue }
                for suffix in [".txt", ".html", ".layout.txt"] {
                    let url = directory.appendingPathComponent(stem + suffix)
                    guard let bytes = try? Data(contentsOf: url) else { continue }
                    let expected = annotation["expected"] as? [String: Any]
                    samples.append(
                        Sample(
                            name: "\(folder)/\(stem)\(suffix)",
                            bytes: Array(bytes),
                            encoding: annotation["encoding"] as? String ?? "utf-8",
                            contentType: annotation["contentType"] as? String ?? "text/plain",
                            unitName: expected?["unit.name"] as? String
                        )
                    )
                }
            }
        }
        return samples
    }()

    @Test func theCorpusIsPresent() throws {
        try #require(TestSupport.corpus != nil, "../shared/corpus is absent; corpus tests skipped")
        #expect(Self.samples.count > 50)
    }

    @Test(.enabled(if: TestSupport.corpus != nil, "../shared/corpus is absent"), arguments: samples)
    func decodesWithoutHeaders(sample: Sample) throws {
        let document = try DocumentDecoder().decode(RawDocument(bytes: sample.bytes))
        check(document, sample)
    }

    @Test(.enabled(if: TestSupport.corpus != nil, "../shared/corpus is absent"), arguments: samples)
    func decodesWithTheDeclaredContentType(sample: Sample) throws {
        let charset = sample.encoding == "gb18030" ? "gb18030" : "utf-8"
        let raw = RawDocument(bytes: sample.bytes, contentType: "\(sample.contentType); charset=\(charset)")
        check(try DocumentDecoder().decode(raw), sample)
    }

    @Test(.enabled(if: TestSupport.corpus != nil, "../shared/corpus is absent"), arguments: samples)
    func utf8DocumentsAlsoDecodeAsGB18030AndWithABOM(sample: Sample) throws {
        guard sample.encoding == "utf-8" else { return }
        let text = String(decoding: sample.bytes, as: UTF8.self)
        let gb = try DocumentDecoder().decode(RawDocument(bytes: TestSupport.gb18030(text)))
        #expect(gb.source.charset == "gb18030")
        let utf8 = try DocumentDecoder().decode(RawDocument(bytes: sample.bytes))
        #expect(gb.text == utf8.text)
        let bom = try DocumentDecoder().decode(RawDocument(bytes: [0xEF, 0xBB, 0xBF] + sample.bytes))
        #expect(bom.text == utf8.text)
    }

    @Test(.enabled(if: TestSupport.corpus != nil, "../shared/corpus is absent"), arguments: samples)
    func everyCorpusDocumentIsADisclosure(sample: Sample) throws {
        let document = try DocumentDecoder().decode(RawDocument(bytes: sample.bytes))
        #expect(throws: Never.self) { try DisclosureClassifier().check(document) }
    }

    private func check(_ document: DecodedDocument, _ sample: Sample) {
        let expectedCharset = sample.encoding == "gb18030" ? "gb18030" : "utf-8"
        #expect(document.source.charset == expectedCharset)
        #expect(document.source.contentType == sample.contentType)
        #expect(document.documentId == RawDocument(bytes: sample.bytes).contentDocumentId)
        #expect(!document.text.unicodeScalars.contains("\u{FFFD}"))
        if sample.contentType == "text/html" {
            #expect(!document.text.contains("<p"))
            #expect(!document.text.contains("&nbsp;"))
            #expect(!document.text.contains("&ldquo;"))
            #expect(!document.text.contains("line-height"))
        }
        if let unitName = sample.unitName {
            #expect(document.text.contains(unitName), "\(sample.name) should name \(unitName)")
        }
    }
}
