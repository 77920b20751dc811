internal import CLibXML2

/// HTML to text with block structure, through libxml2's forgiving HTML parser.
///
/// The input must already be UTF-8 (the caller decodes charsets): the parser is told so and ignores the page's
/// own `<meta charset>`. The tree is walked without recursion, so nesting depth cannot overflow the stack.
///
/// - Important: this module must not import Foundation; libxml2's headers pull in the system ICU, which clashes
///   with Foundation's bundled copy.
public struct HTMLTextExtractor: Sendable {
    /// Largest text produced, bytes; a page whose text grows past it fails with ``HTMLTextError/textTooLarge(limit:)``.
    public var maximumTextBytes: Int
    /// Tables nested deeper than this inside other tables are kept as text only, not as ``HTMLTable``s (a cell's
    /// text includes the tables inside it, so deep nesting would copy the same text again at each level).
    public var maximumTableDepth: Int
    /// Cells recorded over all tables; later tables are kept as text only.
    public var maximumTableCells: Int

    /// Creates an extractor.
    public init(maximumTextBytes: Int = 32 * 1024 * 1024, maximumTableDepth: Int = 4, maximumTableCells: Int = 500_000)
    {
        self.maximumTextBytes = maximumTextBytes
        self.maximumTableDepth = maximumTableDepth
        self.maximumTableCells = maximumTableCells
    }

    /// libxml2's global set-up, run once: its documentation asks for `xmlInitParser` before the parser is used
    /// from several threads (the worker decodes partitions in parallel). A static `let` initializer runs exactly
    /// once, whichever thread gets there first.
    private static let libxml2Initialized: Bool = {
        xmlInitParser()
        return true
    }()

    private static func initializeLibxml2() {
        _ = libxml2Initialized
    }

    /// The libxml2 version this was built against, for diagnostics.
    public static var libxmlVersion: String { "libxml2 \(LIBXML_DOTTED_VERSION)" }

