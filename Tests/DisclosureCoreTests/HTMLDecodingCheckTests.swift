import DisclosureHTML
import Testing

@testable import DisclosureCore

/// The decoder tells the HTML reader what its validating pass already knows of a page (valid UTF-8, no control
/// characters left, no U+FFFE or U+FFFF), so the reader does not check again: the text and tables must be what the
/// reader gives when it checks for itself, on pages it reads and pages it leaves to libxml2 alike.
@Suite struct HTMLDecodingCheckTests {
    private let body =
        "<p>收入预算1651.99万元</p><table><tr><td>科目</td><td>金额</td></tr><tr><td>合计</td><td>1,651.99</td></tr></table>"

    private func expectSameAsUnchecked(
        _ page: String,
        readAs expected: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let document = try DocumentDecoder().decode(RawDocument(bytes: Array(page.utf8), contentType: "text/html"))
        let reference = try HTMLTextExtractor().extract(utf8: Array((expected ?? page).utf8))
        #expect(document.utf8 == reference.utf8, "\(page.debugDescription)", sourceLocation: sourceLocation)
        #expect(document.htmlTables == reference.tables.map(\.rows), sourceLocation: sourceLocation)
        #expect(document.tableRanges == reference.tables.map(\.textRange), sourceLocation: sourceLocation)
        #expect(document.htmlTitle == reference.title, sourceLocation: sourceLocation)
    }

    @Test func pagesReadAsWhenTheReaderChecks() throws {
        try expectSameAsUnchecked("<html><head><title>某局</title></head><body>\(body)</body></html>")
        // Characters the fast reader leaves to libxml2: a form feed, U+FFFE, U+FFFF.
        for character in ["\u{0C}", "\u{FFFE}", "\u{FFFF}"] {
            try expectSameAsUnchecked("<p>前\(character)后</p>\(body)")
        }
        // Control characters are cleaned to spaces before the reader sees the page.
        try expectSameAsUnchecked("<p>前\u{01}后</p>\(body)", readAs: "<p>前 后</p>\(body)")
        // A byte-order mark is stripped; a second one stays and is the reader's to refuse.
        try expectSameAsUnchecked("\u{FEFF}\u{FEFF}<p>x</p>\(body)", readAs: "\u{FEFF}<p>x</p>\(body)")
    }

    @Test func extractorAgreesWithAndWithoutTheCheck() throws {
        let extractor = HTMLTextExtractor()
        for page in ["<p>x</p>", body, "<title> t </title>\(body)<br>尾", "<pre> a  b\n c</pre>"] {
            let bytes = Array(page.utf8)
            let checked = try extractor.extract(utf8: bytes, checkedPlainText: true)
            #expect(checked == (try extractor.extract(utf8: bytes)), "\(page)")
        }
    }
}
