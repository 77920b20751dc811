import Foundation
import Testing

@testable import DisclosurePDF

/// Extraction of every whole corpus document that ships as PDF: the annotated unit name and amounts are in the
/// text, and the text agrees loosely with `pdftotext -layout`'s rendering of the same file.
@Suite struct PDFTextExtractorCorpusTests {
    @Test(arguments: CorpusPDF.names)
    func extractsTheWholeDocument(name: String) throws {
        guard let bytes = CorpusPDF.bytes(name, ".pdf"), let annotation = CorpusPDF.bytes(name, ".json"),
            let reference = CorpusPDF.bytes(name, ".layout.txt")
        else {
            print("skip: corpus document \(name) not found under \(CorpusPDF.wholeDirectory)")
            return
        }
        let text = try PDFTextExtractor().extract(bytes)
        if let dump = FileBytes.environment("PDF_DUMP") {
            FileBytes.write(Array(text.text.utf8), to: dump + "/" + name + ".txt")
            FileBytes.write(Array(text.pages.joined(separator: "\u{0C}").utf8), to: dump + "/" + name + ".pages.txt")
        }
        let ours = Self.squeezed(text.text)
        let theirs = Self.squeezed(String(decoding: reference, as: UTF8.self))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(annotation)) as? [String: Any])
        let expected = try #require(json["expected"] as? [String: Any])
        let unitName = try #require(expected["unit.name"] as? String)
        #expect(ours.contains(Self.squeezed(unitName)), "unit name \(unitName)")

        // Every annotated amount that pdftotext's rendering shows as written must be in ours too.
        var checked = 0
        for (path, value) in expected.sorted(by: { $0.key < $1.key }) {
            guard let amount = value as? String, amount.contains("."), theirs.contains(amount) else { continue }
            checked += 1
            #expect(ours.contains(amount), "\(path) = \(amount)")
        }
        #expect(checked >= 3, "only \(checked) annotated amounts to check")

        // Loose agreement with pdftotext -layout: 95% of its numbers appear in ours (a page number that it glues to a
        // number makes a few of its own up), and the amounts of
        // CJK text agree within a few percent.
        let referenceNumbers = Self.numbers(theirs)
        let ourNumbers = Set(Self.numbers(ours))
        let missing = referenceNumbers.filter { !ourNumbers.contains($0) }
        #expect(missing.count * 20 <= referenceNumbers.count, "numbers missing: \(missing.prefix(20))")
        let ourCJK = Self.cjkCount(ours)
        let theirCJK = Self.cjkCount(theirs)
        #expect(abs(ourCJK - theirCJK) * 50 <= theirCJK, "CJK characters: ours \(ourCJK), pdftotext \(theirCJK)")
    }

    /// The text without whitespace and thousands separators, full-width digits and punctuation as ASCII.
    static func squeezed(_ text: String) -> String {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value == 0x20 || value == 0x0A || value == 0x0C || value == 0x0D || value == 0x09 || value == 0x3000 {
                continue
            }
            scalars.append(Unicode.Scalar(value) ?? scalar)
        }
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            // 9,101.68 → 9101.68
            if scalar == ",", index > 0, isDigit(scalars[index - 1]), index + 3 < scalars.count,
                isDigit(scalars[index + 1]), isDigit(scalars[index + 2]), isDigit(scalars[index + 3])
            {
                continue
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// The decimal numbers (with a fraction) in a squeezed text.
    static func numbers(_ text: String) -> [String] {
        var numbers: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if isDigit(scalar) || scalar == "." {
                current.unicodeScalars.append(scalar)
            } else {
                if current.contains("."), current.first != ".", current.last != "." { numbers.append(current) }
                current = ""
            }
        }
        return numbers
    }

    static func cjkCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 1 : 0) }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }
}
