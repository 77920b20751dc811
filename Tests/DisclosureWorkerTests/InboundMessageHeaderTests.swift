import DisclosureTestSupport
import DisclosureWorker
import Testing

/// `InboundMessage.header(_:)` and `MessageHeader.stringValue` against the expressions they replace
/// (`name.lowercased() == query`, `String(validating:as:)`) on generated names and bytes.
@Suite struct InboundMessageHeaderTests {
    /// Pieces header names are made of: ASCII of both cases, and characters whose lowercasing or canonical
    /// equivalence is not byte for byte (Kelvin sign, dotted capital I, Greek question mark, combining acute,
    /// sharp s, final sigma).
    static let namePieces = [
        "a", "A", "c", "C", "t", "T", "-", "_", "1", "content", "Content", "TYPE", "type", "document-id",
        "Document-ID", "traceparent", "é", "É", "e\u{301}", "\u{212A}", "K", "k", "İ", "i", "\u{37E}", ";", "ß", "SS",
        "Σ", "σ", "ς", "",
    ]

    static func name(_ generator: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...4, using: &generator)).map { _ in namePieces.randomElement(using: &generator)! }
            .joined()
    }

    @Test func headerLookUpMatchesLowercasedComparison() {
        var generator = SplitMix64(seed: 7)
        var matched = 0
        for _ in 0..<20_000 {
            let headers = (0..<Int.random(in: 0...3, using: &generator)).map { index in
                MessageHeader(name: Self.name(&generator), value: [UInt8(index)])
            }
            // Queries as callers pass them (lowercase), one of the headers' names lowercased (a match unless an
            // earlier header matches first), and arbitrary ones.
            let query =
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: Self.name(&generator).lowercased()
                case 1: headers.randomElement(using: &generator)?.name.lowercased() ?? ""
                default: Self.name(&generator)
                }
            let message = InboundMessage(topic: "t", partition: 0, offset: 0, key: nil, value: [], headers: headers)
            let expected = headers.first { $0.name.lowercased() == query }
            #expect(message.header(query) == expected, "query \(Array(query.unicodeScalars)) in \(headers)")
            if expected != nil { matched += 1 }
        }
        // The generated cases exercise matches, not only misses.
        #expect(matched > 5_000)
    }

    @Test func headerLookUpOnTheNamesTheWorkerReads() {
        let headers = [
            MessageHeader(name: "Content-Type", string: "text/html"),
            MessageHeader(name: "document-id", string: "first"),
            MessageHeader(name: "DOCUMENT-ID", string: "second"),
            MessageHeader(name: "\u{212A}", string: "kelvin"),
        ]
        let message = InboundMessage(topic: "t", partition: 0, offset: 0, key: nil, value: [], headers: headers)
        #expect(message.header("content-type")?.stringValue == "text/html")
        #expect(message.header("document-id")?.stringValue == "first")
        #expect(message.header("Content-Type") == nil)
        #expect(message.header("content-typ") == nil)
        #expect(message.header("content-types") == nil)
        #expect(message.header("k")?.stringValue == "kelvin")
        #expect(message.header("source-url") == nil)
    }

    @Test func stringValueMatchesValidatingInit() {
        var generator = SplitMix64(seed: 11)
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("é".utf8), Array("重".utf8), Array("😀".utf8), Array("\u{FFFD}".utf8), [0],
            [0x80], [0xC3], [0xE9, 0x87], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF],
            [0xF4, 0x90, 0x80, 0x80],
            [0xFF], [0xEF, 0xBF, 0xBD],
        ]
        var valid = 0
        var invalid = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            if Bool.random(using: &generator) {
                for _ in 0..<Int.random(in: 0...6, using: &generator) {
                    bytes += pieces.randomElement(using: &generator)!
                }
            } else {
                for _ in 0..<Int.random(in: 0...8, using: &generator) {
                    bytes.append(UInt8.random(in: 0...255, using: &generator))
                }
            }
            let expected = String(validating: bytes, as: UTF8.self)
            let header = MessageHeader(name: "n", value: bytes)
            #expect(header.stringValue == expected, "bytes \(bytes)")
            if let text = header.stringValue { #expect(Array(text.utf8) == bytes) }
            if expected == nil { invalid += 1 } else { valid += 1 }
        }
        #expect(valid > 2_000 && invalid > 2_000)
        #expect(MessageHeader(name: "n", value: nil).stringValue == nil)
        #expect(MessageHeader(name: "n", value: []).stringValue == "")
    }
}
