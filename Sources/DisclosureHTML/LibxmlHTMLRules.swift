internal import CLibXML2

/// What libxml2 2.9.14's HTML parser decides from element names alone, for ``FastHTMLReader`` to decide the same:
/// which start tag closes which open element (`htmlStartClose`), which end tags may close which elements
/// (`htmlEndPriority`), and which elements are empty (`htmlTagLookup`). The two tables are copied from that
/// version's `HTMLparser.c`; the fast reader runs only against the libxml2 they were copied from.
final class LibxmlHTMLRules: Sendable {
    /// The libxml2 version the tables come from (`LIBXML_VERSION`).
    static let version: Int32 = 20914

    /// The rules, built once.
    static let shared = LibxmlHTMLRules()

    /// Ids of the names the parser itself treats specially (indexes in ``names``).
    enum Known {
        static let html = 0
        static let head = 1
        static let body = 2
        static let p = 3
        static let script = 4
        static let style = 5
        static let meta = 6
        static let link = 7
        static let title = 8
        static let base = 9
        static let noframes = 10
        static let frame = 11
        static let frameset = 12
    }

    /// The names the rules mention, lower case; a name's id is its index.
    let names: [[UInt8]]
    /// Ids by packed name.
    let ids: [PackedHTMLName: Int]
    /// `closes[new * names.count + old]`: a start tag `new` closes an open `old` (`htmlCheckAutoClose`).
    private let closesTable: [Bool]
    /// Each known name's end-tag priority.
    let priorities: [Int]
    /// Each known name's element kind for the text walk.
    let kinds: [HTMLElementKind]
    /// Each known name's emptiness (`htmlTagLookup(name)->empty`): its start tag is its end.
    let empty: [Bool]

