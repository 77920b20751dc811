internal import CLibXML2

/// One iterative depth-first walk over a libxml2 tree, writing text and collecting tables: the reference that
/// ``StreamWalk`` (what ``HTMLTextExtractor`` runs) must match byte for byte; tests compare the two.
struct TreeWalk {
    /// The text and tables.
    private var collector: PageTextCollector
    /// The first `<title>` with text, among the elements visited.
    private var title: String?
    /// Element kinds by name pointer: libxml2 interns element names, so a page's few distinct names come back
    /// as the same few pointers, and a pointer compare answers most lookups.
    private var kindCache: [(name: UnsafePointer<UInt8>, kind: HTMLElementKind)] = []

    /// Creates a walk with the extractor's limits.
    init(extractor: HTMLTextExtractor) {
        collector = PageTextCollector(extractor: extractor)
    }

    /// The first `<title>` in the tree, found without recursion.
    static func title(of document: htmlDocPtr) -> String? {
        var current = document.pointee.children
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name,
                case .title = HTMLElementKind.of(cName: name)
            {
                return text(ofChildren: node)
            }
            if let child = node.pointee.children {
                current = child
                continue
            }
            var done: xmlNodePtr? = node
            current = nil
            while let step = done {
                if let next = step.pointee.next {
                    current = next
                    break
                }
                done = step.pointee.parent.flatMap { $0.pointee.type == XML_ELEMENT_NODE ? $0 : nil }
            }
        }
        return nil
    }

    /// What the walk found.
    func result() -> HTMLDocument {
        collector.result(title: title, trustedUTF8: false)
    }

    /// Visits every node in document order: `enter` on the way down, `leave` on the way up, no recursion.
    mutating func run(_ document: htmlDocPtr) throws(HTMLTextError) {
        let top = UnsafeMutableRawPointer(document)
        var current = document.pointee.children
        while let node = current {
            if enter(node), let child = node.pointee.children {
                current = child
                continue
            }
            guard !collector.isOverLimit else {
                throw .textTooLarge(limit: collector.extractor.maximumTextBytes)
            }
            // Leave this node and every ancestor that has no next sibling, then move on to the next sibling.
            var done = node
            current = nil
            while true {
                leave(done)
                if let next = done.pointee.next {
                    current = next
                    break
                }
                guard let parent = done.pointee.parent, UnsafeMutableRawPointer(parent) != top else { break }
                done = parent
            }
        }
    }

    /// Handles a node on the way down; returns whether to visit its children.
    private mutating func enter(_ node: xmlNodePtr) -> Bool {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content {
                collector.appendText(content, count: Int(xmlStrlen(content)))
            }
            return false
        case XML_ELEMENT_NODE:
            break
        default:
            // Comments, processing instructions, the DTD: not text.
            return false
        }
        let kind = cachedKind(of: node)
        if case .title = kind {
            if title == nil { title = Self.text(ofChildren: node) }
            return false
        }
        return collector.enter(kind) { Self.span(of: node) }
    }

    /// Handles a node on the way up (also for nodes whose children were not visited).
    private mutating func leave(_ node: xmlNodePtr) {
        guard node.pointee.type == XML_ELEMENT_NODE else { return }
        collector.leave(cachedKind(of: node))
    }

    /// A cell's `colspan` and `rowspan`.
    private static func span(of node: xmlNodePtr) -> (columns: Int, rows: Int) {
        var attributes: [(UnsafePointer<UInt8>, UnsafePointer<UInt8>)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            if let name = current.pointee.name, let value = current.pointee.children?.pointee.content {
                attributes.append((name, UnsafePointer(value)))
            }
            attribute = current.pointee.next
        }
        return PageTextCollector.span(of: attributes)
    }

    /// ``HTMLElementKind/of(cName:)`` through ``kindCache`` (the tree does not change during the walk).
    private mutating func cachedKind(of node: xmlNodePtr) -> HTMLElementKind {
        guard let name = node.pointee.name else { return .inline }
        for entry in kindCache where entry.name == name { return entry.kind }
        let kind = HTMLElementKind.of(cName: name)
        if kindCache.count < 32 { kindCache.append((name, kind)) }
        return kind
    }

    /// The collapsed text of a node's direct text children (a `<title>`).
    private static func text(ofChildren node: xmlNodePtr) -> String? {
        var bytes: [UInt8] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE, let content = current.pointee.content {
                bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                bytes.append(0x20)
            }
            child = current.pointee.next
        }
        let text = HTMLTextExtractor.collapsed(bytes)
        return text.isEmpty ? nil : text
    }
}
