internal import CLibXML2

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a page into a ``StreamWalk`` without libxml2: a byte-level port of libxml2 2.9.14's HTML parser
/// (`htmlParseDocument` with recovery, as ``HTMLTextExtractor`` runs it) for the pages it models exactly, which
/// makes the same parser events in the same order, implied and auto-closed elements included.
///
/// It gives up (and the extractor runs libxml2) on anything it does not model: bytes that are not plain UTF-8 text
/// (invalid UTF-8, control characters, NUL, a byte-order mark), processing instructions, a `DOCTYPE` inside the
/// content, unterminated tags, comments and attribute values, names longer than 16 bytes (elements) or 90
/// (attributes), entity names that are not ASCII letters and digits, `colspan`/`rowspan` values with entities,
/// nesting deeper than 250, and pages of 8 MB or more. It also runs only against the libxml2 its tables were
/// taken from (``LibxmlHTMLRules/version``).
struct FastHTMLReader {
    /// The largest page read (libxml2's own text node limit is 10 MB; far below it, no page comes close).
    static let maximumInputBytes = 8_000_000
    /// The deepest name stack modelled (``StreamWalk/maximumDepth`` is where libxml2 would be halted).
    static let maximumStackDepth = 250
    /// Longest attribute name read (libxml2 cuts names at 100 bytes).
    static let maximumAttributeNameBytes = 90
    /// libxml2 hands text to the parser's handlers in pieces of at least this many bytes (`HTML_PARSER_BIG_BUFFER_SIZE`).
    static let textChunkBytes = 1000

    private let bytes: UnsafeBufferPointer<UInt8>
    private let rules: LibxmlHTMLRules
    private var position = 0
    /// The events go here.
    private(set) var walk: StreamWalk
    /// Something not modelled was met: the result is void.
    private var failed = false

    /// libxml2's name stack (`nameTab`), as name ids.
    private var stack: NameStack
    /// `ctxt->html`: 3 once a `<head>` was pushed, 10 once a `<body>` was.
    private var htmlState = 1
    /// `ctxt->depth`: misplaced `<html>`, `<head>`, `<body>` start tags whose end tags are to be ignored.
    private var misplacedDepth = 0

    /// Names met on this page that the rules do not know (ids from `rules.names.count` on).
    private var extraNames: [(name: PackedHTMLName, kind: HTMLElementKind, empty: Bool)] = []
    /// Names met and their ids, searched before the rules' dictionary: a direct-mapped table (a slot per hash of
    /// the packed name, the last name met there), one comparison per hit.
    private var nameSlots = [(name: PackedHTMLName, id: Int)](
        repeating: (PackedHTMLName(head: 0, tail: 0), -1),
        count: FastHTMLReader.nameSlotCount
    )
    /// Slots in ``nameSlots`` (a power of two).
    private static let nameSlotCount = 64
    /// The start tag name the look-ahead read last: where its `<` is, its id and the offset after it, so that the
    /// start tag itself does not read it again.
    private var lookAhead: (position: Int, id: Int, end: Int)?
    /// The element popped last (an id; the look-ahead tries its name first).
    private var lastPopped = Int.max
    /// Entity names met on this page and their characters (0 when libxml2 does not know the name).
    private var entityCache: [(name: PackedHTMLName, value: UInt32)] = []

    /// Whether the fast reader can run at all (the libxml2 it was written against).
    static let isAvailable: Bool = LIBXML_VERSION == LibxmlHTMLRules.version

    /// The walk over `input` (UTF-8, conditional comment markers already removed), or nil when the page has
    /// something the reader does not model.
    ///
    /// - Parameter checkedPlainText: whether the caller checked what ``isPlainText(_:)`` checks but the byte-order
    ///   mark (see ``HTMLTextExtractor/extract(utf8:checkedPlainText:)``); the reader checks it otherwise.
    static func read(
        _ input: UnsafeBufferPointer<UInt8>,
        extractor: HTMLTextExtractor,
        checkedPlainText: Bool
    ) -> StreamWalk? {
        guard isAvailable, !input.isEmpty, input.count < maximumInputBytes else { return nil }
        if checkedPlainText {
            if hasByteOrderMark(input) { return nil }
        } else if !isPlainText(input) {
            return nil
        }
        // The text is shorter than the page but for a few entities and line breaks: room for the page's size
        // spares the copies of a growing array.
        let walk = StreamWalk(extractor: extractor, expectedTextBytes: input.count)
        // The name stack's storage, on the stack (2 KB), for as long as the reader runs.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: maximumStackDepth) { storage in
            var reader = FastHTMLReader(bytes: input, walk: walk, stack: NameStack(storage: storage))
            reader.parseDocument()
            return reader.failed ? nil : reader.walk
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, walk: StreamWalk, stack: NameStack) {
        self.bytes = bytes
        self.walk = walk
        self.stack = stack
        rules = LibxmlHTMLRules.shared
    }

    // MARK: - Input

