import DisclosureTestSupport
import Foundation
import Testing

@testable import DisclosureHTML

/// The fast reader (libxml2's HTML parser ported to Swift for the pages it models) gives exactly what libxml2
/// gives, on every page it does not leave to libxml2: the corpus's pages, the benchmark's, generated tag soup and
/// hand-written recovery cases. Each test prints how many pages took the fast path.
@Suite struct HTMLFastReaderTests {
    /// Fast reader and libxml2, compared; returns whether the fast reader took the page.
    @discardableResult
    private func expectSame(
        _ bytes: [UInt8],
        _ label: String,
        extractor: HTMLTextExtractor = HTMLTextExtractor(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let fast = Result { () throws(HTMLTextError) in try extractor.extractThroughFastReader(utf8: bytes) }
        guard case .success(let document) = fast, document == nil else {
            let reference = Result { () throws(HTMLTextError) in try extractor.extractThroughLibxml2(utf8: bytes) }
            #expect(
                fast.map { $0! } == reference,
                "\(label): \(String(decoding: bytes.prefix(300), as: UTF8.self))",
                sourceLocation: sourceLocation
            )
            return true
        }
        return false
    }

    @Test func corpusPagesReadTheSame() throws {
        guard let corpus = TestSupport.corpus else {
            print("HTMLFastReaderTests: ../shared/corpus absent, corpus pages skipped")
            return
        }
        let files =
            FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "html" } ?? []
        #expect(!files.isEmpty)
        var fast = 0
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            if expectSame(bytes, file.lastPathComponent) { fast += 1 }
            expectSame(
                bytes,
                file.lastPathComponent + " (limits)",
                extractor: HTMLTextExtractor(maximumTextBytes: 2000, maximumTableDepth: 1, maximumTableCells: 7)
            )
        }
        print("HTMLFastReaderTests: corpus pages, \(fast) of \(files.count) read by the fast reader")
    }

    @Test func benchPagesReadTheSameAndFast() throws {
        // The benchmark's generated pages (scripts/gen_bench_corpus.py, seed 7), every size class: all of them must
        // take the fast path, or the benchmark measures libxml2 again.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("html-fast-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = [
            "python3", TestSupport.repositoryRoot.appendingPathComponent("scripts/gen_bench_corpus.py").path,
            directory.path, "--seed", "7", "--count", "20",
        ]
        generator.standardOutput = FileHandle.nullDevice
        guard (try? generator.run()) != nil else {
            print("HTMLFastReaderTests: no python3, bench pages skipped")
            return
        }
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0)
        var pages = 0
        var fast = 0
        for size in ["2k", "10k", "50k", "200k"] {
            let folder = directory.appendingPathComponent(size)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".html") {
                let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
                if expectSame(bytes, "\(size)/\(name)") { fast += 1 }
                pages += 1
            }
        }
        print("HTMLFastReaderTests: bench pages, \(fast) of \(pages) read by the fast reader")
        #expect(pages == 80)
        #expect(fast == pages)
    }

    @Test func recoveryCasesReadTheSame() {
        var fast = 0
        for (index, html) in Self.cases.enumerated() {
            if expectSame(Array(html.utf8), "case \(index)") { fast += 1 }
            expectSame(
                Array(html.utf8),
                "case \(index) (limits)",
                extractor: HTMLTextExtractor(maximumTextBytes: 8, maximumTableDepth: 1, maximumTableCells: 3)
            )
        }
        print("HTMLFastReaderTests: recovery cases, \(fast) of \(Self.cases.count) read by the fast reader")
        #expect(fast > Self.cases.count / 2)
    }

    @Test(arguments: 0..<8)
    func streamWalkTagSoupReadsTheSame(seed: Int) {
        // The malformed pages the SAX-versus-tree test generates (invalid bytes included: those go to libxml2).
        var generator = SplitMix64(seed: UInt64(seed) &* 7919 &+ 17)
        var fast = 0
        for round in 0..<300 {
            if expectSame(TagSoup.page(using: &generator), "seed \(seed) round \(round)") { fast += 1 }
        }
        print("HTMLFastReaderTests: stream-walk tag soup seed \(seed), \(fast) of 300 read by the fast reader")
    }

    @Test(arguments: 0..<8)
    func cleanTagSoupReadsTheSame(seed: Int) {
        // Tag soup made of what the fast reader models (no invalid bytes, no processing instructions), heavy on
        // libxml2's recovery: implied and auto-closed elements, stray and misplaced tags, entities, long text.
        var generator = SplitMix64(seed: UInt64(seed) &* 104_729 &+ 5)
        var fast = 0
        for round in 0..<400 {
            let page = CleanTagSoup.page(using: &generator)
            if expectSame(page, "clean seed \(seed) round \(round)") { fast += 1 }
            if round.isMultiple(of: 10) {
                expectSame(
                    page,
                    "clean seed \(seed) round \(round) (limits)",
                    extractor: HTMLTextExtractor(maximumTextBytes: 300, maximumTableDepth: 1, maximumTableCells: 5)
                )
            }
        }
        print("HTMLFastReaderTests: clean tag soup seed \(seed), \(fast) of 400 read by the fast reader")
        #expect(fast > 300)
    }

    @Test(arguments: 0..<4)
    func endTagShapesReadTheSame(seed: Int) {
        // The reader matches an end tag written as the open element's name and `>` against the stack as one word;
        // every other shape (case, blanks, attributes, longer or shorter names, `html`/`head`/`body`, names of 7 and
        // 8 bytes, an end tag too close to the end of the page for a word) goes the general way. Both must read as
        // libxml2 does.
        let starts = [
            "<td>", "<th>", "<tr>", "<table>", "<p>", "<div>", "<span>", "<b>", "<caption>", "<colgroup>", "<h2>",
            "<html>", "<head>", "<body>", "<o:p>", "<li>", "<ul>", "<abcdefg>", "<abcdefgh>", "<TD>", "<td x=1>",
        ]
        let ends = [
            "</td>", "</th>", "</tr>", "</table>", "</p>", "</div>", "</span>", "</b>", "</caption>", "</colgroup>",
            "</h2>", "</html>", "</head>", "</body>", "</o:p>", "</li>", "</ul>", "</abcdefg>", "</abcdefgh>", "</TD>",
            "</Td>", "</td >", "</td\n>", "</td x>", "</tdx>", "</t>", "</td", "</", "</td>>", "</tr >", "</P>",
        ]
        let texts = ["x", "收入", " ", "\n", "1,234.5", "&amp;", ""]
        var generator = SplitMix64(seed: UInt64(seed) &* 31_337 &+ 3)
        var fast = 0
        for round in 0..<500 {
            var page = ""
            for _ in 0..<Int(generator.next() % 40) + 1 {
                switch generator.next() % 3 {
                case 0: page += starts[Int(generator.next() % UInt64(starts.count))]
                case 1: page += ends[Int(generator.next() % UInt64(ends.count))]
                default: page += texts[Int(generator.next() % UInt64(texts.count))]
                }
            }
            if expectSame(Array(page.utf8), "end tags seed \(seed) round \(round)") { fast += 1 }
        }
        print("HTMLFastReaderTests: end tag shapes seed \(seed), \(fast) of 500 read by the fast reader")
        #expect(fast > 400)
    }

    @Test(arguments: 0..<4)
    func startTagShapesReadTheSame(seed: Int) {
        // A start tag written as its name and `>` alone, closing nothing open, is pushed at once once a `<body>`
        // was; the rest (before the body, `<html>`/`<head>`/`<body>`, inside a script or style, empty elements,
        // attributes, elements that imply others) goes through the general start tag. Both must read as libxml2.
        let prologues = ["", "<html>", "<html><head>", "<head><title>t</title></head>", "<body>", "x", "<p>"]
        let starts = [
            "<td>", "<th>", "<tr>", "<table>", "<p>", "<div>", "<b>", "<li>", "<ul>", "<dd>", "<dt>", "<option>",
            "<select>", "<br>", "<hr>", "<img>", "<meta>", "<link>", "<base>", "<title>", "<script>", "<style>",
            "<noframes>", "<frame>", "<frameset>", "<html>", "<head>", "<body>", "<xyz>", "<o:p>", "<td x=1>", "<p/>",
            "<caption>", "<h2>", "<pre>", "<textarea>", "<form>", "<a>", "<font>", "<tbody>", "<thead>",
        ]
        let ends = [
            "</td>", "</tr>", "</table>", "</p>", "</div>", "</b>", "</li>", "</script>", "</style>", "</title>",
            "</body>", "</head>", "</html>", "</select>", "</option>", "</xyz>", "</h2>", "</pre>", "</a>",
        ]
        let texts = ["x", "收入", " ", "\n", "1,234.5", "&amp;", "<", ""]
        var generator = SplitMix64(seed: UInt64(seed) &* 7_411 &+ 9)
        var fast = 0
        for round in 0..<500 {
            var page = prologues[Int(generator.next() % UInt64(prologues.count))]
            for _ in 0..<Int(generator.next() % 40) + 1 {
                switch generator.next() % 4 {
                case 0, 1: page += starts[Int(generator.next() % UInt64(starts.count))]
                case 2: page += ends[Int(generator.next() % UInt64(ends.count))]
                default: page += texts[Int(generator.next() % UInt64(texts.count))]
                }
            }
            if expectSame(Array(page.utf8), "start tags seed \(seed) round \(round)") { fast += 1 }
        }
        print("HTMLFastReaderTests: start tag shapes seed \(seed), \(fast) of 500 read by the fast reader")
        #expect(fast > 300)
    }

    @Test(arguments: 0..<4)
    func blankRunsReadTheSame(seed: Int) {
        // Blanks followed by `<` with an element open other than `<html>` and `<head>` are handed over at once
        // (the line breaks and indentation between tags); every other run (before `&` or text, at the end of the
        // page, 1000 bytes or more, with no element, `<html>` or `<head>` open, inside `<pre>`, `<title>`, a
        // script or style) goes through the general text path. Both must read as libxml2 does.
        let prologues = ["", "<html>", "<html><head>", "<head><title>t</title></head>", "<body>", "x", "<p>", "<pre>"]
        let tags = [
            "<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>", "<p>", "</p>", "<div>", "</div>", "<pre>",
            "</pre>", "<title>", "</title>", "<script>", "</script>", "<style>", "</style>", "<br>", "<h2>", "</h2>",
            "</body>", "</html>", "<head>", "</head>", "<body>", "<b>", "</b>", "<!-- c -->",
        ]
        let blanks = [
            " ", "\n", "\r\n", "\t", "  \n  ", "\n\n", String(repeating: " ", count: 999),
            String(repeating: "\n", count: 1000), String(repeating: "\t", count: 1001),
        ]
        let texts = ["x", "收入", "1,234.5", "&amp;", "&", "<", " y"]
        var generator = SplitMix64(seed: UInt64(seed) &* 65_537 &+ 11)
        var fast = 0
        for round in 0..<500 {
            var page = prologues[Int(generator.next() % UInt64(prologues.count))]
            for _ in 0..<Int(generator.next() % 40) + 1 {
                switch generator.next() % 5 {
                case 0, 1: page += tags[Int(generator.next() % UInt64(tags.count))]
                case 2, 3: page += blanks[Int(generator.next() % UInt64(blanks.count))]
                default: page += texts[Int(generator.next() % UInt64(texts.count))]
                }
            }
            if expectSame(Array(page.utf8), "blank runs seed \(seed) round \(round)") { fast += 1 }
            if round.isMultiple(of: 10) {
                expectSame(
                    Array(page.utf8),
                    "blank runs seed \(seed) round \(round) (limits)",
                    extractor: HTMLTextExtractor(maximumTextBytes: 300, maximumTableDepth: 1, maximumTableCells: 5)
                )
            }
        }
        print("HTMLFastReaderTests: blank runs seed \(seed), \(fast) of 500 read by the fast reader")
        #expect(fast > 400)
    }

    @Test func leavesToLibxml2WhatItDoesNotModel() throws {
        let extractor = HTMLTextExtractor()
        for html in [
            "<p>a\u{1}b</p>", "<?xml version=\"1.0\"?><p>x</p>", "<p>x</p><!DOCTYPE html>", "<p>x<!-- open",
            "<p a=\"open>x", "<p>&amp", "<p>&a_b;</p>", "<td colspan=\"&#50;\">x</td>", "\u{FEFF}<p>x</p>",
            "<abcdefghijklmnopq>x</abcdefghijklmnopq>", "<p.x>y</p.x>", "", "<p>x</p><b",
        ] {
            #expect(try extractor.extractThroughFastReader(utf8: Array(html.utf8)) == nil, "\(html)")
        }
        #expect(try extractor.extractThroughFastReader(utf8: [0x3C, 0x70, 0x3E, 0xFF]) == nil)
        #expect(try extractor.extractThroughFastReader(utf8: Array("<p>\u{FFFF}</p>".utf8)) == nil)
    }

    /// Hand-written pages on libxml2's recovery rules.
    static let cases: [String] = [
        "x", " \n ", "<p>a</p>", "a<p>b", "<html>x</html>", "<html> <head> <title> t </title> </head> x</html>",
        "<head><p>a</p></head>", "<title>t</title>x", "<meta charset=utf-8><p>x", "<script>a<b</script>x",
        "<html><head></head><script>s</script>t", "<body><body>x</body></body>y", "<html><html>x</html></html>y",
        "<p><head>x</head></p>", "<div><p>a<div>b</div>c</p>d</div>", "<p>a<p>b<p>c", "<ul><li>a<li>b</ul>c",
        "<dl><dt>a<dd>b<dt>c</dl>", "<table><tr><td>a<td>b<tr><td>c</table>", "<td>a</td><td>b</td>",
        "<table><td>a</table>", "<table><tr><td><div>a</td></tr></table>b", "<div><span>a</div>b</span>c",
        "<b>a<p>b</p>c</b>", "<a>a<a>b</a>c", "<font>x<td>y</td></font>", "<table><caption>c<tr><td>x</table>",
        "<table><thead><tr><th>h</thead><tbody><tr><td>b</tbody><tfoot><tr><td>f</table>",
        "<div>a</td>b</div>", "<table><tr><td>a</div>b</td></tr></table>", "<p>a</br>b</p>", "</p>x", "</x>y",
        "<p>a</P>b", "<P CLASS=x>A</p>", "<TABLE><TR><TD COLSPAN=2>a</TD></TR></TABLE>",
        "<td colspan=2/>x", "<td colspan=\"3\" colspan=\"2\">x</td><td>y</td>", "<td colspan rowspan=2>x</td>",
        "<table><tr><td rowspan=' 2'>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
        "<td x=\"a>b\">y</td>", "<td x='a\"b'>y</td>", "<p / >a</p>", "<p =x>a</p>", "<p \"q\">a</p>",
        "<br/><br /><p/>x", "<o:p>x</o:p><o:p/>", "<x:td>a</x:td>", "<_x>a</_x>", "<:x>a", "< p>a", "a < b",
        "a<>b", "</>x", "</ p>x", "<!x>y", "<![CDATA[x]]>y", "<!---->a", "<!-- a -- b -->c", "<!--x--!>y",
        "<!-->x-->y", "<!--->x-->y", "<p>a<!-- c -->b</p>", "<title>a<!--c-->b</title>",
        "<!DOCTYPE html><p>x", "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><body> <b>a</b> <b>b</b></body>",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://x/y.dtd\"><p>x",
        "<!DOCTYPE html SYSTEM 'a>b'><p>x", "<!-- c --><!DOCTYPE html><!-- d --> <p>x", "<!DOCTYPE>x",
        "&amp;&lt;&gt;&nbsp;&quot;&copy;", "&#20320;&#x597D;&#X597d;", "&#0;a&#1;b&#;c&#x;d&#xD800;e&#99999999;f",
        "&#65&#x41 g", "a & b", "a &1 b", "&bogus; &amp &AMP; &Amp;", "<p>&nbsp;</p>", "&nbsp;<p>x",
        "<head>&amp;</head>", "<html>&#32;</html>", "<html> </html>", "<head> <title>t</title> x</head>",
        "<script>var a = '</div>'; if (a<b) {}</script>after", "<SCRIPT>x</SCRIPT>y", "<script>x</scriptx>y</script>z",
        "<style>p{}</style><p>t</p>", "<script>never closed", "<style></style>x", "<script/>x",
        "<noscript><p>n</p></noscript>y", "<textarea><p>t</p></textarea>z", "<select><option>a<option>b</select>",
        "<pre>  a\n  b\r\n\tc </pre>", "<xmp><b>x</b></xmp>", "<plaintext><b>x</b>",
        "<p>" + String(repeating: " ", count: 1500) + "</p>", String(repeating: " ", count: 2500) + "<p>x",
        String(repeating: "\n", count: 999) + "x<p>y", String(repeating: "\t", count: 1000) + "<p>y",
        "<html>" + String(repeating: " ", count: 1000) + "<p>y",
        "<html>" + String(repeating: " ", count: 999) + "&amp;",
        "<p>" + String(repeating: "长", count: 700) + "</p>", String(repeating: "长a", count: 600),
        "<p>" + String(repeating: "x ", count: 1200) + "&amp;" + String(repeating: " y", count: 600),
        String(repeating: "<div>", count: 240) + "deep", String(repeating: "<div>", count: 255) + "deeper",
        "<h1>a<h2>b</h1>c", "<form><form>x</form>", "<address><p>a</address>", "<li>a<ul><li>b</ul>",
        "<table><tr><td>a<table><tr><td>in</table>b</td></tr></table>", "<caption>cap</caption>x",
        "<p>x</p></body></html>\n tail <b>x</b>", "<html><body>a</body>b</html>c", "<frameset><frame>x",
        "<noframes>n</noframes>x", "<base href=x><link rel=y><p>x", "<html><title>t</title></html>",
        "<head><title>t</title><body>x", "<head><meta><body><p>x", "<p>a\r\nb\rc</p>", "<p>\u{7F}x</p>",
        "<td>\u{00A0}a\u{00A0}</td>", "<P>A<BR>B<Br/>C</P>", "<p>a<img src=x alt=y>b<input>c<hr>d</p>",
    ]

    @Test(arguments: 0..<4)
    func textAfterStartTagsReadsTheSame(seed: Int) {
        // A start tag pushed at once and text starting with content read in the same turn, with the end tag after
        // it (`<td>figure</td>`), and text of every length up to a few blocks of sixteen bytes (where the reader
        // stops comparing blocks and calls memchr), content runs or not: all must read as libxml2 does.
        let prologues = ["<body>", "<table><tr>", "<p>", "<html><body><table>", "", "<pre>"]
        let starts = [
            "<td>", "<th>", "<tr>", "<p>", "<div>", "<b>", "<li>", "<br>", "<hr>", "<script>", "<style>", "<title>",
            "<h2>", "<pre>", "<span>", "<o:p>", "<xyz>", "<table>", "<caption>", "<td colspan=2>",
        ]
        let ends = ["</td>", "</th>", "</tr>", "</p>", "</b>", "</table>", "</span>", "</script>", "</x>", "</ td>"]
        let pieces = [
            "收", "入", "1", "651.99", "万元", "（一）", "a", "-", " ", "\n", "\t", "\u{00A0}", "©", "&amp;", "&", "<",
            ">", "&#19975;", "\r\n",
        ]
        var generator = SplitMix64(seed: UInt64(seed) &* 92_821 &+ 17)
        var fast = 0
        for round in 0..<400 {
            var page = prologues[Int(generator.next() % UInt64(prologues.count))]
            for _ in 0..<Int(generator.next() % 30) + 1 {
                page += starts[Int(generator.next() % UInt64(starts.count))]
                // Mostly content (the first byte one of it), up to about 90 bytes; now and then markup or a stop.
                let length = Int(generator.next() % 40)
                for index in 0..<length {
                    let content = generator.next() % 10 < 8 || index == 0
                    page += pieces[Int(generator.next() % UInt64(content ? 6 : pieces.count))]
                }
                if generator.next() % 5 != 0 { page += ends[Int(generator.next() % UInt64(ends.count))] }
            }
            if expectSame(Array(page.utf8), "text after start tags seed \(seed) round \(round)") { fast += 1 }
            if round.isMultiple(of: 10) {
                expectSame(
                    Array(page.utf8),
                    "text after start tags seed \(seed) round \(round) (limits)",
                    extractor: HTMLTextExtractor(maximumTextBytes: 300, maximumTableDepth: 1, maximumTableCells: 5)
                )
            }
        }
        print("HTMLFastReaderTests: text after start tags seed \(seed), \(fast) of 400 read by the fast reader")
        #expect(fast > 200)
    }

    @Test(arguments: 0..<4)
    func longTextsReadTheSame(seed: Int) {
        // Paragraphs past the reader's first four blocks of sixteen bytes, where it keeps comparing blocks while the
        // text is one run of content and calls memchr once a block holds a stop: content of every length up to
        // past libxml2's 1000-byte pieces, stops (whitespace, U+00A0) from a random offset on, 0xC2 leading another
        // character (©) among the content, and text ending at `<`, `&`, a bare `<` or the page's end. (Control
        // characters but tab, line feed and carriage return send a page to libxml2: none here.)
        let prologues = ["<body>", "<p>", "<html><body><div>", "<table><tr><td>", "", "<pre>", "<title>"]
        let content = ["收", "入", "1", "651.99", "万元", "（一）", "，", "。", "a", "-", "©", "”", "\u{7F}"]
        let stops = [" ", "\n", "\t", "\r\n", "\u{00A0}", "\r", "  "]
        let ends = ["</p>", "<br>", "&amp;", "&", "<", "< x", "</td><td>", "<p>", "&#19975;", ""]
        var generator = SplitMix64(seed: UInt64(seed) &* 15_485_863 &+ 3)
        var fast = 0
        for round in 0..<300 {
            var page = prologues[Int(generator.next() % UInt64(prologues.count))]
            for _ in 0..<Int(generator.next() % 6) + 1 {
                page += generator.next() % 3 == 0 ? "<p>" : ""
                // 40 to ~1400 bytes of text; a stop in one text of two, at a random place.
                let target = 40 + Int(generator.next() % 1360)
                let stopAt = generator.next() % 2 == 0 ? Int(generator.next() % UInt64(target + 1)) : -1
                var text = ""
                while text.utf8.count < target {
                    if stopAt >= 0, text.utf8.count >= stopAt, !text.isEmpty, generator.next() % 8 == 0 {
                        text += stops[Int(generator.next() % UInt64(stops.count))]
                    } else {
                        text += content[Int(generator.next() % UInt64(content.count))]
                    }
                }
                page += text + ends[Int(generator.next() % UInt64(ends.count))]
            }
            if expectSame(Array(page.utf8), "long texts seed \(seed) round \(round)") { fast += 1 }
            if round.isMultiple(of: 10) {
                expectSame(
                    Array(page.utf8),
                    "long texts seed \(seed) round \(round) (limits)",
                    extractor: HTMLTextExtractor(maximumTextBytes: 700, maximumTableDepth: 1, maximumTableCells: 5)
                )
            }
        }
        print("HTMLFastReaderTests: long texts seed \(seed), \(fast) of 300 read by the fast reader")
        #expect(fast > 150)
    }
}

