/// The disclosure checklist of DISCLOSURE-RULES §2.1: what a budget or final-account explanation must contain.
///
/// Each item has a level (`required` → warning when missing, `expected` → info, `regional` → never reported), the
/// kinds it applies to, the cues that show it (a heading or a key sentence found anywhere in the text), a
/// parent (an item not checked when its parent is missing: one missing section is one finding) and the subject
/// its finding reports under: the record path that would hold the item where there is one (`threePublic`,
/// `procurement`, `operatingFunds`), else `sections.<id>`.
///
/// Levels follow DISCLOSURE-RULES §2.1 with one adjustment: items that documents routinely carry only in tables,
/// merge into other sections or phrase without any cue (duties and organisation written as a bare list, the
/// government-fund statement, 三公 against the budget and activity counts, SME contracts) are `expected`, so their
/// absence is reported as info. The sections every template heads on its own (三公, 机关运行经费, 政府采购, the
/// income/expenditure/appropriation explanations, 名词解释) stay `required` (warning).
struct ChecklistItem {
    /// How much a missing item matters.
    enum Level {
        case required
        case expected
        case regional
    }

    /// How the cues must appear.
    enum Match {
        /// Any one cue.
        case any
        /// Every cue (`threePublic.items`: all three labels).
        case all
    }

    var id: String
    var level: Level
    var budget: Bool
    var finalAccounts: Bool
    var cues: [[UInt8]]
    var match: Match = .any
    var parent: String?
    var subject: String
    /// Record evidence that satisfies the item without a cue (a parsed figure means the sentence is there).
    var satisfiedBy: @Sendable (DisclosureRecord) -> Bool = { _ in false }
    /// Short English name for messages.
    var title: String
    /// Chinese name for messages.
    var titleZh: String
}

