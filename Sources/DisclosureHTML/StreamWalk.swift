internal import CLibXML2

/// Reads a page from libxml2's parser events (SAX) as they come, without the tree: the same text, tables and
/// title as ``TreeWalk`` over the tree libxml2 would have built from those events, at a fraction of the cost (the
/// tree was about half of the HTML decode's time: a node, its name and its text allocated and freed per element).
///
/// What the tree builder (libxml2's SAX2 handlers) does beyond nesting the events, and this mirrors:
/// - an element's name is its local part (`o:p` is a `p`), as `xmlSplitQName` cuts it; attributes keep their
///   whole name;
/// - text while no element is open (after `</html>`) is dropped;
/// - text reported in pieces is one text node (a `<title>`'s text is its text nodes, one space between);
/// - the 258th nested element, or a text node past 10,000,000 bytes, halts the parser (`nodePush`'s depth limit,
///   the huge-text check): the extractor then reads the page with ``TagStripper``, as it does for the tree.
struct StreamWalk {
    /// libxml2's depth limit (`xmlParserMaxDepth`): the tree builder halts the parser on an element nested deeper.
    static let maximumDepth = 256
    /// libxml2's largest text node without `XML_PARSE_HUGE` (`XML_MAX_TEXT_LENGTH`).
    static let maximumTextNodeBytes = 10_000_000

    /// The text and tables.
    private var collector: PageTextCollector
    /// Kinds of the open elements, outermost first (``openCount`` of them): where the tree builder's current node
    /// would be. Inline, of a fixed size (the walk halts past ``maximumDepth``): a push or pop per element is a
    /// store or load and a count, not an array's uniqueness and capacity checks.
    private var open = InlineArray<257, HTMLElementKind>(repeating: .inline)
    /// How many elements are open.
    private var openCount = 0
    /// Index in ``open`` of the element whose content the walk does not read (skipped, `<title>`, `<br>`).
    private var unreadFrom: Int?
    /// The text grew past the limit: the collector takes nothing more (the extractor throws at the end).
    private var isOverLimit = false
    /// What the last event added to the open element: the tree builder merges text into a text node that was
    /// the last thing added.
    private var lastAdded = LastAdded.other
    /// Bytes of the current text node.
    private var textNodeBytes = 0
    /// Index in ``open`` of the outermost open `<title>`, whose direct text is being collected.
    private var titleFrom: Int?
    /// Whether that `<title>` is one the walk visits (not inside content it skips).
    private var titleIsRead = false
    /// The open `<title>`'s direct text nodes, each after a space.
    private var titleBytes: [UInt8] = []
    /// The first `<title>` with text among those the walk visits: the title of a page read in full.
    private var readTitle: String?
    /// The first `<title>` anywhere, with its text or nil: the title of a page libxml2 halted on.
    private var firstTitle: String??
    /// Element kinds by name pointer: libxml2 interns element names (and implied ones are C literals), so a page's
    /// few distinct names come back as the same few pointers.
    private var kindCache: [(name: UnsafePointer<UInt8>, kind: HTMLElementKind)] = []

    /// What the last event added to the open element.
    private enum LastAdded {
        case text
        case cdata
        case other
    }

    /// Creates a walk with the extractor's limits; `expectedTextBytes` is room made for the text up front.
    init(extractor: HTMLTextExtractor, expectedTextBytes: Int = 0) {
        collector = PageTextCollector(extractor: extractor, expectedTextBytes: expectedTextBytes)
    }