/// Tag soup that stays inside what the fast reader models, weighted towards libxml2's recovery rules.
enum CleanTagSoup {
    private static let tags = [
        "p", "div", "td", "th", "tr", "table", "tbody", "thead", "caption", "title", "script", "style", "br", "img",
        "o:p", "span", "b", "i", "a", "pre", "html", "body", "head", "li", "ul", "ol", "dl", "dt", "dd", "select",
        "option", "x:td", "font", "h1", "h2", "textarea", "form", "meta", "hr", "xmp", "noscript", "center", "u",
        "P", "TD", "Table", "address", "link", "base", "frameset", "noframes", "col", "colgroup", "tfoot",
    ]
    private static let texts = [
        "收入", "1651.99", "万元", " ", "\n", "\t", "  \n  ", "&nbsp;", "&#19975;", "&#x4E07;", "&amp;", "&bogus;",
        "&", "&amp", "&#;", "&#0;", "<", ">", "a < b", "\u{00A0}", "”三公“", "x", "&#32;", "\r\n", "&lt;b&gt;",
        "<!-- c -->", "<!---->", "<!--x--!>", "</>", "</ p>", "<!x>", "<>", "&copy;", "\r",
    ]

    static func page(using generator: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        switch generator.next() % 6 {
        case 0: out += Array("<!DOCTYPE html>\n".utf8)
        case 1: out += Array("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">".utf8)
        case 2: out += Array("<!-- lead --> ".utf8)
        default: break
        }
        let pieces = Int(generator.next() % 80) + 1
        for _ in 0..<pieces {
            out += piece(using: &generator)
        }
        return out
    }

    private static func piece(using generator: inout SplitMix64) -> [UInt8] {
        let pick = { (count: Int, generator: inout SplitMix64) in Int(generator.next() % UInt64(count)) }
        switch generator.next() % 20 {
        case 0, 1, 2, 3, 4:
            let tag = tags[pick(tags.count, &generator)]
            var attributes = ""
            if generator.next() % 3 == 0 {
                let names = ["colspan", "rowspan", "x:colspan", "class", "COLSPAN", "style"]
                let values = ["2", "'3'", "\"0\"", "99999", "x", "", " 2 ", "\"a > b\"", "2/", "'1' ", "\" 4\""]
                attributes = " \(names[pick(names.count, &generator)])=\(values[pick(values.count, &generator)])"
                if generator.next() % 4 == 0 { attributes += " rowspan" }
                if generator.next() % 4 == 0 { attributes += " colspan=5" }
            }
            let close = generator.next() % 10 == 0 ? "/" : ""
            return Array("<\(tag)\(attributes)\(close)>".utf8)
        case 5, 6, 7:
            return Array("</\(tags[pick(tags.count, &generator)])>".utf8)
        case 8, 9, 10, 11, 12, 13:
            return Array(texts[pick(texts.count, &generator)].utf8)
        case 14:
            let runs = [" ", "\n", "x", "长"]
            return Array(String(repeating: runs[pick(runs.count, &generator)], count: 990 + pick(30, &generator)).utf8)
        case 15:
            return Array("<script>if (a < b) { x = '</div>'; }</script>".utf8)
        case 16:
            let depth = Int(generator.next() % 6)
            return Array(String(repeating: "<span>", count: depth).utf8)
        default:
            return Array("<table><tr><td>a</td><td colspan=2>b</td></tr><tr><td rowspan=2>c</td></tr>".utf8)
        }
    }
}
