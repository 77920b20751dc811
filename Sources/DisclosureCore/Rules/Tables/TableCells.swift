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
        // Most number cells have at most 18 digits, which fit an `Int64` whatever they are: read without the
        // per-digit overflow checks (about half the instructions per byte); longer ones go to ``DecimalReader``.
        // The sign is read before the loop (only separators may come before it), and the scale from where the
        // point was, so that a digit costs a compare and a multiply-add.
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        while index < count, base[index] == UInt8(ascii: ",") || base[index] == UInt8(ascii: " ") { index &+= 1 }
        var negative = false
        if index < count, base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+") {
            negative = base[index] == UInt8(ascii: "-")
            index &+= 1
        }
        var units: Int64 = 0
        var digits = 0
        // Digits read when the point came; -1 without a point.
        var digitsAtPoint = -1
        while index < count {
            let byte = base[index]
            index &+= 1
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                units = units &* 10 &+ Int64(digit)
                digits &+= 1
            } else if byte == UInt8(ascii: ".") {
                guard digitsAtPoint < 0 else { return nil }
                digitsAtPoint = digits
            } else if byte != UInt8(ascii: ",") && byte != UInt8(ascii: " ") {
                // Text, or a sign after the first byte that is not a separator.
                return nil
            }
        }
        guard digits <= 18 else { return checkedAmount(utf8: bytes) }
        let scale = digitsAtPoint < 0 ? 0 : digits &- digitsAtPoint
        // ``DecimalReader/amount(negative:)``'s checks: a digit, at most the maximum scale, no trailing point.
        guard digits > 0, scale <= Amount.maximumScale, !(digitsAtPoint >= 0 && scale == 0) else { return nil }
        return Amount(units: negative ? -units : units, scale: scale)
    }

    /// ``amount(utf8:)`` read by ``DecimalReader``, with its overflow checks: cells of more than 18 digits.
    static func checkedAmount(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Amount? {
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
        withLabel(ofCell: cell) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Calls `body` with the UTF-8 of ``label(ofCell:)`` (nil where that is nil), without making the `String`:
    /// most labels are only compared.
    static func withLabel<Result>(
        ofCell cell: String,
        _ body: (UnsafeBufferPointer<UInt8>?) -> Result
    ) -> Result {
        withPlainLabel(ofCell: cell) { label, _ in body(label) }
    }

    /// ``withLabel(ofCell:_:)``, with whether the label is plain (``TextSearch/isPlain(_:)``), found in the same
    /// pass.
    static func withPlainLabel<Result>(
        ofCell cell: String,
        _ body: (UnsafeBufferPointer<UInt8>?, Bool) -> Result
    ) -> Result {
        if let found = cell.utf8.withContiguousStorageIfAvailable({ withLabel(utf8: $0, body) }) { return found }
        return Array(cell.utf8).withUnsafeBufferPointer { withLabel(utf8: $0, body) }
    }

    /// ``withPlainLabel(ofCell:_:)`` of a cell's UTF-8 (valid), read in place.
    static func withPlainLabel<Result>(
        utf8 cell: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>?, Bool) -> Result
    ) -> Result {
        withLabel(utf8: cell, body)
    }

    /// ``withLabel(ofCell:_:)`` of valid UTF-8 bytes, normalized into a temporary buffer (``writeLabel(utf8:to:)``).
    private static func withLabel<Result>(
        utf8 cell: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>?, Bool) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(cell.count, 1)) { out -> Result in
            let label = writeLabel(utf8: cell, to: out.baseAddress!)
            guard label.start < label.end else { return body(nil, false) }
            return body(UnsafeBufferPointer(rebasing: out[label.start..<label.end]), label.isPlain)
        }
    }

    /// Where ``writeLabel(utf8:to:)`` put a label: `start..<end` of what it wrote (empty when the cell has no label:
    /// nothing left once normalized and cut), and whether it is plain (``TextSearch/isPlain(_:)``).
    struct WrittenLabel {
        var start: Int
        var end: Int
        var isPlain: Bool
    }

    /// Normalizes a cell's valid UTF-8 byte by byte into `out` (room for `cell.count` bytes: a label is never
    /// longer than its cell): `（` `）` become `(` `)`; spaces (ASCII, U+3000, U+00A0) and quotes (`"`, `“`, `”`)
    /// are dropped; then a leading code or list number (`201`, `一、`, `1.`) is cut, but not the 一 of
    /// 一般公共服务支出. The label is `out[start..<end]`. ``TableCellIndex`` writes straight into its label buffer.
    @inline(__always)
    static func writeLabel(utf8 cell: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> WrittenLabel {
        var written = 0
        // The end of the last scalar written that is not plain (``TextSearch/isPlain(_:)``'s test, scalar by
        // scalar): the label is plain when it ends within the cut.
        var impureEnd = 0
        var index = 0
        while index < cell.count {
            let byte = cell[index]
            if byte < 0x80 {
                index += 1
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") { continue }
                out[written] = byte
                written += 1
                if byte == 0x0D { impureEnd = written }
                continue
            }
            var plain = false
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            if byte &- 0xE5 < 5 {
                // U+5000–U+9FFF: CJK ideographs (most label characters), plain, none of the marks above; copied a
                // run at a time, without overflow checks (valid UTF-8: each lead has its two bytes in the cell,
                // and `written` stays at or below `index`).
                repeat {
                    out[written] = cell[index]
                    out[written &+ 1] = cell[index &+ 1]
                    out[written &+ 2] = cell[index &+ 2]
                    written &+= 3
                    index &+= 3
                } while index < cell.count && cell[index] &- 0xE5 < 5
                continue
            }
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
                let scalar = UInt32(byte & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
                plain =
                    (scalar >= 0x4E00 && scalar <= 0x9FFF) || (scalar >= 0x3400 && scalar <= 0x4DBF)
                    || (scalar >= 0x3000 && scalar <= 0x303F && !(scalar >= 0x302A && scalar <= 0x302F))
                    || (scalar >= 0xFF00 && scalar <= 0xFFEF && scalar != 0xFF9E && scalar != 0xFF9F)
            } else if length == 2, byte == 0xC2, cell[index + 1] == 0xA0 {
                index += 2
                continue
            }
            for offset in 0..<length { out[written + offset] = cell[index + offset] }
            written += length
            index += length
            if !plain { impureEnd = written }
        }
        let cut = leadingNumeralCut(UnsafeBufferPointer(start: out, count: written))
        guard cut < written else { return WrittenLabel(start: 0, end: 0, isPlain: false) }
        return WrittenLabel(start: cut, end: written, isPlain: impureEnd <= cut)
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
            guard isNumeric(scalar) else { break }
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

    /// Whether `scalar` has a numeric type (`properties.numericType != nil`): looked up in
    /// ``numericIdeographs`` for CJK and full-width scalars (a label's first character mostly is one), where the
    /// property lookup costs hundreds of instructions.
    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // The ranges of ``numericTableRanges``.
        let inTable =
            (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
            || (value >= 0x3000 && value <= 0x303F) || (value >= 0xFF00 && value <= 0xFFEF)
        guard inTable else { return hasNumericType(scalar) }
        // Most label characters are turned down by the filter, without the search.
        let bit = Int(value & 4095)
        guard numericFilter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return false }
        return numericIdeographs.withUnsafeBufferPointer { table in
            var low = 0
            var high = table.count
            while low < high {
                let middle = (low + high) / 2
                if table[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low < table.count && table[low] == value
        }
    }

    /// `scalar.properties.numericType != nil`, out of line: inlined, its type metadata was set up on every call
    /// of ``isNumeric(_:)`` (about 100 instructions), though the table answers nearly all of them.
    @inline(never)
    private static func hasNumericType(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType != nil
    }

    /// Whether two byte strings are equal.
    @inline(__always)
    static func bytesEqual(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        for index in 0..<first.count where first[index] != second[index] { return false }
        return true
    }

    /// The ranges ``numericIdeographs`` covers in full.
    static let numericTableRanges: [ClosedRange<UInt32>] = [
        0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFFEF,
    ]

    /// Every scalar of ``numericTableRanges`` with a numeric type, sorted (Unicode's numeric ideographs: 〇, 一, 二,
    /// 万, 亿, 零, 壹, 廿, …; the Hangzhou numerals; full-width digits). A test checks it against the standard
    /// library's property for every scalar of those ranges.
    static let numericIdeographs: [UInt32] = [
        0x3007, 0x3021, 0x3022, 0x3023, 0x3024, 0x3025, 0x3026, 0x3027, 0x3028, 0x3029, 0x3038, 0x3039, 0x303A,
        0x3405, 0x3483, 0x382A, 0x3B4D, 0x4E00, 0x4E03, 0x4E07, 0x4E09, 0x4E24, 0x4E5D, 0x4E8C, 0x4E94, 0x4E96,
        0x4EAC, 0x4EBF, 0x4EC0, 0x4EDF, 0x4EE8, 0x4F0D, 0x4F70, 0x4FE9, 0x5006, 0x5104, 0x5146, 0x5169, 0x516B,
        0x516D, 0x5341, 0x5343, 0x5344, 0x5345, 0x534C, 0x53C1, 0x53C2, 0x53C3, 0x53C4, 0x56DB, 0x58F1, 0x58F9,
        0x5E7A, 0x5EFE, 0x5EFF, 0x5F0C, 0x5F0D, 0x5F0E, 0x5F10, 0x62D0, 0x62FE, 0x634C, 0x67D2, 0x6D1E, 0x6F06,
        0x7396, 0x767E, 0x7695, 0x79ED, 0x8086, 0x842C, 0x8CAE, 0x8CB3, 0x8D30, 0x920E, 0x94A9, 0x9621, 0x9646,
        0x964C, 0x9678, 0x96F6, 0xFF10, 0xFF11, 0xFF12, 0xFF13, 0xFF14, 0xFF15, 0xFF16, 0xFF17, 0xFF18, 0xFF19,
    ]

    /// A filter over ``numericIdeographs``: bit `value & 4095` is set for each of them, so a scalar whose bit is
    /// clear is none of them (91 values in 4,096 bits: few others share a bit).
    static let numericFilter: [UInt64] = {
        var words = [UInt64](repeating: 0, count: 64)
        for value in numericIdeographs { words[Int(value & 4095) >> 6] |= 1 << UInt64(value & 63) }
        return words
    }()

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

    /// ``classCode(_:)`` of row `row` of `cells`, read in place.
    static func classCode(_ cells: TableRows, row: Int) -> String? {
        let range = cells.cells(inRow: row)
        guard !range.isEmpty else { return nil }
        return cells.withUTF8 { classCode(utf8: cells.cell(range.lowerBound, in: $0)) }
    }

    /// ``classCode(_:)`` of a first cell's UTF-8: trimmed of ASCII spaces, exactly three ASCII digits.
    static func classCode(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        guard end - start == 3, TextSearch.isDigit(bytes[start]), TextSearch.isDigit(bytes[start + 1]),
            TextSearch.isDigit(bytes[start + 2])
        else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The class code a row starts with (a first cell of exactly three ASCII digits), if any.
    static func classCode(_ row: [String]) -> String? {
        guard let first = row.first else { return nil }
        // Trimmed of ASCII spaces as bytes: what is left must be three digits, so no `Character` can differ. Most
        // first cells are turned down in place, without slicing the string.
        let fast = first.utf8.withContiguousStorageIfAvailable { classCode(utf8: $0) }
        if let fast { return fast }
        var utf8 = first.utf8[...]
        while utf8.first == UInt8(ascii: " ") { utf8 = utf8.dropFirst() }
        while utf8.last == UInt8(ascii: " ") { utf8 = utf8.dropLast() }
        guard utf8.count == 3, utf8.allSatisfy(TextSearch.isDigit) else { return nil }
        return String(first[utf8.startIndex..<utf8.endIndex])
    }
}
