/// The class level (类) of the national function classification of spending (DISCLOSURE-RULES §3.1).
///
/// Every code keeps all the names documents use for it, current and former, so a 2016 document's
/// `医疗卫生与计划生育支出` and a 2024 document's `卫生健康支出` both resolve to 210.
enum FunctionClasses {
    /// Codes with their names (current name first).
    static let table: [(code: String, names: [String])] = [
        ("201", ["一般公共服务支出"]),
        ("202", ["外交支出"]),
        ("203", ["国防支出"]),
        ("204", ["公共安全支出"]),
        ("205", ["教育支出"]),
        ("206", ["科学技术支出"]),
        ("207", ["文化旅游体育与传媒支出", "文化体育与传媒支出", "文化和旅游体育与传媒支出"]),
        ("208", ["社会保障和就业支出", "社会保障与就业支出"]),
        ("209", ["社会保险基金支出"]),
        ("210", ["卫生健康支出", "医疗卫生与计划生育支出", "医疗卫生和计划生育支出", "医疗卫生支出"]),
        ("211", ["节能环保支出"]),
        ("212", ["城乡社区支出", "城乡社区事务支出", "城乡社区事务"]),
        ("213", ["农林水支出", "农林水事务支出", "农林水事务"]),
        ("214", ["交通运输支出"]),
        ("215", ["资源勘探工业信息等支出", "资源勘探信息等支出", "资源勘探电力信息等支出"]),
        ("216", ["商业服务业等支出"]),
        ("217", ["金融支出", "金融监管等事务支出"]),
        ("219", ["援助其他地区支出"]),
        ("220", ["自然资源海洋气象等支出", "国土海洋气象等支出", "国土资源气象等事务支出", "国土资源气象等事务"]),
        ("221", ["住房保障支出"]),
        ("222", ["粮油物资储备支出", "粮油物资储备管理事务支出", "粮油物资储备管理事务"]),
        ("224", ["灾害防治及应急管理支出"]),
        ("227", ["预备费"]),
        ("229", ["其他支出"]),
        ("231", ["债务还本支出"]),
        ("232", ["债务付息支出"]),
        ("233", ["债务发行费用支出", "债券发行费用支出"]),
    ]

    /// Every (code, name) pair of ``table``, in table order; a ``FunctionClassName`` is an index into it.
    static let names: [(code: String, name: String)] = table.flatMap { entry in
        entry.names.map { (entry.code, $0) }
    }

    /// Lexicon patterns: each name, and the `(类)` forms (`一般公共服务(类)支出`, `一般公共服务支出(类)`).
    ///
    /// The value is the name to publish (the written name without the `(类)` marker), with its code.
    static let patterns: [(String, FunctionClassName)] = {
        var result: [(String, FunctionClassName)] = []
        for (index, (_, name)) in names.enumerated() {
            let reference = FunctionClassName(index: Int32(index))
            result.append((name, reference))
            result.append((name + "(类)", reference))
            if name.hasSuffix("支出") {
                let stem = String(name.dropLast(2))
                result.append((stem + "(类)支出", reference))
                result.append((stem + "(类)", reference))
            }
        }
        return result
    }()
}

/// A function class as a document names it: code and published name, held as an index into
/// ``FunctionClasses/names`` so that tokens and slots carrying it copy and compare without touching strings.
struct FunctionClassName: Sendable, Equatable {
    /// Index into ``FunctionClasses/names``.
    let index: Int32

    /// The class code (`201`).
    var code: String { FunctionClasses.names[Int(index)].code }

    /// The published name (`一般公共服务支出`).
    var name: String { FunctionClasses.names[Int(index)].name }
}