    /// Each known name's end tag as the fast reader matches it against the open element: the name's bytes and
    /// `>`, little-endian (`bytes`), under `mask`, and its `length` after `</`. A name of 8 bytes or more, and
    /// `html`, `head` and `body` (whose end tags may be ones to ignore), match nothing (a zero mask and nonzero
    /// bytes).
    let endTagKeys: [(bytes: UInt64, mask: UInt64, length: Int)]
    /// For each byte value: the byte lower-cased when it may be part of an element name (ASCII letters, digits,
    /// `:`, `-`, `_`, `.`), else 0 (a lookup costs fewer instructions than the comparisons).
    let nameBytes: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        if byte >= 0x41 && byte <= 0x5A { return byte | 0x20 }
        let isLetter = byte >= 0x61 && byte <= 0x7A
        let isDigit = byte >= 0x30 && byte <= 0x39
        let isName =
            isLetter || isDigit || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".")
        return isName ? byte : 0
    }

    /// The priority of a name that `htmlEndPriority` does not list.
    static let defaultPriority = 100

    private init() {
        let special = [
            "html", "head", "body", "p", "script", "style", "meta", "link", "title", "base", "noframes", "frame",
            "frameset",
        ]
        var names = special
        var pairs: [(old: String, new: String)] = []
        for (old, news) in Self.startClose {
            for new in news.split(separator: " ") { pairs.append((old, String(new))) }
        }
        for name in pairs.flatMap({ [$0.old, $0.new] }) + Self.endPriority.map(\.name) where !names.contains(name) {
            names.append(name)
        }
        let count = names.count
        var ids: [PackedHTMLName: Int] = [:]
        for (id, name) in names.enumerated() { ids[PackedHTMLName(Array(name.utf8))!] = id }
        var closes = [Bool](repeating: false, count: count * count)
        for pair in pairs {
            closes[ids[PackedHTMLName(Array(pair.new.utf8))!]! * count + ids[PackedHTMLName(Array(pair.old.utf8))!]!] =
                true
        }
        self.names = names.map { Array($0.utf8) }
        self.ids = ids
        closesTable = closes
        priorities = names.map { name in Self.endPriority.first { $0.name == name }?.priority ?? Self.defaultPriority }
        kinds = self.names.map(Self.kind(of:))
        empty = self.names.map(Self.isEmpty(_:))
        endTagKeys = self.names.enumerated().map { id, name in
            guard name.count < 8, id != Known.html, id != Known.head, id != Known.body else { return (1, 0, 0) }
            var bytes: UInt64 = 0
            for (index, byte) in (name + [UInt8(ascii: ">")]).enumerated() {
                bytes |= UInt64(byte) << (8 * UInt64(index))
            }
            let mask: UInt64 = name.count == 7 ? ~0 : (1 << (8 * UInt64(name.count + 1))) - 1
            return (bytes, mask, name.count + 1)
        }
    }

    /// Whether a start tag of known name `new` closes an open element of known name `old`.
    func closes(_ new: Int, _ old: Int) -> Bool {
        closesTable[new * names.count + old]
    }

    /// The text walk's kind of the element named `name` (lower case), as ``StreamWalk`` finds it.
    static func kind(of name: [UInt8]) -> HTMLElementKind {
        (name + [0]).withUnsafeBufferPointer { HTMLElementKind.of(cName: StreamWalk.localName($0.baseAddress!)) }
    }

    /// Whether libxml2 knows `name` (lower case) as an empty element.
    static func isEmpty(_ name: [UInt8]) -> Bool {
        (name + [0]).withUnsafeBufferPointer { htmlTagLookup($0.baseAddress!)?.pointee.empty ?? 0 != 0 }
    }

    /// `htmlEndPriority`: an end tag closes the elements above its match only if none has a higher priority.
    private static let endPriority: [(name: String, priority: Int)] = [
        ("div", 150), ("td", 160), ("th", 160), ("tr", 170), ("thead", 180), ("tbody", 180), ("tfoot", 180),
        ("table", 190), ("head", 200), ("body", 200), ("html", 220),
    ]

    /// `htmlStartClose`: an open element (key) and the start tags that close it.
    private static let startClose: KeyValuePairs<String, String> = [
        "a": "a fieldset table td th",
        "address": "dd dl dt form li ul",
        "b": "center p td th",
        "big": "p",
        "caption": "col colgroup tbody tfoot thead tr",
        "col": "col colgroup tbody tfoot thead tr",
        "colgroup": "colgroup tbody tfoot thead tr",
        "dd": "dt",
        "dir": "dd dl dt form ul",
        "dl": "form li",
        "dt": "dd dl",
        "font": "center td th",
        "form": "form",
        "h1": "fieldset form li p table",
        "h2": "fieldset form li p table",
        "h3": "fieldset form li p table",
        "h4": "fieldset form li p table",
        "h5": "fieldset form li p table",
        "h6": "fieldset form li p table",
        "head":
            "a abbr acronym address b bdo big blockquote body br center cite code dd dfn dir div dl dt em fieldset font form frameset h1 h2 h3 h4 h5 h6 hr i iframe img kbd li listing map menu ol p pre q s samp small span strike strong sub sup table tt u ul var xmp",
        "hr": "form",
        "i": "center p td th",
        "legend": "fieldset",
        "li": "li",
        "link": "body frameset",
        "listing": "dd dl dt fieldset form li table ul",
        "menu": "dd dl dt form ul",
        "ol": "form ul",
        "option": "optgroup option",
        "p":
            "address blockquote body caption center col colgroup dd dir div dl dt fieldset form frameset h1 h2 h3 h4 h5 h6 head hr li listing menu ol p pre table tbody td tfoot th title tr ul xmp",
        "pre": "dd dl dt fieldset form li table ul",
        "s": "p",
        "script": "noscript",
        "small": "p",
        "span": "td th",
        "strike": "p",
        "style": "body frameset",
        "tbody": "tbody tfoot",
        "td": "tbody td tfoot th tr",
        "tfoot": "tbody",
        "th": "tbody td tfoot th tr",
        "thead": "tbody tfoot",
        "title": "body frameset",
        "tr": "tbody tfoot tr",
        "tt": "p",
        "u": "p td th",
        "ul": "address form menu ol pre",
        "xmp": "dd dl dt fieldset form li table ul",
    ]
}

/// An element or attribute name of up to 16 bytes, packed into two integers (lower case, as the parser keeps it).
struct PackedHTMLName: Hashable {
    /// Bytes 0–7, little-endian.
    var head: UInt64
    /// Bytes 8–15, little-endian.
    var tail: UInt64

    /// Packs `name`; nil when it is longer than 16 bytes.
    init?(_ name: [UInt8]) {
        guard name.count <= 16 else { return nil }
        head = 0
        tail = 0
        for (index, byte) in name.enumerated() {
            if index < 8 {
                head |= UInt64(byte) << (8 * UInt64(index))
            } else {
                tail |= UInt64(byte) << (8 * UInt64(index - 8))
            }
        }
    }

    /// A name already packed.
    init(head: UInt64, tail: UInt64) {
        self.head = head
        self.tail = tail
    }

    /// The name's bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        for index in 0..<16 {
            let byte = UInt8(
                truncatingIfNeeded: (index < 8 ? head >> (8 * UInt64(index)) : tail >> (8 * UInt64(index - 8)))
            )
            if byte == 0 { break }
            out.append(byte)
        }
        return out
    }
}
