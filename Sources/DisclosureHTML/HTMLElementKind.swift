/// How the text walk treats an element, by its (lower-case) tag name.
enum HTMLElementKind: Sendable {
    /// Inline content (`span`, `a`, `b`, `font`, unknown tags): text flows through.
    case inline
    /// Starts and ends a line (`p`, `div`, `h1`, `li`, …).
    case block
    /// A line break (`br`).
    case lineBreak
    /// Preformatted block: whitespace kept.
    case preformatted
    /// A table (`table`).
    case table
    /// A table row (`tr`).
    case row
    /// A table cell (`td`, `th`).
    case cell
    /// A table caption (`caption`).
    case caption
    /// The page title (`title`): read apart, not part of the text.
    case title
    /// Not shown to readers (`script`, `style`, `template`, …): skipped with everything inside.
    case skipped

    /// The kind of the element named `name` (libxml2's HTML parser reports names in lower case).
    static func of(_ name: String) -> HTMLElementKind {
        kinds[name] ?? .inline
    }

    /// The kind of the element whose NUL-terminated name (libxml2's, lower case) is at `name`: the same answer as
    /// ``of(_:)``, without making a `String` or hashing (the walk asks twice for every element of the page).
    static func of(cName name: UnsafePointer<UInt8>) -> HTMLElementKind {
        guard let key = PackedName(name) else { return .inline }
        let table = packedKinds
        var low = 0
        var high = table.count
        while low < high {
            let middle = (low + high) / 2
            if table[middle].name < key { low = middle + 1 } else { high = middle }
        }
        return low < table.count && table[low].name == key ? table[low].kind : .inline
    }

    /// A name of up to 16 bytes, packed into two integers.
    private struct PackedName: Comparable {
        var head: UInt64
        var tail: UInt64

        /// Packs a NUL-terminated name; nil when it is longer than 16 bytes (no kind has such a name).
        init?(_ name: UnsafePointer<UInt8>) {
            head = 0
            tail = 0
            var index = 0
            while name[index] != 0 {
                guard index < 16 else { return nil }
                if index < 8 {
                    head |= UInt64(name[index]) << (8 * UInt64(index))
                } else {
                    tail |= UInt64(name[index]) << (8 * UInt64(index - 8))
                }
                index += 1
            }
        }

        static func < (lhs: PackedName, rhs: PackedName) -> Bool {
            (lhs.head, lhs.tail) < (rhs.head, rhs.tail)
        }
    }

    /// ``kinds`` by packed name, sorted for binary search.
    private static let packedKinds: [(name: PackedName, kind: HTMLElementKind)] = {
        var table: [(name: PackedName, kind: HTMLElementKind)] = []
        for (name, kind) in kinds {
            let bytes = Array(name.utf8) + [0]
            if let packed = bytes.withUnsafeBufferPointer({ PackedName($0.baseAddress!) }) {
                table.append((packed, kind))
            }
        }
        return table.sorted { $0.name < $1.name }
    }()

    private static let kinds: [String: HTMLElementKind] = {
        var kinds: [String: HTMLElementKind] = [:]
        let blocks = [
            "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div",
            "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
            "head", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "section",
            "summary",
            "tbody", "tfoot", "thead", "ul",
        ]
        for name in blocks { kinds[name] = .block }
        for name in ["pre", "listing", "xmp", "plaintext"] { kinds[name] = .preformatted }
        // Content a reader never sees on the page, or that is not the document (forms' option lists, media).
        let skipped = [
            "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "select",
            "button", "textarea", "noembed", "noframes", "map", "audio", "video", "canvas",
        ]
        for name in skipped { kinds[name] = .skipped }
        kinds["br"] = .lineBreak
        kinds["table"] = .table
        kinds["tr"] = .row
        kinds["td"] = .cell
        kinds["th"] = .cell
        kinds["caption"] = .caption
        kinds["title"] = .title
        return kinds
    }()
}