enum CompletenessChecklist {
    private static func cues(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    /// The items, in checklist order.
    static let items: [ChecklistItem] = [
        ChecklistItem(
            id: "overview.duties",
            level: .expected,
            budget: true,
            finalAccounts: true,
            cues: cues(["主要职能", "职能职责", "部门职责", "主要职责", "单位职责", "基本职能", "工作职责", "职责"]),
            subject: "duties",
            satisfiedBy: { !$0.duties.isEmpty },
            title: "duties",
            titleZh: "部门（单位）职责"
        ),
        ChecklistItem(
            id: "overview.organization",
            level: .expected,
            budget: true,
            finalAccounts: true,
            cues: cues(["机构设置", "单位构成", "部门构成", "预算单位构成", "决算单位构成", "内设机构", "下属单位", "内设", "机构情况"]),
            subject: "sections.overview.organization",
            satisfiedBy: { !$0.subUnits.isEmpty },
            title: "organisation",
            titleZh: "机构设置"
        ),
        ChecklistItem(
            id: "overview.staffing",
            level: .expected,
            budget: true,
            finalAccounts: true,
            cues: cues(["编制", "人员情况", "实有人数", "在职人员", "退休人员", "在职"]),
            subject: "staffing",
            satisfiedBy: { $0.staffing.administrative != nil || $0.staffing.publicInstitution != nil },
            title: "staffing",
            titleZh: "人员编制"
        ),
        ChecklistItem(
            id: "finance.overall",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["总体情况", "收支总预算", "收支预算", "收入总计", "收支总计", "增减变化", "收入支出决算"]),
            subject: "sections.finance.overall",
            satisfiedBy: { $0.income.grandTotal != nil || $0.income.total != nil },
            title: "overall income and spending",
            titleZh: "收支总体情况"
        ),
        ChecklistItem(
            id: "finance.income",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["收入预算", "收入决算", "收入合计", "本年收入", "收入总计", "财政拨款收入", "收入"]),
            subject: "income",
            satisfiedBy: { $0.income.total != nil },
            title: "income",
            titleZh: "收入情况"
        ),
        ChecklistItem(
            id: "finance.expenditure",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["支出预算", "支出决算", "支出合计", "本年支出", "支出总计", "基本支出"]),
            subject: "expenditure",
            satisfiedBy: { $0.expenditure.total != nil },
            title: "expenditure",
            titleZh: "支出情况"
        ),
        ChecklistItem(
            id: "finance.appropriation",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["财政拨款收支", "财政拨款收入支出", "财政拨款收入", "财政拨款支出", "一般公共预算拨款", "财政拨款"]),
            subject: "appropriation",
            satisfiedBy: { $0.appropriation.expenditure != nil || $0.appropriation.income != nil },
            title: "appropriation",
            titleZh: "财政拨款收支情况"
        ),
        ChecklistItem(
            id: "finance.generalBudgetByFunction",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["一般公共预算财政拨款支出", "一般公共预算支出", "一般公共预算拨款支出", "功能分类", "类)", "(类"]),
            subject: "sections.finance.generalBudgetByFunction",
            satisfiedBy: { !$0.expenditure.byFunction.isEmpty || $0.appropriation.expenditure != nil },
            title: "general-public-budget spending by function",
            titleZh: "一般公共预算支出情况"
        ),
        ChecklistItem(
            id: "finance.basicExpenditure",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["基本支出"]),
            subject: "sections.finance.basicExpenditure",
            satisfiedBy: { $0.appropriation.basic.amount != nil || $0.expenditure.basic.amount != nil },
            title: "basic expenditure",
            titleZh: "基本支出情况"
        ),
        ChecklistItem(
            id: "finance.governmentFund",
            level: .expected,
            budget: true,
            finalAccounts: true,
            cues: cues(["政府性基金"]),
            subject: "governmentFund",
            satisfiedBy: { $0.governmentFund.expenditure != nil || $0.governmentFund.noneStatement != nil },
            title: "government-fund spending",
            titleZh: "政府性基金预算支出情况"
        ),
        ChecklistItem(
            id: "finance.stateCapital",
            level: .expected,
            budget: true,
            finalAccounts: true,
            cues: cues(["国有资本经营"]),
            subject: "sections.finance.stateCapital",
            satisfiedBy: { $0.income.sources.stateCapital != nil || $0.observations.stateCapitalStatement != nil },
            title: "state-capital spending",
            titleZh: "国有资本经营预算支出情况"
        ),
        ChecklistItem(
            id: "threePublic.total",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["三公"]),
            subject: "threePublic",
            satisfiedBy: { $0.threePublic.total.amount != nil },
            title: "三公 spending",
            titleZh: "“三公”经费情况"
        ),
        ChecklistItem(
            id: "threePublic.items",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["因公出国", "公务接待", "公务用车"]),
            match: .all,
            parent: "threePublic.total",
            subject: "sections.threePublic.items",
            title: "the three 三公 items",
            titleZh: "“三公”经费分项"
        ),
        ChecklistItem(
            id: "threePublic.vehicleSplit",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["购置费", "运行"]),
            match: .all,
            parent: "threePublic.total",
            subject: "sections.threePublic.vehicleSplit",
            satisfiedBy: {
                $0.threePublic.vehiclePurchase.amount != nil && $0.threePublic.vehicleOperation.amount != nil
            },
            title: "vehicle purchase and operation split",
            titleZh: "公务用车购置费与运行维护费"
        ),
        ChecklistItem(
            id: "threePublic.vsBudget",
            level: .expected,
            budget: false,
            finalAccounts: true,
            cues: cues(["年初预算", "预算数", "完成预算", "全年预算", "调整预算", "预算为"]),
            parent: "threePublic.total",
            subject: "sections.threePublic.vsBudget",
            satisfiedBy: { $0.threePublic.total.budget != nil },
            title: "三公 compared with the budget",
            titleZh: "“三公”经费与预算比较"
        ),
        // DISCLOSURE-RULES marks the activity counts required; they mostly sit in the 三公 table rather than the
        // explanation, so a missing sentence is only `expected` here (reported as info).
        ChecklistItem(
            id: "threePublic.activity",
            level: .expected,
            budget: false,
            finalAccounts: true,
            cues: cues(["团组", "批次", "人次", "保有量", "购置数"]),
            parent: "threePublic.total",
            subject: "sections.threePublic.activity",
            title: "三公 activity counts",
            titleZh: "“三公”经费相关团组、车辆、接待数"
        ),
        ChecklistItem(
            id: "other.operatingFunds",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["运行经费"]),
            subject: "operatingFunds",
            satisfiedBy: { $0.operatingFunds.amount != nil },
            title: "operating funds",
            titleZh: "机关运行经费"
        ),
        ChecklistItem(
            id: "other.procurement",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["政府采购"]),
            subject: "procurement",
            satisfiedBy: { $0.procurement.total != nil },
            title: "government procurement",
            titleZh: "政府采购情况"
        ),
        ChecklistItem(
            id: "other.procurementSme",
            level: .expected,
            budget: false,
            finalAccounts: true,
            cues: cues(["中小企业", "小微企业"]),
            parent: "other.procurement",
            subject: "sections.other.procurementSme",
            satisfiedBy: { $0.procurement.smeContracts != nil },
            title: "contracts awarded to SMEs",
            titleZh: "授予中小企业合同情况"
        ),
        ChecklistItem(
            id: "other.assets",
            level: .expected,
            budget: true,
            finalAccounts: true,
            cues: cues(["国有资产", "资产占用", "资产占有", "车辆"]),
            subject: "assets",
            satisfiedBy: { $0.assets.vehicles.total != nil },
            title: "state assets",
            titleZh: "国有资产占用情况"
        ),
        ChecklistItem(
            id: "performance.targets",
            level: .expected,
            budget: true,
            finalAccounts: false,
            cues: cues(["绩效目标", "绩效管理", "绩效"]),
            subject: "performance",
            satisfiedBy: { $0.performance.projectFunds != nil },
            title: "performance targets",
            titleZh: "绩效目标设置情况"
        ),
        ChecklistItem(
            id: "performance.evaluation",
            level: .expected,
            budget: false,
            finalAccounts: true,
            cues: cues(["绩效评价", "绩效自评", "绩效管理", "预算绩效", "绩效"]),
            subject: "performance",
            satisfiedBy: { $0.performance.projectFunds != nil },
            title: "performance evaluation",
            titleZh: "绩效评价情况"
        ),
        ChecklistItem(
            id: "glossary",
            level: .required,
            budget: true,
            finalAccounts: true,
            cues: cues(["名词解释", "专业名词", "名词说明", "术语解释"]),
            subject: "sections.glossary",
            title: "glossary",
            titleZh: "名词解释"
        ),
        ChecklistItem(
            id: "finance.basicSplit",
            level: .regional,
            budget: true,
            finalAccounts: true,
            cues: cues(["人员经费", "公用经费"]),
            subject: "sections.finance.basicSplit",
            title: "personnel and public funds",
            titleZh: "人员经费和公用经费"
        ),
        ChecklistItem(
            id: "other.meetingTraining",
            level: .regional,
            budget: true,
            finalAccounts: true,
            cues: cues(["会议费", "培训费"]),
            subject: "sections.other.meetingTraining",
            title: "meetings and training",
            titleZh: "会议费、培训费"
        ),
        ChecklistItem(
            id: "contact",
            level: .regional,
            budget: true,
            finalAccounts: true,
            cues: cues(["联系人", "联系电话", "联系方式"]),
            subject: "contact",
            title: "contact",
            titleZh: "联系方式"
        ),
    ]
}
