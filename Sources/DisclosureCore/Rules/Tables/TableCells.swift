/// Reading the cells of a ``DocumentTable``: amounts as written, labels, codes and the table's unit.
enum TableCells {
    /// A cell's amount as written (`1,234.56`, `-3`), nil for text, dashes and blanks.
    static func amount(_ cell: String) -> Amount? {
        // Text cells (most labels) are turned down before any buffer is made: a byte no literal has.
        let literalBytes = cell.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ")
        }
        guard literalBytes else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cell.utf8.count)
        for byte in cell.utf8 where byte != UInt8(ascii: ",") && byte != UInt8(ascii: " ") { bytes.append(byte) }
        return Amount(utf8: bytes[...])
    }

    /// The cell converted to 万元 under the table's unit (`元` shifts four places; anything else is taken as 万元).
    static func tenThousandYuan(_ value: Amount, unit: String?) -> Amount? {
        guard let unit, unit.contains("元"), !unit.contains("万"), !unit.contains("亿") else { return value }
        return MoneyUnit.yuan.toTenThousandYuan(value)
    }

    /// A row's label: its first cell that is not a number, normalized (ASCII brackets, no spaces, no leading code
    /// or list number).
    static func label(_ row: [String]) -> String? {
        guard let cell = row.first(where: { amount($0) == nil && !$0.isEmpty }) else { return nil }
        var scalars = String.UnicodeScalarView()
        for scalar in cell.unicodeScalars {
            switch scalar {
            case "（": scalars.append("(")
            case "）": scalars.append(")")
            case " ", "\u{3000}", "\u{A0}", "\"", "“", "”": continue
            default: scalars.append(scalar)
            }
        }
        var text = String(scalars)
        // A leading code or list number (`201`, `一、`, `1.`), but not the 一 of 一般公共服务支出.
        let numeral = text.unicodeScalars.prefix { $0.properties.numericType != nil }
        let rest = text.unicodeScalars.dropFirst(numeral.count)
        let isASCIICode = !numeral.isEmpty && numeral.allSatisfy { $0.isASCII }
        if isASCIICode || rest.first == "、" || rest.first == "." {
            text = String(String.UnicodeScalarView(rest.drop { $0 == "." || $0 == "、" }))
        }
        return text.isEmpty ? nil : text
    }

    /// The class code a row starts with (a first cell of exactly three ASCII digits), if any.
    static func classCode(_ row: [String]) -> String? {
        guard let first = row.first?.trimmingSpaces, first.utf8.count == 3, first.utf8.allSatisfy(TextSearch.isDigit)
        else { return nil }
        return first
    }
}

extension String {
    /// Without leading and trailing ASCII spaces.
    fileprivate var trimmingSpaces: String {
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
