import DisclosureTestSupport
import Foundation
import Testing

@testable import DisclosureHTML

/// The streaming walk (libxml2's parser events, no tree) gives exactly what the walk over libxml2's tree gives:
/// text, tables, table ranges and title, on the corpus's pages and on generated tag soup.
@Suite struct HTMLStreamWalkTests {
    /// Both ways, compared; the failure names the input.
    private func expectSame(
        _ bytes: [UInt8],
        _ label: String,
        extractor: HTMLTextExtractor = HTMLTextExtractor(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let stream = Result { () throws(HTMLTextError) in try extractor.extract(utf8: bytes) }
        let tree = Result { () throws(HTMLTextError) in try extractor.extractThroughTree(utf8: bytes) }
        #expect(
            stream == tree,
            "\(label): \(String(decoding: bytes.prefix(300), as: UTF8.self))",
            sourceLocation: sourceLocation
        )
    }

    @Test func corpusPagesReadTheSame() throws {
        guard let corpus = TestSupport.corpus else {
            print("HTMLStreamWalkTests: ../shared/corpus absent, corpus pages skipped")
            return
        }
        let files =
            FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "html" } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            expectSame(bytes, file.lastPathComponent)
            // The same page with tight limits: tables dropped past the depth and cell budgets, text over its limit.
            expectSame(
                bytes,
                file.lastPathComponent + " (limits)",
                extractor: HTMLTextExtractor(maximumTextBytes: 2000, maximumTableDepth: 1, maximumTableCells: 7)
            )
        }
    }

    @Test func benchPagesReadTheSame() throws {
        // The benchmark's generated pages (scripts/gen_bench_corpus.py, seed 7), every size class.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("html-stream-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = [
            "python3", TestSupport.repositoryRoot.appendingPathComponent("scripts/gen_bench_corpus.py").path,
            directory.path, "--seed", "7", "--count", "3",
        ]
        generator.standardOutput = FileHandle.nullDevice
        guard (try? generator.run()) != nil else {
            print("HTMLStreamWalkTests: no python3, bench pages skipped")
            return
        }
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0)
        var pages = 0
        for size in ["2k", "10k", "50k", "200k"] {
            let folder = directory.appendingPathComponent(size)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".html") {
                expectSame(Array(try Data(contentsOf: folder.appendingPathComponent(name))), "\(size)/\(name)")
                pages += 1
            }
        }
        #expect(pages == 12)
    }

    @Test func edgeCasesReadTheSame() {
        let cases = [
            "", " \n ", "x", "<!-- only a comment -->", "<html></html>", "<p>a</p></html>\n tail <b>x</b> <p>y",
            "<title>a<!--c-->b <b>q</b> c</title><p>t</p>", "<title></title><title>second</title>",
            "<noscript><title>hidden</title></noscript><title>shown</title>",
            "<div>x<img> <b>y</b> <o:p></o:p> z</div>", "<o:p>a</o:p><x:td>b</x:td><a:b:c>c</a:b:c><p:>d</p:>",
            "<table><tr><td x:colspan=3>a</td><td colspan=2 colspan=5>b</td><td colspan>c</td><td rowspan='2'>d</td></tr>"
                + "<tr><td>e</td></tr></table>",
            "<td>stray</td><th>cell</th><tr><td>row</td></tr>",
            "<caption>cap</caption><table><caption>t</caption></table>",
            "<pre>  a\n  b\r\n\tc </pre>", "<script>var a = '</div>';</script>after<style>p{}</style>",
            "a\u{0}b<p>c\u{0}\u{0}d</p>", "<p>&nbsp;&#32;&#0;&unknown; &amp &lt;x&gt;</p>", "<?php echo 1; ?><p>pi</p>",
            "<![CDATA[x]]><p>cdata</p>", "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><body> <p>x</p> </body>",
            String(repeating: "<div>", count: 255) + "deep", String(repeating: "<div>", count: 256) + "deeper",
            "<title>t</title>" + String(repeating: "<span>", count: 300) + "x",
            "<title>open" + String(repeating: "<b>", count: 300), "<table>" + String(repeating: "<tr><td>1", count: 50),
            "<p>" + String(repeating: "长文本", count: 2000) + "</p>", "<br><br><p>a<br>b</p><br>",
            "<table><tr><td><table><tr><td>in</td><td>ner</td></tr></table></td><td>out</td></tr></table>",
        ]
        for (index, html) in cases.enumerated() {
            expectSame(Array(html.utf8), "case \(index)")
            expectSame(Array(html.utf8), "case \(index) (limits)", extractor: HTMLTextExtractor(maximumTextBytes: 8))
        }
    }

    @Test(arguments: 0..<8)
    func generatedTagSoupReadsTheSame(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 7919 &+ 17)
        for round in 0..<300 {
            let page = TagSoup.page(using: &generator)
            expectSame(page, "seed \(seed) round \(round)")
            if round.isMultiple(of: 10) {
                expectSame(
                    page,
                    "seed \(seed) round \(round) (limits)",
                    extractor: HTMLTextExtractor(maximumTextBytes: 300, maximumTableDepth: 1, maximumTableCells: 5)
                )
            }
        }
    }

    @Test(arguments: ["o:p", "p", "x:td", ":p", "p:", "a:b:c", "td:", "::", "a::b"])
    func localNamesAreCutAsLibxml2CutsThem(name: String) {
        let expected: String
        if name.hasPrefix(":") || !name.dropLast().contains(":") {
            expected = name
        } else {
            expected = String(name[name.index(after: name.firstIndex(of: ":")!)...])
        }
        let bytes = Array(name.utf8) + [0]
        let local = bytes.withUnsafeBufferPointer { String(cString: StreamWalk.localName($0.baseAddress!)) }
        #expect(local == expected)
    }
}

