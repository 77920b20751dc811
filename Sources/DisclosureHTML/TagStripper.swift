internal import CLibXML2

/// A single linear pass that turns HTML into text without building a tree: the fallback for pages libxml2 gives
/// up on part-way (nesting deeper than its limit of 256 elements halts its parser, which would silently drop the
/// rest of the page).
///
/// It knows the same element kinds as the tree walk (blocks, `<br>`, rows, cells, skipped elements) and decodes
/// entities through libxml2's own entity table; it records no tables.
struct TagStripper {
    private let bytes: [UInt8]
    private var index = 0
    private var builder = TextBuilder()
    private var cellsInRow = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The text of `utf8` (an HTML page), or ``HTMLTextError/textTooLarge(limit:)``.
    static func text(of utf8: [UInt8], maximumTextBytes: Int) throws(HTMLTextError) -> String {
        var stripper = TagStripper(utf8)
        try stripper.run(maximumTextBytes: maximumTextBytes)
        return stripper.builder.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    private mutating func run(maximumTextBytes: Int) throws(HTMLTextError) {
        var text: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let tagEnd = tagEnd(at: index) {
                flush(&text)
                tag(from: index, to: tagEnd)
                guard builder.count <= maximumTextBytes else { throw .textTooLarge(limit: maximumTextBytes) }
            } else if byte == UInt8(ascii: "&"), let (scalar, length) = entity(at: index) {
                text.append(contentsOf: String(Character(scalar)).utf8)
                index += length
            } else {
                text.append(byte)
                index += 1
            }
        }
        flush(&text)
        guard builder.count <= maximumTextBytes else { throw .textTooLarge(limit: maximumTextBytes) }
    }

    private mutating func flush(_ text: inout [UInt8]) {
        guard !text.isEmpty else { return }
        text.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { builder.appendText(base, count: buffer.count) }
        }
        text.removeAll(keepingCapacity: true)
    }

    // MARK: - Tags

    /// Where the markup starting at `start` ends (index after it), or nil when `<` is just a character.
    private func tagEnd(at start: Int) -> Int? {
        guard start + 1 < bytes.count else { return nil }
        let next = bytes[start + 1]
        if next == UInt8(ascii: "!"), bytes[start...].starts(with: Array("<!--".utf8)) {
            return (find(Array("-->".utf8), from: start + 4).map { $0 + 3 }) ?? bytes.count
        }
        guard isLetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?")
        else { return nil }
        return (bytes[start...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 }) ?? bytes.count
    }

    /// Handles the tag in `start..<end` and moves past it (and past a skipped element's content).
    private mutating func tag(from start: Int, to end: Int) {
        index = end
        var nameStart = start + 1
        let closing = nameStart < end && bytes[nameStart] == UInt8(ascii: "/")
        if closing { nameStart += 1 }
        var nameEnd = nameStart
        while nameEnd < end, isLetter(bytes[nameEnd]) || (bytes[nameEnd] >= 0x30 && bytes[nameEnd] <= 0x39) {
            nameEnd += 1
        }
        guard nameEnd > nameStart else { return }
        let name = String(decoding: bytes[nameStart..<nameEnd].map { $0 | 0x20 }, as: UTF8.self)
        switch HTMLElementKind.of(name) {
        case .inline:
            return
        case .block, .preformatted, .table, .caption:
            builder.blockBoundary()
        case .lineBreak:
            builder.lineBreak()
        case .row:
            builder.blockBoundary()
            cellsInRow = 0
        case .cell:
            if !closing {
                if cellsInRow > 0 { builder.cellSeparator() }
                cellsInRow += 1
            }
        case .title, .skipped:
            // Skip to the matching end tag: the content is not text (or, for <title>, not the body's text).
            if !closing, bytes[end - 1] != UInt8(ascii: "/") {
                let endTag = Array("</\(name)".utf8)
                index =
                    find(endTag, from: end).map { match in
                        (bytes[match...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 }) ?? bytes.count
                    } ?? bytes.count
            }
        }
    }

    // MARK: - Entities

    /// The character an entity at `start` stands for and the entity's length, or nil when `&` is just a character.
    private func entity(at start: Int) -> (Unicode.Scalar, Int)? {
        let limit = min(bytes.count, start + 34)
        guard let semicolon = bytes[start..<limit].firstIndex(of: UInt8(ascii: ";")), semicolon > start + 1 else {
            return nil
        }
        let body = bytes[(start + 1)..<semicolon]
        if body.first == UInt8(ascii: "#") {
            var digits = body.dropFirst()
            var radix: UInt32 = 10
            if let marker = digits.first, marker | 0x20 == UInt8(ascii: "x") {
                radix = 16
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty, digits.count <= 8 else { return nil }
            var value: UInt32 = 0
            for digit in digits {
                guard let number = hexValue(digit), number < radix else { return nil }
                value = value * radix + number
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, semicolon - start + 1)
        }
        var name = Array(body)
        name.append(0)
        guard let entity = htmlEntityLookup(name), let scalar = Unicode.Scalar(entity.pointee.value) else {
            return nil
        }
        return (scalar, semicolon - start + 1)
    }

    // MARK: - Helpers

    private func isLetter(_ byte: UInt8) -> Bool {
        byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    /// The first index at or after `from` where `pattern` (lower-case ASCII) occurs, ignoring ASCII case.
    private func find(_ pattern: [UInt8], from: Int) -> Int? {
        guard let head = pattern.first, bytes.count - from >= pattern.count else { return nil }
        var position = from
        while position <= bytes.count - pattern.count {
            let byte = bytes[position]
            if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == head {
                var offset = 1
                while offset < pattern.count {
                    let other = bytes[position + offset]
                    guard (other >= 0x41 && other <= 0x5A ? other | 0x20 : other) == pattern[offset] else { break }
                    offset += 1
                }
                if offset == pattern.count { return position }
            }
            position += 1
        }
        return nil
    }
}
