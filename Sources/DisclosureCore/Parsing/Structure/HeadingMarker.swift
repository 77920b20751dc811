/// A list or heading marker at the start of a line: `第一部分`, `一、`, `（一）`, `1.`, `1、`, `（1）`, `①`.
struct HeadingMarker: Equatable {
    /// The marker families, outermost first (the order documents nest them in).
    enum Kind: Int, Comparable, CaseIterable {
        /// `第一部分`.
        case part
        /// `一、`.
        case chinese
        /// `（一）` / `(一)`.
        case parenChinese
        /// `1.` / `1、`.
        case arabic
        /// `（1）` / `(1)`.
        case parenArabic
        /// `①`.
        case circled

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The family.
    var kind: Kind
    /// The item number (1-based).
    var number: Int
    /// First byte of the marker.
    var start: Int
    /// One past the marker (and a separator such as `、` or `.` that belongs to it).
    var end: Int

    private static let part = StructureScan.utf8("部分")
    private static let di = StructureScan.utf8("第")
    private static let comma = StructureScan.utf8("、")
    private static let fullStop = StructureScan.utf8("．")
    private static let openParen = StructureScan.utf8("（")
    private static let closeParen = StructureScan.utf8("）")

    /// The marker starting exactly at `index`, or nil.
    ///
    /// Every line of a document is tried, so the first byte picks the one family that can start there (`第`, a
    /// parenthesis, a circled number, a digit or a Chinese numeral) and only that family is read.
    static func read(_ bytes: [UInt8], at index: Int, limit: Int) -> HeadingMarker? {
        guard index < limit else { return nil }
        let lead = bytes[index]
        if lead < 0x80 {
            if lead == 0x28 { return parenthesized(bytes, at: index, openLength: 1, limit: limit) }
            guard StructureScan.isDigit(lead) else { return nil }
            // Three digits without a leading zero are 100 or more (table rows `20101  公共卫生事务`, years): no item.
            if lead != 0x30, index + 2 < bytes.count, StructureScan.isDigit(bytes[index + 1]),
                StructureScan.isDigit(bytes[index + 2])
            {
                return nil
            }
            return numbered(bytes, at: index, limit: limit)
        }
        let scalar = StructureScan.scalar(in: bytes, at: index).value
        switch scalar {
        case 0x7B2C:
            // 第X部分
            let end = min(limit, bytes.count)
            guard let number = CountReader.read(bytes, at: index + di.count), number.end < end,
                StructureScan.matches(part, in: bytes, at: number.end), number.value > 0
            else { return nil }
            let after = skipSeparator(bytes, at: number.end + part.count, limit: end)
            return HeadingMarker(kind: .part, number: number.value, start: index, end: after)
        case 0xFF08:
            return parenthesized(bytes, at: index, openLength: openParen.count, limit: limit)
        case 0x2460...0x2473:
            // ① … ⑳
            return HeadingMarker(kind: .circled, number: Int(scalar - 0x2460) + 1, start: index, end: index + 3)
        default:
            guard CountReader.digitValue(scalar) != nil || CountReader.unitValue(scalar) != nil else { return nil }
            return numbered(bytes, at: index, limit: limit)
        }
    }

    /// `（X）` / `(X)` at `index`, whose opening parenthesis is `openLength` bytes long.
    private static func parenthesized(_ bytes: [UInt8], at index: Int, openLength: Int, limit: Int) -> HeadingMarker? {
        let end = min(limit, bytes.count)
        guard let number = CountReader.read(bytes, at: index + openLength), number.value > 0, number.value < 100
        else { return nil }
        var closeLength = 0
        if number.end < end && bytes[number.end] == 0x29 {
            closeLength = 1
        } else if StructureScan.matches(closeParen, in: bytes, at: number.end) {
            closeLength = closeParen.count
        }
        guard closeLength > 0 else { return nil }
        let kind: Kind = StructureScan.isDigit(bytes[index + openLength]) ? .parenArabic : .parenChinese
        let after = skipSeparator(bytes, at: number.end + closeLength, limit: end)
        return HeadingMarker(kind: kind, number: number.value, start: index, end: after)
    }

    /// `一、` / `1.` / `1、` at `index`.
    private static func numbered(_ bytes: [UInt8], at index: Int, limit: Int) -> HeadingMarker? {
        let end = min(limit, bytes.count)
        guard let number = CountReader.read(bytes, at: index), number.value > 0, number.value < 100,
            number.end < end
        else { return nil }
        let isArabic = StructureScan.isDigit(bytes[index])
        var after = number.end
        if StructureScan.matches(comma, in: bytes, at: after) {
            after += comma.count
        } else if isArabic, bytes[after] == 0x2E || StructureScan.matches(fullStop, in: bytes, at: after) {
            after += bytes[after] == 0x2E ? 1 : fullStop.count
            // `1.5万元` is an amount, not an item.
            if after < end, StructureScan.isDigit(bytes[after]) { return nil }
        } else if !isArabic, bytes[after] == 0x2E {
            after += 1
        } else {
            return nil
        }
        return HeadingMarker(kind: isArabic ? .arabic : .chinese, number: number.value, start: index, end: after)
    }

    /// Skips one `、` `:` `：` `.` or a blank directly after a marker.
    private static func skipSeparator(_ bytes: [UInt8], at index: Int, limit: Int) -> Int {
        guard index < limit else { return index }
        if bytes[index] == 0x3A || bytes[index] == 0x2E || bytes[index] == 0x20 { return index + 1 }
        if StructureScan.matches(comma, in: bytes, at: index) { return index + comma.count }
        return index
    }
}
