/// A character encoding the decoder reads (SPEC §2: UTF-8, GB18030/GBK).
public enum DocumentCharset: String, Sendable, Equatable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// GB18030, which includes GBK, CP936 and GB2312: all of them are decoded as GB18030.
    case gb18030 = "gb18030"

    /// The charset a label names (`utf-8`, `UTF8`, `gbk`, `gb2312`, `GB18030`, `cp936`, …), or nil for labels we do
    /// not read (the decoder then detects the charset itself).
    public init?(label: some StringProtocol) {
        var normalized = ""
        for scalar in label.unicodeScalars where scalar != "-" && scalar != "_" && scalar != " " && scalar != "\"" {
            normalized.unicodeScalars.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
        }
        switch normalized {
        case "utf8", "unicode11utf8", "unicode20utf8", "xunicode20utf8":
            self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936", "ms936", "windows936", "xgbk", "euccn", "xeuccn", "csgb2312",
            "gb231280", "csgbk", "chinese", "isoir58", "csiso58gb231280":
            self = .gb18030
        default:
            return nil
        }
    }
}
