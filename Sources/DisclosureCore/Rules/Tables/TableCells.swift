/// Reading the cells of a ``DocumentTable``: amounts as written, labels, codes and the table's unit.
enum TableCells {
    /// A cell's amount as written (`1,234.56`, `-3`), nil for text, dashes and blanks.
    static func amount(_ cell: String) -> Amount? {
        // Read in place from the string's UTF-8, without a buffer: text cells (most labels) are turned down at
        // their first byte.
        if let found = cell.utf8.withContiguousStorageIfAvailable({ amount(utf8: $0) }) { return found }
        return Array(cell.utf8).withUnsafeBufferPointer { amount(utf8: $0) }
    }

    /// ``amount(_:)`` of a cell's UTF-8 bytes: digits, one point, a sign in front; thousands separators and
    /// spaces are skipped wherever they are.
    static func amount(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Amount? {
        var reader = DecimalReader()
        var negative = false
        var first = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: " "):
                continue
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                // A sign only as the first byte that is not a separator.
                guard first else { return nil }
                negative = byte == UInt8(ascii: "-")
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
                reader.take(byte)
            default:
                return nil
            }
            first = false
        }
        return reader.amount(negative: negative)
    }

    /// The cell converted to 万元 under the table's unit (`元` shifts four places; anything else is taken as 万元).
    static func tenThousandYuan(_ value: Amount, unit: String?) -> Amount? {
        guard let unit, unit.contains("元"), !unit.contains("万"), !unit.contains("亿") else { return value }
        return MoneyUnit.yuan.toTenThousandYuan(value)
    }

    /// A row's label: its first cell that is not a number, normalized (ASCII brackets, no spaces, no leading code
    /// or list number).
    static func label(_ row: [String]) -> String? {
        guard let cell = row.first(where: { !$0.isEmpty && amount($0) == nil }) else { return nil }
        return label(ofCell: cell)
    }

    /// ``label(_:)`` of the one cell `cell` (neither empty nor a number).
    static func label(ofCell cell: String) -> String? {
        if let found = cell.utf8.withContiguousStorageIfAvailable({ label(utf8: $0) }) { return found }
        return Array(cell.utf8).withUnsafeBufferPointer { label(utf8: $0) }
    }

    /// ``label(ofCell:)`` of valid UTF-8 bytes, written byte by byte into one buffer: `（` `）` become `(` `)`;
    /// spaces (ASCII, U+3000, U+00A0) and quotes (`"`, `“`, `”`) are dropped; then a leading code or list number
    /// (`201`, `一、`, `1.`) is cut, but not the 一 of 一般公共服务支出.
    private static func label(utf8 cell: UnsafeBufferPointer<UInt8>) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: cell.count) { out -> String? in
            var written = 0
            var index = 0
            while index < cell.count {
                let byte = cell[index]
                if byte < 0x80 {
                    index += 1
                    if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") { continue }
                    out[written] = byte
                    written += 1
                    continue
                }
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                if length == 3 {
                    let second = cell[index + 1]
                    let third = cell[index + 2]
                    if byte == 0xEF, second == 0xBC, third == 0x88 || third == 0x89 {
                        // （ ）
                        out[written] = third == 0x88 ? UInt8(ascii: "(") : UInt8(ascii: ")")
                        written += 1
                        index += 3
                        continue
                    }
                    // U+3000; “ ”
                    if byte == 0xE3 && second == 0x80 && third == 0x80
                        || byte == 0xE2 && second == 0x80 && (third == 0x9C || third == 0x9D)
                    {
                        index += 3
                        continue
                    }
                } else if length == 2, byte == 0xC2, cell[index + 1] == 0xA0 {
                    index += 2
                    continue
                }
                for offset in 0..<length { out[written + offset] = cell[index + offset] }
                written += length
                index += length
            }
            let text = UnsafeBufferPointer(rebasing: out[..<written])
            let cut = leadingNumeralCut(text)
            guard cut < written else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: text[cut...]), as: UTF8.self)
        }
    }

    /// How many bytes of a normalized label are a leading code or list number, with the `.` / `、` after it: its
    /// numerals (scalars with a numeric type), cut when they are ASCII digits or followed by `、` or `.`.
    private static func leadingNumeralCut(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        var allASCII = true
        while index < text.count {
            let byte = text[index]
            if byte < 0x80 {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
                index += 1
                continue
            }
            let (scalar, length) = decode(text, at: index)
            guard scalar.properties.numericType != nil else { break }
            allASCII = false
            index += length
        }
        let numeralEnd = index
        let isASCIICode = numeralEnd > 0 && allASCII
        let nextIsMark =
            numeralEnd < text.count
            && (text[numeralEnd] == UInt8(ascii: ".") || isIdeographicComma(text, at: numeralEnd))
        guard isASCIICode || nextIsMark else { return 0 }
        // The numerals, then every `.` and `、` after them.
        index = numeralEnd
        while index < text.count {
            if text[index] == UInt8(ascii: ".") {
                index += 1
            } else if isIdeographicComma(text, at: index) {
                index += 3
            } else {
                break
            }
        }
        return index
    }

    /// Whether `、` (E3 80 81) starts at `index`.
    private static func isIdeographicComma(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < text.count && text[index] == 0xE3 && text[index + 1] == 0x80 && text[index + 2] == 0x81
    }

    /// The scalar starting at `index` of valid UTF-8, and its length in bytes.
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = text[index]
        let value: UInt32
        let length: Int
        if lead >= 0xF0 {
            value =
                UInt32(lead & 0x07) << 18 | UInt32(text[index + 1] & 0x3F) << 12 | UInt32(text[index + 2] & 0x3F) << 6
                | UInt32(text[index + 3] & 0x3F)
            length = 4
        } else if lead >= 0xE0 {
            value = UInt32(lead & 0x0F) << 12 | UInt32(text[index + 1] & 0x3F) << 6 | UInt32(text[index + 2] & 0x3F)
            length = 3
        } else {
            value = UInt32(lead & 0x1F) << 6 | UInt32(text[index + 1] & 0x3F)
            length = 2
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The class code a row starts with (a first cell of exactly three ASCII digits), if any.
    static func classCode(_ row: [String]) -> String? {
        guard let first = row.first else { return nil }
        // Trimmed of ASCII spaces as bytes: what is left must be three digits, so no `Character` can differ.
        var utf8 = first.utf8[...]
        while utf8.first == UInt8(ascii: " ") { utf8 = utf8.dropFirst() }
        while utf8.last == UInt8(ascii: " ") { utf8 = utf8.dropLast() }
        guard utf8.count == 3, utf8.allSatisfy(TextSearch.isDigit) else { return nil }
        return String(first[utf8.startIndex..<utf8.endIndex])
    }
}