    /// Whether `input` is valid UTF-8 with no character libxml2 rejects or reinterprets: no C0 control but tab,
    /// line feed and carriage return, no U+FFFE or U+FFFF, and no byte-order mark in front.
    static func isPlainText(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = input.count
        if hasByteOrderMark(input) { return false }
        var index = 0
        while index < count {
            let byte = input[index]
            if byte >= 0x20 && byte < 0x80 {
                index += 1
                continue
            }
            if byte < 0x20 {
                guard byte == 0x09 || byte == 0x0A || byte == 0x0D else { return false }
                index += 1
                continue
            }
            if byte >= 0xE0 && byte < 0xF0 {
                guard index + 2 < count else { return false }
                let second = input[index + 1]
                let third = input[index + 2]
                guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return false }
                if byte == 0xE0 && second < 0xA0 { return false }
                if byte == 0xED && second >= 0xA0 { return false }
                if byte == 0xEF && second == 0xBF && third >= 0xBE { return false }
                index += 3
            } else if byte >= 0xC2 && byte < 0xE0 {
                guard index + 1 < count, input[index + 1] & 0xC0 == 0x80 else { return false }
                index += 2
            } else if byte >= 0xF0 && byte <= 0xF4 {
                guard index + 3 < count else { return false }
                let second = input[index + 1]
                guard second & 0xC0 == 0x80, input[index + 2] & 0xC0 == 0x80, input[index + 3] & 0xC0 == 0x80
                else { return false }
                if byte == 0xF0 && second < 0x90 { return false }
                if byte == 0xF4 && second >= 0x90 { return false }
                index += 4
            } else {
                return false
            }
        }
        return true
    }

    /// Whether `input` starts with a UTF-8 byte-order mark.
    private static func hasByteOrderMark(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF
    }

    /// The byte `offset` past the current one; 0 past the end (libxml2's input ends with a NUL).
    @inline(__always)
    private func peek(_ offset: Int = 0) -> UInt8 {
        let index = position + offset
        return index < bytes.count ? bytes[index] : 0
    }

    @inline(__always)
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    private mutating func skipBlanks() {
        while position < bytes.count, Self.isBlank(bytes[position]) { position += 1 }
    }

    /// Whether the next bytes are `text`, ASCII upper-cased first (libxml2's `UPP`).
    private func startsUpper(_ text: StaticString, at offset: Int = 0) -> Bool {
        let pattern = text.utf8Start
        for index in 0..<text.utf8CodeUnitCount {
            var byte = peek(offset + index)
            if byte >= 0x61 && byte <= 0x7A { byte -= 0x20 }
            if byte != pattern[index] { return false }
        }
        return true
    }

    // MARK: - Document

    /// `htmlParseDocument`.
    private mutating func parseDocument() {
        skipBlanks()
        parseMiscellany()
        if peek() == UInt8(ascii: "<"), peek(1) == UInt8(ascii: "!"), startsUpper("DOCTYPE", at: 2) {
            parseDoctype()
        }
        skipBlanks()
        parseMiscellany()
        guard !failed else { return }
        parseContent()
        if !failed, position >= bytes.count { autoCloseOnEnd() }
    }

    /// Comments (and processing instructions, which the reader leaves to libxml2) before the content.
    private mutating func parseMiscellany() {
        while !failed, peek() == UInt8(ascii: "<"), peek(1) == UInt8(ascii: "!") || peek(1) == UInt8(ascii: "?") {
            if peek(1) == UInt8(ascii: "?") {
                failed = true
                return
            }
            guard peek(2) == UInt8(ascii: "-"), peek(3) == UInt8(ascii: "-") else { return }
            parseComment()
            skipBlanks()
        }
    }

    /// `htmlParseDocTypeDecl`: no event the walk reads; only where it ends matters.
    private mutating func parseDoctype() {
        position += 9
        skipBlanks()
        // The name (`htmlParseName`): ASCII only here; a name running into the end or into non-ASCII is not read.
        let first = peek()
        if Self.isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":") {
            while true {
                let byte = peek()
                guard
                    Self.isLetter(byte) || Self.isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                        || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
                else { break }
                position += 1
            }
            if position >= bytes.count || peek() >= 0x80 {
                failed = true
                return
            }
        }
        skipBlanks()
        if startsUpper("SYSTEM") {
            position += 6
            skipBlanks()
            skipLiteral()
        } else if startsUpper("PUBLIC") {
            position += 6
            skipBlanks()
            skipLiteral()
            skipBlanks()
            if peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "'") { skipLiteral() }
        }
        guard !failed else { return }
        skipBlanks()
        while position < bytes.count, bytes[position] != UInt8(ascii: ">") { position += 1 }
        guard position < bytes.count else {
            failed = true
            return
        }
        position += 1
    }

    /// A quoted literal of the DOCTYPE, up to its closing quote.
    private mutating func skipLiteral() {
        let quote = peek()
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            failed = true
            return
        }
        position += 1
        while position < bytes.count, bytes[position] != quote { position += 1 }
        guard position < bytes.count else {
            failed = true
            return
        }
        position += 1
    }

    // MARK: - Content

    /// `htmlParseContentInternal`, its branches in its order.
    private mutating func parseContent() {
        var currentNode: Int? = stack.last
        var depth = stack.count
        while !failed {
            let byte = peek()
            let next = peek(1)
            if byte == UInt8(ascii: "<"), next == UInt8(ascii: "/") {
                if parseEndTag(), currentNode != nil || stack.isEmpty {
                    currentNode = stack.last
                    depth = stack.count
                }
                continue
            } else if byte == UInt8(ascii: "<"), Self.isLetter(next) {
                // The look-ahead name (`htmlParseHTMLName_nonInvasive`): a start tag that closes the open element
                // closes it before anything else. (Names starting with `_` or `:` are in no rule.)
                guard let name = lookAheadName() else { return }
                if let top = stack.last, name < rules.names.count, top < rules.names.count, rules.closes(name, top) {
                    autoClose(name)
                    continue
                }
                if startTagWithoutAttributes(name, currentNode: currentNode) {
                    guard !failed else { return }
                    currentNode = stack.last
                    depth = stack.count
                    // `<td>figure</td>`, `<p>text</p>`: the element's text and its end tag read here, as the next
                    // two turns of the loop would read them (see ``readContentAfterStartTag(_:)``).
                    if readContentAfterStartTag(name), parseEndTag(), currentNode != nil || stack.isEmpty {
                        currentNode = stack.last
                        depth = stack.count
                    }
                    continue
                }
            }
            if !stack.isEmpty, depth >= stack.count, currentNode != stack.last {
                if position >= bytes.count { autoCloseOnEnd() }
                currentNode = stack.last
                depth = stack.count
                continue
            }
            if position < bytes.count,
                currentNode == LibxmlHTMLRules.Known.script
                    || currentNode == LibxmlHTMLRules.Known.style
            {
                parseRawText()
                continue
            }
            if byte == UInt8(ascii: "<") {
                if next == UInt8(ascii: "!"), startsUpper("DOCTYPE", at: 2) {
                    failed = true
                } else if next == UInt8(ascii: "!"), peek(2) == UInt8(ascii: "-"), peek(3) == UInt8(ascii: "-") {
                    parseComment()
                } else if next == UInt8(ascii: "?") {
                    failed = true
                } else if Self.isLetter(next) {
                    parseElement()
                    currentNode = stack.last
                    depth = stack.count
                } else {
                    // A `<` that starts no markup is text, handed over on its own (no implied paragraph).
                    emitText(position, count: 1)
                    position += 1
                }
            } else if byte == UInt8(ascii: "&") {
                parseReference()
            } else if position >= bytes.count {
                autoCloseOnEnd()
                return
            } else if !Self.isBlank(byte) || !parseBlanksBeforeTag() {
                parseCharacterData()
            }
        }
    }

    /// The blanks at `position` when a `<` follows them and an element other than `<html>` and `<head>` is open
    /// (the line breaks and indentation between tags: about one text node in three): handed over as one piece,
    /// as ``parseCharacterData()`` would, without its search for the end, its chunking and its paragraph check,
    /// which come to nothing here. False, with nothing read, for any other text (``parseCharacterData()`` reads
    /// it).
    ///
    /// What ``parseCharacterData()`` does with such a run: one piece (shorter than a chunk), not counted as blank
    /// (`areBlanks` needs no element, `<html>` or `<head>` open before a `<`), so ``checkParagraph()`` runs and
    /// implies nothing (some other element is open), then the piece goes to the walk (as blanks: see
    /// ``StreamWalk/blanks(_:count:)``).
    private mutating func parseBlanksBeforeTag() -> Bool {
        typealias Known = LibxmlHTMLRules.Known
        let start = position
        var end = start &+ 1
        let limit = min(bytes.count, start &+ Self.textChunkBytes)
        while end < limit, Self.isBlank(bytes[end]) { end &+= 1 }
        guard end < limit, bytes[end] == UInt8(ascii: "<"), let top = stack.last, top != Known.html,
            top != Known.head
        else { return false }
        if let base = bytes.baseAddress, !walk.blanks(base + start, count: end &- start) { failed = true }
        position = end
        return true
    }

    /// The start tag at `position` whose look-ahead name `name` closes nothing open, read at once when it is the
    /// name and `>` alone in the body (`<td>`, `<p>`, `<tr>`: most start tags); false, with nothing read, for any
    /// other (``parseElement()`` reads it).
    ///
    /// What the content loop and ``parseElement()`` would do with such a tag comes to a push: the open element is
    /// the current node and no script or style (so neither the current-node step nor raw text comes first), and
    /// with a `<body>` pushed and an element open, `htmlCheckImplied` implies nothing and only `<html>`, `<head>`
    /// and `<body>` (ids 0…2) can be discarded; there is no attribute to read.
    private mutating func startTagWithoutAttributes(_ name: Int, currentNode: Int?) -> Bool {
        typealias Known = LibxmlHTMLRules.Known
        guard let cached = lookAhead, cached.position == position, cached.end < bytes.count,
            bytes[cached.end] == UInt8(ascii: ">"), name > Known.body, htmlState >= 10,
            let top = stack.last, currentNode == top, top != Known.script, top != Known.style
        else { return false }
        lookAhead = nil
        position = cached.end + 1
        push(name)
        if !failed, isEmpty(name) { pop() }
        return true
    }

    /// After ``startTagWithoutAttributes(_:currentNode:)`` pushed `name`: the text that follows, when it starts with
    /// a byte of content, read at once (``parseCharacterData()``); returns whether `</` follows it then (the caller
    /// reads that end tag at once too).
    ///
    /// What the content loop's next turns would do: the pushed element is the current node, and it is no script
    /// or style (no raw text); a byte that is neither `<`, `&`, a blank nor the end is character data. After it
    /// comes `<` or `&` or the end, and `</` is an end tag, the loop's first branch. An empty element (`<br>`,
    /// popped at once) is left to the loop: the current node is then another element.
    @inline(__always)
    private mutating func readContentAfterStartTag(_ name: Int) -> Bool {
        typealias Known = LibxmlHTMLRules.Known
        guard position < bytes.count, stack.last == name, name != Known.script, name != Known.style else {
            return false
        }
        let byte = bytes[position]
        guard byte != UInt8(ascii: "<"), byte != UInt8(ascii: "&"), !Self.isBlank(byte) else { return false }
        parseCharacterData()
        return !failed && peek() == UInt8(ascii: "<") && peek(1) == UInt8(ascii: "/")
    }

    /// The element name at `position + 1` (after `<`), lower case, as an id; nil (and failed) for one the reader
    /// does not take.
    private mutating func lookAheadName() -> Int? {
        // A start tag of the element closed last, written as its name and `>` (`<td>` after `</td>`, `<tr>` after
        // `</tr>`): matched as one word, as end tags are (``parseEndTag()``), with the same id and end.
        if lastPopped < rules.names.count, position + 9 <= bytes.count {
            let key = rules.endTagKeys[lastPopped]
            let word = UnsafeRawPointer(bytes.baseAddress! + position + 1).loadUnaligned(as: UInt64.self)
            if word & key.mask == key.bytes {
                lookAhead = (position, lastPopped, position + key.length)
                return lastPopped
            }
        }
        // The start tag's own name also takes dots (`htmlParseHTMLName`); such names are left to libxml2.
        guard let found = Self.packedName(in: bytes, at: position + 1, dots: false, rules: rules),
            found.end >= bytes.count || bytes[found.end] != UInt8(ascii: ".")
        else {
            failed = true
            return nil
        }
        let id = id(of: found.name)
        lookAhead = (position, id, found.end)
        return id
    }

    /// The name at `start` packed lower case, and the offset after it: letters, digits, `:`, `-`, `_`, and `.` when
    /// `dots`. Nil for a name longer than 16 bytes, which the packed ids cannot hold (such pages go to libxml2).
    ///
    /// Static, on the bytes alone: a method on the reader would copy the whole reader (its walk included) at
    /// every call from a mutating one.
    private static func packedName(
        in bytes: UnsafeBufferPointer<UInt8>,
        at start: Int,
        dots: Bool,
        rules: LibxmlHTMLRules
    ) -> (name: PackedHTMLName, end: Int)? {
        // The table is the rules' (an instance's array, not a static one: no lazy-initialization check per name).
        rules.nameBytes.withUnsafeBufferPointer { table in
            var head: UInt64 = 0
            var tail: UInt64 = 0
            var length = 0
            while start + length < bytes.count {
                // One lookup per byte: the byte lower-cased when it is a name byte, 0 when it is none.
                let byte = table[Int(bytes[start + length])]
                guard byte != 0, dots || byte != UInt8(ascii: ".") else { break }
                guard length < 16 else { return nil }
                if length < 8 {
                    head |= UInt64(byte) << (8 * UInt64(length))
                } else {
                    tail |= UInt64(byte) << (8 * UInt64(length - 8))
                }
                length += 1
            }
            return (PackedHTMLName(head: head, tail: tail), start + length)
        }
    }

    /// The id of a (lower-case) element name: the rules' own, or one given on this page.
    private mutating func id(of name: PackedHTMLName) -> Int {
        let slot = Int(truncatingIfNeeded: (name.head &* 0x9E37_79B9_7F4A_7C15 ^ name.tail) >> 58)
        let cached = nameSlots[slot]
        if cached.id >= 0, cached.name == name { return cached.id }
        let id: Int
        if let known = rules.ids[name] {
            id = known
        } else if let index = extraNames.firstIndex(where: { $0.name == name }) {
            id = rules.names.count + index
        } else {
            let bytes = name.bytes
            extraNames.append((name, LibxmlHTMLRules.kind(of: bytes), LibxmlHTMLRules.isEmpty(bytes)))
            id = rules.names.count + extraNames.count - 1
        }
        nameSlots[slot] = (name, id)
        return id
    }

    private func kind(of id: Int) -> HTMLElementKind {
        id < rules.names.count ? rules.kinds[id] : extraNames[id - rules.names.count].kind
    }

    private func isEmpty(_ id: Int) -> Bool {
        id < rules.names.count ? rules.empty[id] : extraNames[id - rules.names.count].empty
    }

    private func priority(of id: Int) -> Int {
        id < rules.names.count ? rules.priorities[id] : LibxmlHTMLRules.defaultPriority
    }

    // MARK: - Name stack (htmlnamePush, htmlAutoClose, htmlCheckImplied, htmlCheckParagraph)

    /// Pushes `id` and reports its start.
    @inline(__always)
    private mutating func push(
        _ id: Int,
        columns: UnsafeBufferPointer<UInt8>? = nil,
        rows: UnsafeBufferPointer<UInt8>? = nil
    ) {
        if htmlState < 3, id == LibxmlHTMLRules.Known.head { htmlState = 3 }
        if htmlState < 10, id == LibxmlHTMLRules.Known.body { htmlState = 10 }
        guard stack.count < Self.maximumStackDepth, stack.count < stack.capacity else {
            failed = true
            return
        }
        stack.append(id)
        if !walk.startElement(kind(of: id), span: { PageTextCollector.span(columns: columns, rows: rows) }) {
            failed = true
        }
    }

    /// Reports the end of the innermost element and pops it.
    @inline(__always)
    private mutating func pop() {
        walk.endElement()
        lastPopped = stack.removeLast()
    }

    /// `htmlAutoClose`: closes the open elements that a start tag `id` closes.
    private mutating func autoClose(_ id: Int) {
        guard id < rules.names.count else { return }
        while let top = stack.last, top < rules.names.count, rules.closes(id, top) { pop() }
    }

    /// `htmlAutoCloseOnEnd`.
    private mutating func autoCloseOnEnd() {
        while !stack.isEmpty { pop() }
    }

    /// `htmlCheckImplied`: the `<html>`, `<head>` or `<body>` a start tag `id` implies.
    private mutating func checkImplied(_ id: Int) {
        typealias Known = LibxmlHTMLRules.Known
        if id == Known.html { return }
        if stack.isEmpty { push(Known.html) }
        if id == Known.body || id == Known.head { return }
        if stack.count <= 1,
            id == Known.script || id == Known.style || id == Known.meta || id == Known.link || id == Known.title
                || id == Known.base
        {
            if htmlState >= 3 { return }
            push(Known.head)
        } else if id != Known.noframes, id != Known.frame, id != Known.frameset {
            if htmlState >= 10 { return }
            if stack.contains(Known.body) || stack.contains(Known.head) { return }
            push(Known.body)
        }
    }

    /// `htmlCheckParagraph`: text directly in no element, `<html>` or `<head>` gets a `<p>`. The test inlined
    /// (text mostly sits in some other element: nothing to do, no call per text node).
    @inline(__always)
    private mutating func checkParagraph() {
        typealias Known = LibxmlHTMLRules.Known
        if let top = stack.last, top != Known.html, top != Known.head { return }
        impliedParagraph()
    }

    /// ``checkParagraph()``'s `<p>`, for text in no element, `<html>` or `<head>`.
    private mutating func impliedParagraph() {
        typealias Known = LibxmlHTMLRules.Known
        autoClose(Known.p)
        checkImplied(Known.p)
        push(Known.p)
    }

    // MARK: - Tags

    /// `htmlParseElementInternal` with `htmlParseStartTag`: `<` and a letter at `position`.
    private mutating func parseElement() {
        typealias Known = LibxmlHTMLRules.Known
        let name: Int
        if let cached = lookAhead, cached.position == position {
            // The look-ahead read this name in this same turn of the content loop (it stops at no `.`, so with
            // dots it reads the same), and found that it closes nothing open: `autoClose` would stop at its first
            // test, on the same open element.
            position = cached.end
            name = cached.id
        } else {
            position += 1
            guard let found = Self.packedName(in: bytes, at: position, dots: true, rules: rules) else {
                failed = true
                return
            }
            position = found.end
            name = id(of: found.name)
            autoClose(name)
        }
        lookAhead = nil
        checkImplied(name)
        var discarded = false
        if !stack.isEmpty, name == Known.html {
            discarded = true
            misplacedDepth += 1
        }
        if stack.count != 1, name == Known.head {
            discarded = true
            misplacedDepth += 1
        }
        if name == Known.body {
            for depth in 0..<stack.count where stack[depth] == Known.body {
                discarded = true
                misplacedDepth += 1
            }
        }
        // Attributes: only the first `colspan` and `rowspan` matter (libxml2 drops repeated attributes).
        var columns: UnsafeBufferPointer<UInt8>?
        var rows: UnsafeBufferPointer<UInt8>?
        var sawColumns = false
        var sawRows = false
        skipBlanks()
        while position < bytes.count, bytes[position] != UInt8(ascii: ">"),
            bytes[position] != UInt8(ascii: "/") || peek(1) != UInt8(ascii: ">")
        {
            let attribute = parseAttribute()
            guard !failed else { return }
            if let attribute {
                if attribute.isColumns, !sawColumns {
                    sawColumns = true
                    columns = attribute.value
                } else if attribute.isRows, !sawRows {
                    sawRows = true
                    rows = attribute.value
                }
            } else {
                // A bogus attribute: dropped up to the next blank or the end of the tag.
                while position < bytes.count, !Self.isBlank(bytes[position]), bytes[position] != UInt8(ascii: ">"),
                    bytes[position] != UInt8(ascii: "/") || peek(1) != UInt8(ascii: ">")
                {
                    position += 1
                }
            }
            skipBlanks()
        }
        guard position < bytes.count else {
            // No end to the start tag: libxml2's recovery there is not modelled.
            failed = true
            return
        }
        if discarded {
            // The tag was dropped; a `/>` would end the element that is open instead (not modelled).
            guard bytes[position] == UInt8(ascii: ">") else {
                failed = true
                return
            }
            position += 1
            return
        }
        push(name, columns: columns, rows: rows)
        guard !failed else { return }
        if bytes[position] == UInt8(ascii: "/") {
            position += 2
            pop()
            return
        }
        position += 1
        if isEmpty(name) { pop() }
    }

    /// One attribute (`htmlParseAttribute`): nil when there is no name (a bogus attribute).
    private mutating func parseAttribute() -> (isColumns: Bool, isRows: Bool, value: UnsafeBufferPointer<UInt8>?)? {
        let first = peek()
        guard
            Self.isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":")
                || first == UInt8(ascii: ".")
        else { return nil }
        let start = position
        var isColumns = true
        var isRows = true
        let columnsName: StaticString = "colspan"
        let rowsName: StaticString = "rowspan"
        while true {
            var byte = peek()
            guard
                Self.isLetter(byte) || Self.isDigit(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            else { break }
            let offset = position - start
            guard offset < Self.maximumAttributeNameBytes else {
                failed = true
                return nil
            }
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if offset >= 7 || byte != columnsName.utf8Start[offset] { isColumns = false }
            if offset >= 7 || byte != rowsName.utf8Start[offset] { isRows = false }
            position += 1
        }
        if position - start != 7 {
            isColumns = false
            isRows = false
        }
        skipBlanks()
        guard peek() == UInt8(ascii: "=") else { return (isColumns, isRows, nil) }
        position += 1
        skipBlanks()
        let quote = peek()
        let valueStart: Int
        let valueEnd: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            position += 1
            valueStart = position
            while position < bytes.count, bytes[position] != quote { position += 1 }
            guard position < bytes.count else {
                failed = true
                return nil
            }
            valueEnd = position
            position += 1
        } else {
            valueStart = position
            while position < bytes.count, !Self.isBlank(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                position += 1
            }
            valueEnd = position
        }
        guard isColumns || isRows else { return (false, false, nil) }
        let value = UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
        // An entity in a span would be decoded first; left to libxml2.
        if value.contains(UInt8(ascii: "&")) {
            failed = true
            return nil
        }
        return (isColumns, isRows, value)
    }

    /// `htmlParseEndTag` (`</` at `position`); returns whether the open element was closed by it.
    private mutating func parseEndTag() -> Bool {
        typealias Known = LibxmlHTMLRules.Known
        position += 2
        // Most end tags close the open element and are written as its name and `>` (`</td>`): matched against the
        // top of the stack as one word, without reading the name into an id. What the general path does then
        // comes to the same: the match is the top, nothing above it to close or to outrank the end tag.
        if let top = stack.last, top < rules.names.count, position + 8 <= bytes.count {
            let key = rules.endTagKeys[top]
            let word = UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self)
            if word & key.mask == key.bytes {
                position += key.length
                pop()
                return true
            }
        }
        let first = peek()
        guard
            Self.isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":")
                || first == UInt8(ascii: ".")
        else { return false }
        guard let found = Self.packedName(in: bytes, at: position, dots: true, rules: rules) else {
            failed = true
            return false
        }
        position = found.end
        skipBlanks()
        while position < bytes.count, bytes[position] != UInt8(ascii: ">") { position += 1 }
        if position < bytes.count { position += 1 }
        let name = id(of: found.name)
        if misplacedDepth > 0, name == Known.html || name == Known.body || name == Known.head {
            misplacedDepth -= 1
            return false
        }
        guard let match = stack.lastIndex(of: name) else { return false }
        // `htmlAutoCloseOnClose`: the end tag closes what is open above its element, unless one of those has a
        // higher priority (then the end tag is ignored).
        let priority = priority(of: name)
        var index = stack.count - 1
        while index > match {
            if self.priority(of: stack[index]) > priority { return false }
            index -= 1
        }
        while stack.count > match + 1 { pop() }
        pop()
        return true
    }

    // MARK: - Comments, raw text

    /// `htmlParseComment`: up to the first `-->` or `--!>` after `<!--` (the dashes not those of `<!--`).
    private mutating func parseComment() {
        var index = position + 6
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">"), bytes[index - 1] == UInt8(ascii: "-"), bytes[index - 2] == UInt8(ascii: "-") {
                position = index + 1
                walk.otherNode()
                return
            }
            if byte == UInt8(ascii: "!"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">"),
                bytes[index - 1] == UInt8(ascii: "-"), bytes[index - 2] == UInt8(ascii: "-")
            {
                position = index + 2
                walk.otherNode()
                return
            }
            index += 1
        }
        // Not terminated: libxml2 drops it and reads on; not modelled.
        failed = true
    }

    /// `htmlParseScript`: a script's or style's content, up to `</` and the element's name (any case).
    private mutating func parseRawText() {
        guard let top = stack.last, top < rules.names.count else {
            failed = true
            return
        }
        let name = rules.names[top]
        let start = position
        var index = position
        scan: while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                var matched = true
                for (offset, letter) in name.enumerated() {
                    let at = index + 2 + offset
                    guard at < bytes.count, bytes[at] | 0x20 == letter else {
                        matched = false
                        break
                    }
                }
                if matched { break scan }
            }
            index += 1
        }
        position = index
        guard index > start, let base = bytes.baseAddress else { return }
        // One CDATA event or several: the walk skips the content of scripts and styles either way.
        walk.cdata(base + start, count: index - start)
    }

    // MARK: - Text

    /// Hands `count` bytes at `start` to the walk as text (`isContentRun`: see
    /// ``StreamWalk/characters(_:count:isContentRun:)``).
    private mutating func emitText(_ start: Int, count: Int, isContentRun: Bool = false) {
        guard let base = bytes.baseAddress else { return }
        if !walk.characters(base + start, count: count, isContentRun: isContentRun) { failed = true }
    }

    /// `htmlParseCharData`: text up to `<`, `&` or the end, handed over in libxml2's pieces; a piece that is not
    /// all blanks (or is followed by neither `<` nor the end) first gets the paragraph it may imply.
    private mutating func parseCharacterData() {
        let start = position
        // The text ends at the first `<` or `&`. The first sixty-four bytes sixteen at a time, in one SSE2 compare
        // each (most runs are short: a figure, a label of a few characters in a cell, 21 bytes for seven CJK
        // characters). A longer text that is one run of content so far (a paragraph of CJK text and full-width
        // punctuation) goes on thirty-two bytes a step while a step holds neither markup nor a stop: found to be
        // one run of content, the text builder need not look for whitespace in it again, which cost more than
        // these compares. Past a block with a stop, memchr for each (long runs, sparse markup; a word-at-a-time
        // loop costs more even on short runs, and so does a byte loop over a run's first bytes).
        var index = bytes.count
        // Whether the text is one run of content (a figure, a label: most text in a table), seen in the same
        // compares: not blanks, and the walk need not search it again (nor any of libxml2's pieces of it).
        var isContentRun = false
        if let base = bytes.baseAddress {
            var from = position
            var found = false
            // Whether the blocks before the one with markup are all content (no byte that may end a run).
            var allContent = true
            while from &+ 16 <= bytes.count, from &- position < Self.textBlockBytes {
                let block = Self.textBlock(at: UnsafeRawPointer(base + from))
                if block.markup < 16 {
                    index = from &+ block.markup
                    isContentRun = allContent && block.isContentRun
                    found = true
                    break
                }
                allContent = allContent && block.isContentRun
                from &+= 16
            }
            if !found, allContent {
                while true {
                    while from &+ 32 <= bytes.count, !Self.mayEndContent(UnsafeRawPointer(base + from)) { from &+= 32 }
                    // The step that holds markup or a stop (or the text's last bytes), block by block.
                    guard from &+ 16 <= bytes.count else { break }
                    let block = Self.textBlock(at: UnsafeRawPointer(base + from))
                    if block.markup < 16 {
                        index = from &+ block.markup
                        isContentRun = block.isContentRun
                        found = true
                        break
                    }
                    from &+= 16
                    if !block.isContentRun { break }
                }
            }
            if !found {
                if let found = memchr(base + from, Int32(UInt8(ascii: "<")), bytes.count - from) {
                    index = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                }
                if let found = memchr(base + from, Int32(UInt8(ascii: "&")), index - from) {
                    index = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                }
            }
        }
        var chunkStart = start
        while chunkStart < index, !failed {
            // libxml2 hands its buffer over as soon as it holds 1000 bytes or more (after a whole character);
            // the text left at the end goes as a last, shorter piece.
            var chunkEnd = chunkStart + Self.textChunkBytes
            let isFull = chunkEnd <= index
            if isFull {
                while chunkEnd < index, bytes[chunkEnd] & 0xC0 == 0x80 { chunkEnd += 1 }
            } else {
                chunkEnd = index
            }
            // `areBlanks`, for the last piece only (a full one is judged while its last character is current,
            // which is no `<`): all blanks, and followed by the end, or by `<` in no element, `<html>` or `<head>`
            // (or `<body>` under an HTML 4 DTD, where no paragraph is implied anyway).
            var blank = false
            if !isFull, !isContentRun {
                let after: UInt8 = index < bytes.count ? bytes[index] : 0
                if after == 0 {
                    blank = true
                } else if after == UInt8(ascii: "<") {
                    let top = stack.last
                    blank = top == nil || top == LibxmlHTMLRules.Known.html || top == LibxmlHTMLRules.Known.head
                }
                if blank {
                    for offset in chunkStart..<chunkEnd where !Self.isBlank(bytes[offset]) {
                        blank = false
                        break
                    }
                }
            }
            if !blank { checkParagraph() }
            guard !failed else { return }
            emitText(chunkStart, count: chunkEnd - chunkStart, isContentRun: isContentRun)
            chunkStart = chunkEnd
        }
        position = index
    }

    /// How far ``parseCharacterData()`` looks for the end of a text in blocks of sixteen bytes before it calls
    /// memchr: four blocks (a call costs about as much as three blocks; longer texts are paragraphs, rarer), unless
    /// the text is one run of content so far (see ``mayEndContent(_:)``).
    static let textBlockBytes = 64

    /// Whether the thirty-two bytes at `raw` hold markup (`<`, `&`) or a byte that may end a run of content (at or
    /// below 0x20, or 0xC2): ``textBlock(at:)``'s two questions for two blocks at once, as one test (about a third of
    /// what two calls of it cost, which find where and what; the block that answers yes is read again by it).
    @inline(__always)
    static func mayEndContent(_ raw: UnsafeRawPointer) -> Bool {
        let first = raw.loadUnaligned(as: SIMD16<UInt8>.self)
        let second = raw.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self)
        let space = SIMD16<UInt8>(repeating: 0x20)
        let marks: SIMDMask<SIMD16<Int8>> =
            (first .<= space) .| (first .== SIMD16<UInt8>(repeating: 0xC2))
            .| (first .== SIMD16<UInt8>(repeating: 0x3C)) .| (first .== SIMD16<UInt8>(repeating: 0x26))
            .| (second .<= space) .| (second .== SIMD16<UInt8>(repeating: 0xC2))
            .| (second .== SIMD16<UInt8>(repeating: 0x3C)) .| (second .== SIMD16<UInt8>(repeating: 0x26))
        let lanes = unsafeBitCast(marks, to: SIMD2<UInt64>.self)
        return lanes[0] | lanes[1] != 0
    }

    /// The offset of the first `<` or `&` among the sixteen bytes at `block` (16 when there is none), and whether
    /// the bytes before it (all sixteen when there is none) are one run of content: none at or below 0x20 and no
    /// 0xC2 (whitespace and U+00A0 are what end a run in ``TextBuilder``; 0xC2 leading another character is only
    /// looked at again).
    @inline(__always)
    static func textBlock(at block: UnsafeRawPointer) -> (markup: Int, isContentRun: Bool) {
        let bytes = block.loadUnaligned(as: SIMD16<Int8>.self)
        let markup: SIMDMask<SIMD16<Int8>> =
            (bytes .== SIMD16<Int8>(repeating: 0x3C)) .| (bytes .== SIMD16<Int8>(repeating: 0x26))
        // Signed bytes (the compares SSE2 has): 0x00…0x20 are the non-negative ones below 0x21.
        let stops: SIMDMask<SIMD16<Int8>> =
            ((bytes .< SIMD16<Int8>(repeating: 0x21)) .& (bytes .>= SIMD16<Int8>(repeating: 0)))
            .| (bytes .== SIMD16<Int8>(repeating: Int8(bitPattern: 0xC2)))
        let lanes = unsafeBitCast(markup, to: SIMD2<UInt64>.self)
        let stopLanes = unsafeBitCast(stops, to: SIMD2<UInt64>.self)
        if lanes[0] != 0 {
            // The lanes before the first markup byte: the bits below its lowest set bit.
            let before = (lanes[0] & (0 &- lanes[0])) &- 1
            return (lanes[0].trailingZeroBitCount &>> 3, stopLanes[0] & before == 0)
        }
        if lanes[1] != 0 {
            let before = (lanes[1] & (0 &- lanes[1])) &- 1
            return (8 &+ lanes[1].trailingZeroBitCount &>> 3, stopLanes[0] == 0 && stopLanes[1] & before == 0)
        }
        return (16, stopLanes[0] | stopLanes[1] == 0)
    }

    /// `htmlParseReference`: `&` at `position`.
    private mutating func parseReference() {
        if peek(1) == UInt8(ascii: "#") {
            let value = parseCharacterReference()
            guard value != 0 else { return }
            emitScalar(value)
            return
        }
        position += 1
        let first = peek()
        if first == UInt8(ascii: "_") || first == UInt8(ascii: ":") || first >= 0x80 {
            failed = true
            return
        }
        guard Self.isLetter(first) else {
            // No name: the `&` is text.
            checkParagraph()
            guard !failed else { return }
            emitText(position - 1, count: 1)
            return
        }
        let start = position
        var head: UInt64 = 0
        var tail: UInt64 = 0
        var length = 0
        while position < bytes.count {
            let byte = bytes[position]
            guard Self.isLetter(byte) || Self.isDigit(byte) else {
                if byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "-") || byte >= 0x80
                {
                    failed = true
                    return
                }
                break
            }
            if length < 16 {
                if length < 8 {
                    head |= UInt64(byte) << (8 * UInt64(length))
                } else {
                    tail |= UInt64(byte) << (8 * UInt64(length - 8))
                }
            }
            length += 1
            position += 1
        }
        // A name that runs into the end of the page is no name to libxml2; not modelled.
        guard position < bytes.count, length <= 16 else {
            failed = true
            return
        }
        var value: UInt32 = 0
        if bytes[position] == UInt8(ascii: ";") {
            value = entityValue(PackedHTMLName(head: head, tail: tail), start: start, length: length)
        }
        checkParagraph()
        guard !failed else { return }
        if value != 0 {
            position += 1
            emitScalar(value)
        } else {
            // Unknown, or no `;`: `&` and the name as text (a `;` after it stays text too).
            emitText(start - 1, count: 1)
            guard !failed else { return }
            emitText(start, count: length)
        }
    }

    /// The character of the entity `name` (libxml2's table), 0 when there is none.
    private mutating func entityValue(_ name: PackedHTMLName, start: Int, length: Int) -> UInt32 {
        for entry in entityCache where entry.name == name { return entry.value }
        var cString = Array(bytes[start..<(start + length)])
        cString.append(0)
        let value = cString.withUnsafeBufferPointer { htmlEntityLookup($0.baseAddress!)?.pointee.value ?? 0 }
        if entityCache.count < 64 { entityCache.append((name, UInt32(value))) }
        return UInt32(value)
    }

    /// `htmlParseCharRef` at `&#`: the character, or 0 for none (what it read is dropped then).
    private mutating func parseCharacterReference() -> UInt32 {
        var value: UInt32 = 0
        if peek(2) == UInt8(ascii: "x") || peek(2) == UInt8(ascii: "X") {
            position += 3
            while peek() != UInt8(ascii: ";") {
                let byte = peek()
                let digit: UInt32
                if Self.isDigit(byte) {
                    digit = UInt32(byte - 0x30)
                } else if byte >= 0x61 && byte <= 0x66 {
                    digit = UInt32(byte - 0x61 + 10)
                } else if byte >= 0x41 && byte <= 0x46 {
                    digit = UInt32(byte - 0x41 + 10)
                } else {
                    break
                }
                if value < 0x110000 { value = value * 16 + digit }
                position += 1
            }
        } else {
            position += 2
            while peek() != UInt8(ascii: ";") {
                let byte = peek()
                guard Self.isDigit(byte) else { break }
                if value < 0x110000 { value = value * 10 + UInt32(byte - 0x30) }
                position += 1
            }
        }
        if peek() == UInt8(ascii: ";") { position += 1 }
        // `IS_CHAR`.
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return value
        default: return 0
        }
    }

    /// Hands one character to the walk (after the paragraph it may imply), UTF-8 encoded as libxml2 encodes it.
    private mutating func emitScalar(_ value: UInt32) {
        checkParagraph()
        guard !failed else { return }
        var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let count: Int
        if value < 0x80 {
            encoded.0 = UInt8(value)
            count = 1
        } else if value < 0x800 {
            encoded = (UInt8(0xC0 | (value >> 6)), UInt8(0x80 | (value & 0x3F)), 0, 0)
            count = 2
        } else if value < 0x10000 {
            encoded = (
                UInt8(0xE0 | (value >> 12)), UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F)), 0
            )
            count = 3
        } else {
            encoded = (
                UInt8(0xF0 | (value >> 18)), UInt8(0x80 | ((value >> 12) & 0x3F)),
                UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F))
            )
            count = 4
        }
        let ok = withUnsafeBytes(of: &encoded) { raw in
            walk.characters(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
        }
        if !ok { failed = true }
    }
}