    /// Extracts the text, tables and title of an HTML page.
    ///
    /// - Parameter input: the page, UTF-8 (no byte-order mark needed; one is ignored).
    /// - Throws: ``HTMLTextError``.
    public func extract(utf8 input: [UInt8]) throws(HTMLTextError) -> HTMLDocument {
        guard input.count < Int(Int32.max) else { throw .inputTooLarge(size: input.count) }
        HTMLTextExtractor.initializeLibxml2()
        let utf8 = ConditionalComments.removingMarkers(input)
        // RECOVER: take whatever real pages are; NONET: never fetch a DTD; IGNORE_ENC: we decoded the charset
        // already, a stale <meta charset=gb2312> must not make libxml2 decode the UTF-8 again. HUGE stays off,
        // which keeps libxml2's own limits on text node and name sizes.
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_COMPACT.rawValue
        )
        guard let context = htmlNewParserCtxt() else { throw .unparsable }
        defer { htmlFreeParserCtxt(context) }
        let document: htmlDocPtr? = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                // An empty buffer has no base address; libxml2 takes a pointer to nothing.
                let empty: CChar = 0
                return withUnsafePointer(to: empty) { emptyPointer in
                    htmlCtxtReadMemory(
                        context,
                        chars.baseAddress ?? emptyPointer,
                        Int32(chars.count),
                        nil,
                        "UTF-8",
                        options
                    )
                }
            }
        }
        // libxml2 halts (and disables its callbacks) where nesting passes its depth limit of 256, or on internal
        // limits; the tree then lacks the rest of the page. Read the whole page with the linear fallback instead.
        let halted = context.pointee.disableSAX != 0
        guard let document else {
            if halted { return HTMLDocument(text: try TagStripper.text(of: utf8, maximumTextBytes: maximumTextBytes)) }
            if utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                return HTMLDocument(text: "")
            }
            throw .unparsable
        }
        defer { xmlFreeDoc(document) }
        var walk = TreeWalk(extractor: self)
        if halted {
            let text = try TagStripper.text(of: utf8, maximumTextBytes: maximumTextBytes)
            return HTMLDocument(text: text, tables: [], title: walk.title(of: document))
        }
        try walk.run(document)
        return walk.result()
    }

    /// `bytes` (UTF-8) as a string with runs of whitespace (ASCII and U+00A0) collapsed to one space and both
    /// ends trimmed.
    static func collapsed(_ bytes: [UInt8]) -> String {
        collapsed(bytes[...])
    }

    /// ``collapsed(_:)`` of a slice.
    static func collapsed(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var space = false
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            index += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                space = true
            } else if byte == 0xC2, index < end, bytes[index] == 0xA0 {
                space = true
                index += 1
            } else {
                if space, !out.isEmpty { out.append(0x20) }
                space = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - The walk

/// One iterative depth-first walk over a libxml2 tree, writing text and collecting tables.
private struct TreeWalk {
    /// The limits in force.
    let extractor: HTMLTextExtractor
    /// The text being written.
    var builder = TextBuilder()
    /// Recorded tables, in the order they start.
    var tables: [HTMLTable] = []
    /// One entry per open `<table>`, innermost last.
    var openTables: [OpenTable] = []
    /// Open tables that are being recorded.
    var recordedTableDepth = 0
    /// Cells recorded so far, against ``HTMLTextExtractor/maximumTableCells``.
    var recordedCells = 0
    /// The first `<title>`.
    var title: String?
    /// Element kinds by name pointer: libxml2 interns element names, so a page's few distinct names come back
    /// as the same few pointers, and a pointer compare answers most lookups.
    private var kindCache: [(name: UnsafePointer<UInt8>, kind: HTMLElementKind)] = []

    /// Creates a walk with the extractor's limits.
    init(extractor: HTMLTextExtractor) {
        self.extractor = extractor
    }

    /// The first `<title>` in the tree, found without recursion.
    func title(of document: htmlDocPtr) -> String? {
        var current = document.pointee.children
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE, case .title = kind(of: node) {
                return Self.text(ofChildren: node)
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
        HTMLDocument(text: String(decoding: builder.bytes, as: UTF8.self), tables: tables, title: title)
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
            guard builder.count <= extractor.maximumTextBytes else {
                throw .textTooLarge(limit: extractor.maximumTextBytes)
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
                builder.appendText(content, count: Int(xmlStrlen(content)))
            }
            return false
        case XML_ELEMENT_NODE:
            break
        default:
            // Comments, processing instructions, the DTD: not text.
            return false
        }
        switch cachedKind(of: node) {
        case .inline:
            return true
        case .block:
            builder.blockBoundary()
            return true
        case .lineBreak:
            builder.lineBreak()
            return false
        case .preformatted:
            builder.blockBoundary()
            builder.preformattedDepth += 1
            return true
        case .table:
            builder.blockBoundary()
            enterTable()
            return true
        case .row:
            builder.blockBoundary()
            enterRow()
            return true
        case .cell:
            enterCell(node)
            return true
        case .caption:
            builder.blockBoundary()
            if let index = openTables.indices.last { openTables[index].builder?.captionStart = builder.count }
            return true
        case .title:
            if title == nil { title = Self.text(ofChildren: node) }
            return false
        case .skipped:
            return false
        }
    }

    /// Handles a node on the way up (also for nodes whose children were not visited).
    private mutating func leave(_ node: xmlNodePtr) {
        guard node.pointee.type == XML_ELEMENT_NODE else { return }
        switch cachedKind(of: node) {
        case .inline, .lineBreak, .title, .skipped:
            return
        case .block:
            builder.blockBoundary()
        case .preformatted:
            builder.preformattedDepth -= 1
            builder.blockBoundary()
        case .table:
            leaveTable()
            builder.blockBoundary()
        case .row:
            if let index = openTables.indices.last { recordedCells += openTables[index].builder?.endRow() ?? 0 }
            builder.blockBoundary()
        case .cell:
            builder.cellDepth -= 1
            if let index = openTables.indices.last, let start = openTables[index].builder?.cellStart {
                recordedCells += openTables[index].builder?.addCell(builder.text(since: start)) ?? 0
            }
        case .caption:
            if let index = openTables.indices.last, let start = openTables[index].builder?.captionStart {
                openTables[index].builder?.caption = builder.text(since: start)
                openTables[index].builder?.captionStart = nil
            }
            builder.blockBoundary()
        }
    }

    private mutating func enterTable() {
        guard recordedTableDepth < extractor.maximumTableDepth, recordedCells < extractor.maximumTableCells else {
            openTables.append(OpenTable(builder: nil))
            return
        }
        // Reserve the table's place now so that tables come out in the order they start.
        tables.append(HTMLTable(rows: []))
        openTables.append(OpenTable(builder: TableBuilder(index: tables.count - 1, textStart: builder.count)))
        recordedTableDepth += 1
    }

    private mutating func leaveTable() {
        guard let table = openTables.popLast(), var builder = table.builder else { return }
        recordedTableDepth -= 1
        recordedCells += builder.endRow()
        let range = self.builder.trimmedRange(from: builder.textStart)
        tables[builder.index] = HTMLTable(caption: builder.caption, rows: builder.rows, textRange: range)
    }

    private mutating func enterRow() {
        guard let index = openTables.indices.last else { return }
        openTables[index].cellsInRow = 0
        recordedCells += openTables[index].builder?.startRow() ?? 0
    }

    private mutating func enterCell(_ node: xmlNodePtr) {
        guard let index = openTables.indices.last else {
            // A cell outside any table (libxml2 keeps stray ones): text with a separator, nothing recorded.
            builder.cellDepth += 1
            return
        }
        // Cells of a table nested inside another table's cell stay inside that cell, on its line, spaced.
        if openTables[index].cellsInRow > 0 {
            if builder.cellDepth == 0 { builder.cellSeparator() } else { builder.blockBoundary() }
        }
        openTables[index].cellsInRow += 1
        builder.cellDepth += 1
        if openTables[index].builder != nil, recordedCells < extractor.maximumTableCells {
            openTables[index].builder?.cellStart = builder.count
            openTables[index].builder?.cellSpan = Self.span(of: node)
        }
    }

    /// A cell's `colspan` and `rowspan` (1 when absent or unreadable; capped, so a hostile span cannot make a
    /// table grow without bound).
    private static func span(of node: xmlNodePtr) -> (columns: Int, rows: Int) {
        var columns = 1
        var rows = 1
        var attribute = node.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let name = current.pointee.name, let value = current.pointee.children?.pointee.content else {
                continue
            }
            switch String(cString: name) {
            case "colspan": columns = spanValue(value, maximum: TableBuilder.maximumColumnSpan)
            case "rowspan": rows = spanValue(value, maximum: TableBuilder.maximumRowSpan)
            default: break
            }
        }
        return (columns, rows)
    }

    /// The leading decimal number of an attribute value, clamped to `1...maximum` (0 and garbage read as 1).
    private static func spanValue(_ value: UnsafePointer<UInt8>, maximum: Int) -> Int {
        var index = 0
        while value[index] == 0x20 || value[index] == 0x09 { index += 1 }
        var number = 0
        while value[index] >= 0x30, value[index] <= 0x39, number <= maximum {
            number = number * 10 + Int(value[index] - 0x30)
            index += 1
        }
        return min(max(number, 1), maximum)
    }

    /// ``kind(of:)`` through ``kindCache`` (the tree does not change during the walk, so neither does a name).
    private mutating func cachedKind(of node: xmlNodePtr) -> HTMLElementKind {
        guard let name = node.pointee.name else { return .inline }
        for entry in kindCache where entry.name == name { return entry.kind }
        let kind = HTMLElementKind.of(cName: name)
        if kindCache.count < 32 { kindCache.append((name, kind)) }
        return kind
    }

    private func kind(of node: xmlNodePtr) -> HTMLElementKind {
        guard let name = node.pointee.name else { return .inline }
        return HTMLElementKind.of(cName: name)
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

/// An open `<table>`: its position in the current row, and its builder when it is recorded.
private struct OpenTable {
    /// Cells seen in the current row (a tab goes before each but the first).
    var cellsInRow = 0
    /// The recorded table, or nil for one kept as text only (too deep, or past the cell budget).
    var builder: TableBuilder?
}

/// The rows of one table being read.
private struct TableBuilder {
    /// Where the table sits in the result (reserved when it started).
    let index: Int
    /// Text offset when the table started (line breaks owed before it may still follow).
    let textStart: Int
    /// The `<caption>` text.
    var caption: String?
    /// Finished rows.
    var rows: [[String]] = []
    /// The open row, if any.
    var row: [String]?
    /// Text offset where the open cell's text starts.
    var cellStart: Int?
    /// The open cell's `colspan` and `rowspan`.
    var cellSpan: (columns: Int, rows: Int) = (1, 1)
    /// Columns that cells of earlier rows still cover (`rowspan`), with the number of rows left.
    private var coveredColumns: [Int: Int] = [:]
    /// Cells of the open row that came from the document (not padding for spans).
    private var ownCellsInRow = 0

    /// The widest `colspan` honoured.
    static let maximumColumnSpan = 64
    /// The tallest `rowspan` honoured.
    static let maximumRowSpan = 512
    /// Text offset where the open caption's text starts.
    var captionStart: Int?

    /// Creates the builder of the table at `index`, starting at text offset `textStart`.
    init(index: Int, textStart: Int) {
        self.index = index
        self.textStart = textStart
    }

    /// A `<tr>` starts (closing a row left open). Returns the cells added (span padding).
    mutating func startRow() -> Int {
        let added = endRow()
        row = []
        return added
    }

    /// The open row ends: columns still covered by a `rowspan` from above are padded with empty cells; a row with
    /// no cells of its own is dropped (its covered columns are used up all the same). Returns the cells added.
    mutating func endRow() -> Int {
        guard var open = row else { return 0 }
        var added = 0
        if let last = coveredColumns.keys.max() {
            while open.count <= last {
                added += padCovered(&open)
                if coveredColumns[open.count] == nil, open.count <= last {
                    open.append("")
                    added += 1
                }
            }
        }
        if ownCellsInRow > 0 { rows.append(open) }
        row = nil
        ownCellsInRow = 0
        return added
    }

    /// A cell ends with `text` (a cell outside any `<tr>` opens a row). Places it after the columns that
    /// `rowspan`s from above cover, and pads its `colspan` with empty cells, so that columns line up as they
    /// do on the page. Returns the cells added.
    mutating func addCell(_ text: String) -> Int {
        var open = row ?? []
        var added = padCovered(&open)
        let start = open.count
        open.append(text)
        for _ in 1..<cellSpan.columns {
            // A malformed table can span over a column a rowspan covers; that column is used up here.
            if let left = coveredColumns[open.count] { coveredColumns[open.count] = left > 1 ? left - 1 : nil }
            open.append("")
        }
        added += cellSpan.columns
        if cellSpan.rows > 1 {
            for column in start..<(start + cellSpan.columns) { coveredColumns[column] = cellSpan.rows - 1 }
        }
        row = open
        ownCellsInRow += 1
        cellStart = nil
        cellSpan = (1, 1)
        return added
    }

    /// Appends an empty cell for each column at the end of `open` that a `rowspan` from above covers.
    private mutating func padCovered(_ open: inout [String]) -> Int {
        // Most tables have no rowspan: no lookup (and no hashing) per cell then.
        guard !coveredColumns.isEmpty else { return 0 }
        var added = 0
        while let left = coveredColumns[open.count] {
            coveredColumns[open.count] = left > 1 ? left - 1 : nil
            open.append("")
            added += 1
        }
        return added
    }
}
