import Testing

@testable import DisclosureHTML

/// The walk's allocation-free element lookup answers as the name table does.
@Suite struct HTMLElementKindTests {
    @Test(arguments: [
        "p", "div", "br", "td", "th", "tr", "table", "tbody", "caption", "title", "script", "style", "pre",
        "blockquote", "figcaption", "plaintext", "h1", "h6", "span", "a", "font", "o:p", "", "x", "divx", "tablex",
        "blockquotes", "a-very-long-custom-element-name", "b\u{00E9}",
    ])
    func packedLookupMatchesTheNameTable(name: String) {
        let bytes = Array(name.utf8) + [0]
        let packed = bytes.withUnsafeBufferPointer { HTMLElementKind.of(cName: $0.baseAddress!) }
        #expect(packed == HTMLElementKind.of(name))
    }
}
