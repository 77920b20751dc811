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
