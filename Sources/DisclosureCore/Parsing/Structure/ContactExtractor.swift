/// Reads the disclosure contact: `部门预算公开联系人：陈厚英    联系方式：023-45632589`,
/// `联系人：贺云力，联系电话：024-88754217`.
enum ContactExtractor {
    /// Labels of the contact person.
    static let nameLabels = ["联系人及联系方式:", "联系人及电话:", "联系人及联系电话:", "联系人:", "联系人员:"].map(StructureScan.utf8)
    /// Labels of the phone number.
    static let phoneLabels = ["联系方式:", "联系电话:", "咨询电话:", "电话:", "手机:", "电话号码:"].map(StructureScan.utf8)
    /// Words that end a name (the phone label that follows it without punctuation).
    static let nameStops = ["联系", "电话", "手机", "方式"].map(StructureScan.utf8)
    /// Longest name, in characters.
    static let maxName = 6
    /// How far after the name the phone may be, in bytes.
    static let phoneWindow = 160

    /// The contact block of the document.
    static func extract(_ bytes: [UInt8], cues: StructureCues) -> ContactBlock {
        var contact = ContactBlock()
        var searchFrom = 0
        if let (label, length) = findFirst(.contactName, in: cues, from: 0) {
            let start = label + length
            var end = start
            var scalars = 0
            while end < bytes.count, scalars < maxName + 1 {
                if StructureScan.matchAny(nameStops, in: bytes, at: end) != nil { break }
                let (scalar, size) = StructureScan.scalar(in: bytes, at: end)
                guard StructureScan.isIdeograph(scalar) || scalar == 0xB7 else { break }
                end += size
                scalars += 1
            }
            if scalars >= 2 && scalars <= maxName { contact.name = StructureScan.string(bytes, start, end) }
            searchFrom = end
        }
        let phoneLimit = contact.name == nil ? bytes.count : min(bytes.count, searchFrom + phoneWindow)
        if let (label, length) = findFirst(.contactPhone, in: cues, from: searchFrom, to: phoneLimit) {
            contact.phone = phone(bytes, at: label + length)
        } else if contact.name != nil {
            // `联系人及电话：张三，023-12345678`: the number follows the name directly.
            var index = searchFrom
            while index < bytes.count, index < searchFrom + 4, bytes[index] == 0x2C || bytes[index] == 0x20 {
                index += 1
            }
            contact.phone = phone(bytes, at: index)
        }
        return contact
    }

    /// A phone number starting at `index`: digits, `-` and parentheses, at least seven digits.
    static func phone(_ bytes: [UInt8], at index: Int) -> String? {
        var end = index
        var digits = 0
        while end < bytes.count {
            let byte = bytes[end]
            if StructureScan.isDigit(byte) {
                digits += 1
            } else if byte != 0x2D && byte != 0x28 && byte != 0x29 {
                break
            }
            end += 1
        }
        var trimmedEnd = end
        while trimmedEnd > index, bytes[trimmedEnd - 1] == 0x2D || bytes[trimmedEnd - 1] == 0x28 { trimmedEnd -= 1 }
        guard digits >= 7 else { return nil }
        return StructureScan.string(bytes, index, trimmedEnd)
    }

    /// The earliest occurrence of a label group (at the same offset, the first in list order), with its length.
    static func findFirst(
        _ group: StructureCues.Group,
        in cues: StructureCues,
        from: Int,
        to: Int = .max
    ) -> (Int, Int)? {
        cues.first(group, from: from, to: to).map { ($0.start, $0.end - $0.start) }
    }
}