/// Random HTML-ish bytes: tags libxml2 treats specially (implied, auto-closed, empty, raw text), prefixed names,
/// spans, entities, comments, processing instructions, stray end tags, whitespace, NUL and invalid UTF-8.
enum TagSoup {
    private static let tags = [
        "p", "div", "td", "th", "tr", "table", "tbody", "caption", "title", "script", "style", "br", "img", "o:p",
        "span", "b", "pre", "html", "body", "head", "li", "ul", "select", "x:td", "a:b:c", "font", "h2", "textarea",
        "option", "form", "meta", "hr", "xmp", "plaintext", "noscript", "center", "u",
    ]
    private static let texts = [
        "收入", "1651.99", "万元", " ", "\n", "\t", "  \n  ", "&nbsp;", "&#19975;", "&amp;", "&bogus;", "&", "<", ">",
        "a < b", "\u{0}", "\u{00A0}", "”三公“", "x", "&#32;", "\r\n",
    ]

    static func page(using generator: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        if generator.next() % 4 == 0 { out += Array("<!DOCTYPE html>".utf8) }
        let pieces = Int(generator.next() % 60) + 1
        for _ in 0..<pieces {
            out += piece(using: &generator)
        }
        return out
    }

    private static func piece(using generator: inout SplitMix64) -> [UInt8] {
        let pick = { (count: Int, generator: inout SplitMix64) in Int(generator.next() % UInt64(count)) }
        switch generator.next() % 16 {
        case 0, 1, 2, 3:
            let tag = tags[pick(tags.count, &generator)]
            var attributes = ""
            if generator.next() % 3 == 0 {
                let names = ["colspan", "rowspan", "x:colspan", "class", "colspan"]
                let values = ["2", "'3'", "\"0\"", "99999", "x", "", " 2 ", "&#50;"]
                attributes = " \(names[pick(names.count, &generator)])=\(values[pick(values.count, &generator)])"
                if generator.next() % 4 == 0 { attributes += " rowspan" }
            }
            let close = generator.next() % 10 == 0 ? "/" : ""
            return Array("<\(tag)\(attributes)\(close)>".utf8)
        case 4, 5:
            return Array("</\(tags[pick(tags.count, &generator)])>".utf8)
        case 6, 7, 8, 9, 10:
            return Array(texts[pick(texts.count, &generator)].utf8)
        case 11:
            return Array(
                ["<!-- c -->", "<!--", "-->", "<?pi x?>", "<![CDATA[c]]>", "<!x>", "</>"][
                    pick(7, &generator)
                ].utf8
            )
        case 12:
            return [[0xFF], [0xC3], [0xE4, 0xB8], [0x80]][pick(4, &generator)]
        case 13:
            let depth = generator.next() % 8 == 0 ? 260 : Int(generator.next() % 6)
            return Array(String(repeating: "<span>", count: depth).utf8)
        default:
            return Array("<table><tr><td>a</td><td colspan=2>b</td></tr><tr><td rowspan=2>c</td></tr>".utf8)
        }
    }
}
