/// The class level (类) of the national expenditure function classification, with every name each code has had.
///
/// DISCLOSURE-RULES §3.1. Former names carry the last fiscal year they were in use; a document may still use a
/// former name the year after (templates lag), so only later years count as a mismatch.
enum FunctionClassCatalog {
    /// One name of a class.
    struct Name {
        /// The name as written in documents.
        var text: String
        /// The last fiscal year the name was current; nil for a current name.
        var lastYear: Int?
    }

    /// Names by code.
    static let names: [String: [Name]] = [
        "201": [Name(text: "一般公共服务支出")],
        "202": [Name(text: "外交支出")],
        "203": [Name(text: "国防支出")],
        "204": [Name(text: "公共安全支出")],
        "205": [Name(text: "教育支出")],
        "206": [Name(text: "科学技术支出")],
        "207": [Name(text: "文化旅游体育与传媒支出"), Name(text: "文化体育与传媒支出", lastYear: 2018)],
        "208": [Name(text: "社会保障和就业支出"), Name(text: "社会保障与就业支出")],
        "209": [Name(text: "社会保险基金支出")],
        "210": [
            Name(text: "卫生健康支出"), Name(text: "医疗卫生与计划生育支出", lastYear: 2018),
            Name(text: "医疗卫生支出", lastYear: 2013),
        ],
        "211": [Name(text: "节能环保支出")],
        "212": [Name(text: "城乡社区支出"), Name(text: "城乡社区事务", lastYear: 2013)],
        "213": [Name(text: "农林水支出"), Name(text: "农林水事务", lastYear: 2013)],
        "214": [Name(text: "交通运输支出")],
        "215": [
            Name(text: "资源勘探工业信息等支出"), Name(text: "资源勘探信息等支出"),
            Name(text: "资源勘探电力信息等支出", lastYear: 2013),
        ],
        "216": [Name(text: "商业服务业等支出")],
        "217": [Name(text: "金融支出"), Name(text: "金融监管等事务支出", lastYear: 2013)],
        "219": [Name(text: "援助其他地区支出")],
        "220": [
            Name(text: "自然资源海洋气象等支出"), Name(text: "国土海洋气象等支出", lastYear: 2018),
            Name(text: "国土资源气象等事务", lastYear: 2013),
        ],
        "221": [Name(text: "住房保障支出")],
        "222": [Name(text: "粮油物资储备支出"), Name(text: "粮油物资储备管理事务", lastYear: 2013)],
        "223": [Name(text: "国有资本经营预算支出")],
        "224": [Name(text: "灾害防治及应急管理支出")],
        "227": [Name(text: "预备费")],
        "229": [Name(text: "其他支出")],
        "230": [Name(text: "转移性支出")],
        "231": [Name(text: "债务还本支出")],
        "232": [Name(text: "债务付息支出")],
        "233": [Name(text: "债务发行费用支出"), Name(text: "债券发行费用支出")],
        "234": [Name(text: "抗疫特别国债安排的支出")],
    ]

    /// Every name with its code, longest first (for suffix matching in running text).
    static let allNames: [(code: String, name: Name)] = names.flatMap { code, names in names.map { (code, $0) } }
        .sorted { ($0.name.text.utf8.count, $0.code) > ($1.name.text.utf8.count, $1.code) }

    /// The UTF-8 bytes of each of ``allNames``' names (parallel to it).
    static let allNameBytes: [[UInt8]] = allNames.map { Array($0.name.text.utf8) }

    /// The code a name belongs to, if it is a known class name.
    static func code(ofName name: String) -> (code: String, name: Name)? {
        let equals = { (bytes: UnsafeBufferPointer<UInt8>, candidate: [UInt8]) in
            candidate.count == bytes.count && candidate.elementsEqual(bytes)
        }
        if let found = plainLookup(name, equals) {
            return found.map { allNames[$0] }
        }
        return allNames.first { $0.name.text == name }
    }

    /// The longest known class name that ends `text`.
    static func suffixName(of text: String) -> (code: String, name: Name)? {
        let endsWith = { (bytes: UnsafeBufferPointer<UInt8>, candidate: [UInt8]) in
            candidate.count <= bytes.count && bytes[(bytes.count - candidate.count)...].elementsEqual(candidate)
        }
        if let found = plainLookup(text, endsWith) {
            return found.map { allNames[$0] }
        }
        return allNames.first { text.hasSuffix($0.name.text) }
    }

    /// The index in ``allNames`` of the first name whose bytes `test` accepts (`.some(nil)`: none), when `text` is
    /// plain (``TextSearch/isPlain(_:)``: each scalar its own `Character`, with no other canonical form, as every
    /// class name is); then comparing bytes is comparing `String`s, without their per-comparison normalization
    /// checks. Nil when `text` is not plain (compare the `String`s).
    private static func plainLookup(
        _ text: String,
        _ test: (_ bytes: UnsafeBufferPointer<UInt8>, _ candidate: [UInt8]) -> Bool
    ) -> Int?? {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Int?? in
            guard TextSearch.isPlain(bytes) else { return nil }
            return .some(allNameBytes.firstIndex { test(bytes, $0) })
        }
        return found ?? nil
    }
}
