import Testing

@testable import DisclosureCore

/// The byte-level `content-type` parser against the `Character`-level one it replaced (kept here as the reference).
@Suite struct MediaTypeTests {
    private static func reference(_ value: String) -> (essence: String, charsetLabel: String?) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        let essence = parts.first.map { $0.trimmingASCIIWhitespace().lowercased() } ?? ""
        var charsetLabel: String?
        for parameter in parts.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = parameter[..<equals].trimmingASCIIWhitespace().lowercased()
            guard name == "charset" else { continue }
            let label = parameter[parameter.index(after: equals)...].trimmingASCIIWhitespace().filter {
                $0 != "\"" && $0 != "'"
            }
            if !label.isEmpty { charsetLabel = label }
        }
        return (essence, charsetLabel)
    }

    @Test(arguments: [
        "", ";", "text/html", "TEXT/HTML; CHARSET=GB18030", " text/plain ;charset = \"utf-8\" ", "text/plain; charset=",
        "text/plain; charset=''", "text/html; foo=bar; charset=gbk; charset=utf-8", "text/html; charset", "text/html;;",
        "application/vnd.disclosure.raw+json", "\ttext/html\r\n; Charset='GBK'", "text/html; x=\"a;b\"", "=;=;=",
        "application/pdf; name=预算.pdf; charset=gb2312", "text/plain;charset=utf-8;", "text/plain; charSET =  big5 ",
    ])
    func parsesAsTheCharacterLevelParserDid(value: String) {
        let parsed = MediaType(value)
        let expected = Self.reference(value)
        #expect(parsed.essence == expected.essence)
        #expect(parsed.charsetLabel == expected.charsetLabel)
    }
}