    /// Installs the walk's handlers in `context`'s SAX handler; the start and end of the document, and the DTD,
    /// stay libxml2's own, so that libxml2 still makes (an empty) document exactly when it did.
    static func install(in context: htmlParserCtxtPtr) {
        guard let sax = context.pointee.sax else { return }
        sax.pointee.startElement = { context, name, attributes in
            guard let walk = StreamWalk.walk(context), let name else { return }
            let kind = walk.pointee.cachedKind(of: name)
            let read = walk.pointee.startElement(kind) { PageTextCollector.span(of: SAXAttributes(attributes)) }
            if !read { xmlStopParser(context?.assumingMemoryBound(to: xmlParserCtxt.self)) }
        }
        sax.pointee.endElement = { context, _ in
            StreamWalk.walk(context)?.pointee.endElement()
        }
        sax.pointee.characters = { context, text, count in
            guard let walk = StreamWalk.walk(context), let text else { return }
            if !walk.pointee.characters(text, count: Int(count)) {
                xmlStopParser(context?.assumingMemoryBound(to: xmlParserCtxt.self))
            }
        }
        sax.pointee.cdataBlock = { context, text, count in
            guard let walk = StreamWalk.walk(context), let text else { return }
            walk.pointee.cdata(text, count: Int(count))
        }
        sax.pointee.comment = { context, _ in
            StreamWalk.walk(context)?.pointee.otherNode()
        }
        sax.pointee.processingInstruction = { context, _, _ in
            StreamWalk.walk(context)?.pointee.otherNode()
        }
    }

    /// The walk behind a handler's context (the parser context, whose `_private` points at the walk); nil once
    /// the parser has halted: the tree builder gets no more events then either.
    private static func walk(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<StreamWalk>? {
        guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self), parser.pointee.disableSAX == 0
        else { return nil }
        return parser.pointee._private?.assumingMemoryBound(to: StreamWalk.self)
    }

    /// What the walk found, for a page read in full; ``HTMLTextError/textTooLarge(limit:)`` past the limit.
    ///
    /// - Parameter trustedUTF8: whether the events' text is known to be valid UTF-8 (``FastHTMLReader``'s, cut from
    ///   input it checked); libxml2's is repaired through a `String`, as it always was.
    func result(trustedUTF8: Bool) throws(HTMLTextError) -> HTMLDocument {
        guard !isOverLimit else { throw .textTooLarge(limit: collector.extractor.maximumTextBytes) }
        return collector.result(title: readTitle, trustedUTF8: trustedUTF8)
    }

    /// The first `<title>` of a page libxml2 halted on (its text so far, when it was still open).
    var titleOfHaltedPage: String? {
        if let firstTitle { return firstTitle }
        return titleFrom == nil ? nil : Self.titleText(titleBytes)
    }

    // MARK: - Events

    /// An element of kind `kind` starts (`span` gives a cell's spans); false when it is nested past
    /// ``maximumDepth``, where libxml2's tree builder halts the parser (the caller halts too, and takes nothing).
    // Inlined, here and in the collector, into the reader's push and pop: the layers cost a call each per element.
    @inline(__always)
    mutating func startElement(_ kind: HTMLElementKind, span: () -> (columns: Int, rows: Int)) -> Bool {
        guard openCount <= Self.maximumDepth, openCount < open.count else { return false }
        lastAdded = .other
        if titleFrom == nil, case .title = kind {
            titleFrom = openCount
            titleIsRead = unreadFrom == nil
            titleBytes.removeAll(keepingCapacity: true)
        }
        open[openCount] = kind
        openCount += 1
        guard unreadFrom == nil, !isOverLimit else { return true }
        let read = collector.enter(kind, span: span)
        if !read { unreadFrom = openCount - 1 }
        return true
    }

    /// The innermost open element ends.
    @inline(__always)
    mutating func endElement() {
        guard openCount > 0 else { return }
        openCount -= 1
        let kind = open[openCount]
        lastAdded = .other
        let index = openCount
        if titleFrom == index {
            let text = Self.titleText(titleBytes)
            if firstTitle == nil { firstTitle = .some(text) }
            if titleIsRead, readTitle == nil { readTitle = text }
            titleFrom = nil
        }
        if let unread = unreadFrom {
            // Inside content the walk does not read, only its outermost element is left (as the tree walk leaves
            // a node whose children it did not visit).
            guard unread == index else { return }
            unreadFrom = nil
        }
        guard !isOverLimit else { return }
        collector.leave(kind)
    }

