internal import CLibXML2

/// HTML to text with block structure, through libxml2's forgiving HTML parser.
///
/// The input must already be UTF-8 (the caller decodes charsets): the parser is told so and ignores the page's
/// own `<meta charset>`. The page is read from the parser's events as they come (``StreamWalk``), without building
/// a tree and without recursion, so nesting depth cannot overflow the stack.
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
    /// Most pages are read by ``FastHTMLReader`` (libxml2's parser ported for what it models exactly, far
    /// cheaper); the rest by libxml2 itself, with the same result.
    ///
    /// - Parameter input: the page, UTF-8 (no byte-order mark needed; one is ignored).
    /// - Throws: ``HTMLTextError``.
    public func extract(utf8 input: [UInt8]) throws(HTMLTextError) -> HTMLDocument {
        try extract(utf8: input, checkedPlainText: false)
    }

    /// ``extract(utf8:)`` of a page whose characters the caller may have checked already.
    ///
    /// - Parameters:
    ///   - input: the page, UTF-8.
    ///   - checkedPlainText: true when the caller knows `input` is valid UTF-8 with no C0 control character but
    ///     tab, line feed and carriage return, and no U+FFFE or U+FFFF (a decoder that validated it): the fast
    ///     reader then does not read the whole page once more to check. False has it check.
    /// - Throws: ``HTMLTextError``.
    public func extract(utf8 input: [UInt8], checkedPlainText: Bool) throws(HTMLTextError) -> HTMLDocument {
        guard input.count < Int(Int32.max) else { throw .inputTooLarge(size: input.count) }
        let utf8 = ConditionalComments.removingMarkers(input)
        if let walk = utf8.withUnsafeBufferPointer({
            FastHTMLReader.read($0, extractor: self, checkedPlainText: checkedPlainText)
        }) {
            return try walk.result(trustedUTF8: true)
        }
        return try parse(utf8, readingTree: false)
    }

    /// ``extract(utf8:)`` through libxml2 only (the streaming walk over its parser events): the reference the
    /// fast reader must match byte for byte; tests compare them.
    func extractThroughLibxml2(utf8 input: [UInt8]) throws(HTMLTextError) -> HTMLDocument {
        guard input.count < Int(Int32.max) else { throw .inputTooLarge(size: input.count) }
        return try parse(ConditionalComments.removingMarkers(input), readingTree: false)
    }

    /// ``extract(utf8:)`` through the fast reader only: nil for a page it leaves to libxml2.
    func extractThroughFastReader(utf8 input: [UInt8]) throws(HTMLTextError) -> HTMLDocument? {
        let utf8 = ConditionalComments.removingMarkers(input)
        return try utf8.withUnsafeBufferPointer { FastHTMLReader.read($0, extractor: self, checkedPlainText: false) }?
            .result(trustedUTF8: true)
    }

    /// ``extract(utf8:)`` the way it was done before the streaming walk: libxml2 builds the whole tree, then
    /// ``TreeWalk`` reads it. Kept as the reference the streaming walk must match (tests and fuzzing compare them).
    func extractThroughTree(utf8 input: [UInt8]) throws(HTMLTextError) -> HTMLDocument {
        guard input.count < Int(Int32.max) else { throw .inputTooLarge(size: input.count) }
        return try parse(ConditionalComments.removingMarkers(input), readingTree: true)
    }

    /// Reads `utf8` (conditional comment markers already removed) through libxml2.
    private func parse(_ utf8: [UInt8], readingTree: Bool) throws(HTMLTextError) -> HTMLDocument {
        HTMLTextExtractor.initializeLibxml2()
        // RECOVER: take whatever real pages are; NONET: never fetch a DTD; IGNORE_ENC: we decoded the charset
        // already, a stale <meta charset=gb2312> must not make libxml2 decode the UTF-8 again. HUGE stays off,
        // which keeps libxml2's own limits on text node and name sizes.
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_COMPACT.rawValue
        )
        guard let context = htmlNewParserCtxt() else { throw .unparsable }
        defer { htmlFreeParserCtxt(context) }
        var stream = StreamWalk(extractor: self)
        if !readingTree { StreamWalk.install(in: context) }
        let document: htmlDocPtr? = withUnsafeMutablePointer(to: &stream) { streamPointer in
            // The handlers find the walk through the context (they are C functions and capture nothing).
            if !readingTree { context.pointee._private = UnsafeMutableRawPointer(streamPointer) }
            defer { context.pointee._private = nil }
            return utf8.withUnsafeBufferPointer { buffer in
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
        }
        // libxml2 halts (and disables its callbacks) where nesting passes its depth limit of 256, or on internal
        // limits; the tree (or the event stream) then lacks the rest of the page. Read the whole page with the
        // linear fallback instead.
        let halted = context.pointee.disableSAX != 0
        guard let document else {
            if halted { return HTMLDocument(text: try TagStripper.text(of: utf8, maximumTextBytes: maximumTextBytes)) }
            if utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                return HTMLDocument(text: "")
            }
            throw .unparsable
        }
        // With the streaming walk, the document is libxml2's empty shell (and the DTD): the events went to the walk.
        defer { xmlFreeDoc(document) }
        if halted {
            let text = try TagStripper.text(of: utf8, maximumTextBytes: maximumTextBytes)
            let title = readingTree ? TreeWalk.title(of: document) : stream.titleOfHaltedPage
            return HTMLDocument(text: text, tables: [], title: title)
        }
        guard readingTree else { return try stream.result(trustedUTF8: false) }
        var walk = TreeWalk(extractor: self)
        try walk.run(document)
        return walk.result()
    }

    /// `bytes` (UTF-8) as a string with runs of whitespace (ASCII and U+00A0) collapsed to one space and both
    /// ends trimmed.
    static func collapsed(_ bytes: [UInt8]) -> String {
        collapsed(bytes[...])
    }

    /// ``collapsed(_:)`` of a slice; `isCollapsed` when the caller knows it holds no whitespace (ASCII or
    /// U+00A0), which is then copied as it is.
    static func collapsed(_ bytes: ArraySlice<UInt8>, isCollapsed: Bool = false) -> String {
        bytes.withUnsafeBufferPointer { collapsed($0, isCollapsed: isCollapsed) }
    }

    /// ``collapsed(_:isCollapsed:)`` of bytes in place.
    static func collapsed(_ source: UnsafeBufferPointer<UInt8>, isCollapsed: Bool) -> String {
        // Written straight into the string's storage (a table cell is mostly short enough to be stored inline).
        // A collapsed run is taken as it is (no closure to call: most table cells).
        if isCollapsed {
            // A short one (most cells: a figure, a few characters) is built in place as a small string, which
            // skips the UTF-8 check when it is ASCII; a longer one is checked as it is copied.
            guard source.count <= 15, let base = source.baseAddress else {
                return String(decoding: source, as: UTF8.self)
            }
            return String(unsafeUninitializedCapacity: source.count) { out in
                out.baseAddress!.update(from: base, count: source.count)
                return source.count
            }
        }
        return String(unsafeUninitializedCapacity: source.count) { collapse(source, into: $0) }
    }

    /// Appends ``collapsed(_:isCollapsed:)``'s bytes of `source` to `out`, without making a `String` (and so
    /// without its UTF-8 repair: valid input gives the same bytes).
    ///
    /// Inlined into its one caller (a table cell's text): most cells are copied as they are, and a call costs
    /// more than the copy's own work.
    @inline(__always)
    static func appendCollapsed(_ source: UnsafeBufferPointer<UInt8>, isCollapsed: Bool, to out: inout [UInt8]) {
        if isCollapsed {
            out.append(contentsOf: source)
            return
        }
        appendCollapsing(source, to: &out)
    }

    /// ``appendCollapsed(_:isCollapsed:to:)`` of text that may hold whitespace: collapsed into scratch room (on
    /// the stack, for a cell's text), then copied over at once. `Array` has no room to write into past its count,
    /// and appending byte by byte checks uniqueness and capacity each time.
    ///
    /// Out of line: the scratch room brings a stack guard with it, which would otherwise be paid on every cell,
    /// the ones copied as they are too.
    @inline(never)
    private static func appendCollapsing(_ source: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: source.count) { scratch in
            let written = collapse(source, into: scratch)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<written]))
        }
    }

    /// The collapsing both forms share: writes `source` with runs of whitespace (ASCII and U+00A0) made one space
    /// and both ends trimmed to the start of `out`, which has room for `source.count` bytes (collapsing never
    /// lengthens), and returns the count written.
    private static func collapse(
        _ source: UnsafeBufferPointer<UInt8>,
        into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var written = 0
        var space = false
        var index = 0
        let end = source.count
        while index < end {
            let byte = source[index]
            index += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                space = true
            } else if byte == 0xC2, index < end, source[index] == 0xA0 {
                space = true
                index += 1
            } else {
                if space, written > 0 {
                    out[written] = 0x20
                    written += 1
                }
                space = false
                out[written] = byte
                written += 1
            }
        }
        return written
    }
}
