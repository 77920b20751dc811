/// A character encoding the decoder reads (SPEC §2: UTF-8, GB18030/GBK).
public enum DocumentCharset: String, Sendable, Equatable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// GB18030, which includes GBK, CP936 and GB2312: all of them are decoded as GB18030.
    case gb18030 = "gb18030"

    /// The charset a label names (`utf-8`, `UTF8`, `gbk`, `gb2312`, `GB18030`, `cp936`, …), or nil for labels we do
    /// not read (the decoder then detects the charset itself).
    public init?(label: some StringProtocol) {
        switch Self.folded(label) {
        case "utf8", "unicode11utf8", "unicode20utf8", "xunicode20utf8":
            self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936", "ms936", "windows936", "xgbk", "euccn", "xeuccn", "csgb2312",
            "gb231280", "csgbk", "chinese", "isoir58", "csiso58gb231280":
            self = .gb18030
        default:
            return nil
        }
    }

    /// `label` as the names above are written: without `-`, `_`, spaces and quotes, each scalar lower-cased (the
    /// first scalar of its lower-case mapping). An ASCII label is cut at 16 bytes: longer than the longest name
    /// (`csiso58gb231280`), it names none either way.
    ///
    /// Every input names its charset, and labels are ASCII in practice: those are folded byte by byte on the stack
    /// into a small string (a few hundred instructions, where the Unicode case mapping made a string per scalar,
    /// about 3,000 a label). Any other label takes the Unicode path: a non-ASCII scalar may lower-case to ASCII
    /// (U+212A KELVIN SIGN to `k`).
    static func folded(_ label: some StringProtocol) -> String {
        let limit = 16
        let ascii = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit) { buffer -> String? in
            var count = 0
            for byte in label.utf8 {
                guard byte < 0x80 else { return nil }
                if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: " ")
                    || byte == UInt8(ascii: "\"")
                {
                    continue
                }
                guard count < limit else { continue }
                buffer[count] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                count &+= 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
        if let ascii { return ascii }
        var folded = ""
        for scalar in label.unicodeScalars where scalar != "-" && scalar != "_" && scalar != " " && scalar != "\"" {
            folded.unicodeScalars.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
        }
        return folded
    }
}
