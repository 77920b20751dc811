import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// ``DocumentCharset/init(label:)`` folds ASCII labels byte by byte: it must name the charset the Unicode case
/// mapping (the way every label was folded before) names, for any label.
@Suite struct DocumentCharsetTests {
    /// The fold applied to every label before the ASCII path: Unicode lower-case mapping, scalar by scalar.
    private static func referenceFolded(_ label: String) -> String {
        var folded = ""
        for scalar in label.unicodeScalars where scalar != "-" && scalar != "_" && scalar != " " && scalar != "\"" {
            folded.unicodeScalars.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
        }
        return folded
    }

    private static let names = [
        "utf8", "unicode11utf8", "unicode20utf8", "xunicode20utf8", "gb18030", "gbk", "gb2312", "cp936", "ms936",
        "windows936", "xgbk", "euccn", "xeuccn", "csgb2312", "gb231280", "csgbk", "chinese", "isoir58",
        "csiso58gb231280",
    ]

    private func expectAgreement(_ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = Self.referenceFolded(label)
        let folded = DocumentCharset.folded(label)
        // Cut only where the whole label is longer than any name.
        #expect(folded == reference || (folded.utf8.count == 16 && reference.hasPrefix(folded)), "\(label)")
        let expected: DocumentCharset? =
            Self.names.firstIndex(of: reference).map { $0 < 4 ? .utf8 : .gb18030 }
        #expect(DocumentCharset(label: label) == expected, "\(label)", sourceLocation: sourceLocation)
        #expect(DocumentCharset(label: label[...]) == expected, "\(label)", sourceLocation: sourceLocation)
    }

    @Test func namesInEveryCaseAndWithSeparatorsAgree() {
        for name in Self.names {
            expectAgreement(name)
            expectAgreement(name.uppercased())
            expectAgreement("\"" + name + "\"")
            expectAgreement(
                String(name.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element })
            )
            expectAgreement(name.map { String($0) }.joined(separator: "-"))
            expectAgreement(name + "x")
            expectAgreement(String(name.dropLast()))
        }
        for label in [
            "", "-", "UTF-8", "utf_8", "Utf 8", "GB_2312-80", "x-gbk", "ISO-IR-58", "utf-16", "latin1", "\u{212A}",
            "gb\u{212A}", "GB\u{212A}", "ｇｂｋ", "utf‐8", "unicode-1-1-utf-8-and-much-more", "windows-936-windows-936",
        ] {
            expectAgreement(label)
        }
    }

    @Test func randomLabelsAgree() {
        var generator = SplitMix64(seed: 936)
        let pieces = [
            "utf", "UTF", "8", "-", "_", " ", "\"", "gb", "GB", "k", "K", "18030", "2312", "cp", "936", "x", "\u{212A}",
            "İ", "ß", "é", "中", "\u{0}", "a",
        ]
        for _ in 0..<5000 {
            var label = ""
            for _ in 0..<Int(generator.next() % 9) { label += pieces[Int(generator.next() % UInt64(pieces.count))] }
            expectAgreement(label)
        }
    }
}