    /// Text, `count` UTF-8 bytes; false when the text node grows past ``maximumTextNodeBytes``, where libxml2
    /// halts the parser (the caller halts too, and takes nothing).
    ///
    /// - Parameter isContentRun: the caller knows the text holds no byte at or below 0x20 and no 0xC2 (see
    ///   ``TextBuilder/appendText(_:count:isContentRun:)``); the same text either way.
    @inline(__always)
    mutating func characters(_ text: UnsafePointer<UInt8>, count: Int, isContentRun: Bool = false) -> Bool {
        // With no element open the tree builder has no node to put text in, and drops it.
        guard openCount > 0 else { return true }
        let isNewNode = lastAdded != .text
        if isNewNode {
            lastAdded = .text
            textNodeBytes = count
        } else {
            guard textNodeBytes + count <= Self.maximumTextNodeBytes else { return false }
            textNodeBytes += count
        }
        if let titleFrom, titleFrom == openCount - 1 {
            if isNewNode { titleBytes.append(0x20) }
            titleBytes.append(contentsOf: UnsafeBufferPointer(start: text, count: count))
        }
        guard unreadFrom == nil, !isOverLimit else { return true }
        collector.appendText(text, count: count, isContentRun: isContentRun)
        isOverLimit = collector.isOverLimit
        return true
    }

    /// ``characters(_:count:isContentRun:)`` of text that is only blanks (space, tab, line feed, carriage return:
    /// the line breaks and indentation between tags), without reading it where the text builder would only owe a
    /// space for it (``TextBuilder/appendBlanks(_:count:)``).
    @inline(__always)
    mutating func blanks(_ text: UnsafePointer<UInt8>, count: Int) -> Bool {
        // A `<title>`'s own text is collected as it is: the general way.
        if titleFrom != nil { return characters(text, count: count) }
        guard openCount > 0 else { return true }
        if lastAdded != .text {
            lastAdded = .text
            textNodeBytes = count
        } else {
            guard textNodeBytes + count <= Self.maximumTextNodeBytes else { return false }
            textNodeBytes += count
        }
        guard unreadFrom == nil, !isOverLimit else { return true }
        collector.appendBlanks(text, count: count)
        isOverLimit = collector.isOverLimit
        return true
    }

    /// A comment or processing instruction: not text, but it ends the text node before it.
    mutating func otherNode() {
        lastAdded = .other
    }

    /// A CDATA block (a script's or style's content), `count` UTF-8 bytes.
    mutating func cdata(_ text: UnsafePointer<UInt8>, count: Int) {
        guard openCount > 0 else { return }
        lastAdded = .cdata
        guard unreadFrom == nil, !isOverLimit else { return }
        collector.appendText(text, count: count)
        isOverLimit = collector.isOverLimit
    }

    // MARK: - Helpers

    /// A `<title>`'s collected text, collapsed; nil when empty.
    private static func titleText(_ bytes: [UInt8]) -> String? {
        let text = HTMLTextExtractor.collapsed(bytes)
        return text.isEmpty ? nil : text
    }

    /// The kind of the element libxml2 names `name`, by its local part, through ``kindCache``.
    mutating func cachedKind(of name: UnsafePointer<UInt8>) -> HTMLElementKind {
        for entry in kindCache where entry.name == name { return entry.kind }
        let kind = HTMLElementKind.of(cName: Self.localName(name))
        if kindCache.count < 32 { kindCache.append((name, kind)) }
        return kind
    }

    /// The part of a qualified name the tree builder names the element by (`xmlSplitQName`): after the first
    /// colon, unless the name starts or ends with it.
    static func localName(_ name: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        guard name[0] != UInt8(ascii: ":") else { return name }
        var index = 0
        while name[index] != 0, name[index] != UInt8(ascii: ":") { index += 1 }
        guard name[index] == UInt8(ascii: ":"), name[index + 1] != 0 else { return name }
        return name + index + 1
    }
}

/// The (name, value) pairs of a SAX start tag's attribute array (name, value, …, NULL); attributes without a
/// value are left out, as the tree walk leaves out a property without text.
private struct SAXAttributes: Sequence, IteratorProtocol {
    private let pairs: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    private var index = 0

    init(_ pairs: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        self.pairs = pairs
    }

    mutating func next() -> (UnsafePointer<UInt8>, UnsafePointer<UInt8>)? {
        guard let pairs else { return nil }
        while let name = pairs[index] {
            let value = pairs[index + 1]
            index += 2
            if let value { return (name, value) }
        }
        return nil
    }
}
