/// The standard tables of a budget or final-accounts disclosure (DISCLOSURE-RULES §2.2), recognised by title.
///
/// Titles vary by province and year (`收支总表`, `财务收支预算总表`, `收支预算总表`, `收入支出决算总表`); the
/// recogniser tests the distinguishing words in order of specificity instead of listing every alias.
public enum StandardTable: String, Sendable, Equatable, CaseIterable {
    /// B1 收支总表 / F1 收入支出决算总表.
    case summary
    /// B2 收入总表 / F2 收入决算表.
    case income
    /// B3 支出总表 / F3 支出决算表.
    case expenditure
    /// B4 财政拨款收支总表 / F4 财政拨款收入支出决算总表.
    case appropriationSummary
    /// B5 一般公共预算支出表 / F5 一般公共预算财政拨款支出决算表.
    case generalBudgetExpenditure
    /// B6 一般公共预算基本支出表 / F6 一般公共预算财政拨款基本支出决算表.
    case generalBudgetBasic
    /// B7 / F7 "三公"经费支出表.
    case threePublic
    /// B8 / F8 政府性基金预算(财政拨款)支出表.
    case governmentFund
    /// B9 / F9 国有资本经营预算(财政拨款)支出表.
    case stateCapital
    /// Regional: 财政拨款支出表 (all appropriation funds by function; Jiangsu).
    case appropriationExpenditure
    /// Regional: 财政拨款基本支出表 (Jiangsu).
    case appropriationBasic
    /// Regional: 机关运行经费支出表.
    case operatingFunds
    /// Regional: 政府采购支出表.
    case procurement
    /// Regional: 项目支出表, 项目支出绩效目标表.
    case project

    /// The checklist id of DISCLOSURE-RULES §2.2 (`table.B1` … `table.F9`, `table.B10`/`table.F10` for regional).
    public func checklistId(kind: DocumentKind?) -> String {
        let prefix = kind == .finalAccounts ? "table.F" : "table.B"
        switch self {
        case .summary: return prefix + "1"
        case .income: return prefix + "2"
        case .expenditure: return prefix + "3"
        case .appropriationSummary: return prefix + "4"
        case .generalBudgetExpenditure: return prefix + "5"
        case .generalBudgetBasic: return prefix + "6"
        case .threePublic: return prefix + "7"
        case .governmentFund: return prefix + "8"
        case .stateCapital: return prefix + "9"
        case .appropriationExpenditure, .appropriationBasic, .operatingFunds, .procurement, .project:
            return prefix + "10"
        }
    }

    /// Recognises a table by its title (spaces and quotes ignored); nil for anything else.
    public static func recognize(title: String) -> StandardTable? {
        var squeezed = String.UnicodeScalarView()
        for scalar in title.unicodeScalars where !" \u{3000}“”\"'‘’「」".unicodeScalars.contains(scalar) {
            squeezed.append(scalar)
        }
        let title = String(squeezed)
        func has(_ word: String) -> Bool { title.contains(word) }
        guard has("表") else { return nil }
        if has("三公") { return .threePublic }
        if has("政府性基金") { return .governmentFund }
        if has("国有资本经营") { return .stateCapital }
        if has("机关运行经费") { return .operatingFunds }
        if has("政府采购") { return .procurement }
        if has("基本支出") {
            return has("财政拨款") && !has("一般公共预算") ? .appropriationBasic : .generalBudgetBasic
        }
        if has("项目支出") { return .project }
        if has("一般公共预算") { return .generalBudgetExpenditure }
        if has("财政拨款") {
            return has("收支") || has("收入支出") ? .appropriationSummary : .appropriationExpenditure
        }
        if has("收支") || has("收入支出") { return .summary }
        if has("收入") { return .income }
        if has("支出") { return .expenditure }
        return nil
    }
}
