/// What a label in a money sentence names. Which record path it fills depends on the sentence's ``FinanceTopic``
/// (`基本支出` is `expenditure.basic` under 支出, `appropriation.basic` under 一般公共预算财政拨款).
enum FinanceLabel: Sendable, Equatable {
    case incomeGrandTotal, expenditureGrandTotal
    /// 收支总计 / 收、支总计: both sides at once (a list `各是A,B` gives income A and expenditure B).
    case pairGrandTotal
    case incomeTotal, expenditureTotal
    /// 收入和支出(均为): both totals at once.
    case totalPair
    /// 一般公共预算财政拨款收入和支出(均为) / 一般公共预算财政拨款收支: appropriation income and spending at once.
    case appropriationPair
    /// Bare `收入` / `支出` at the start of a clause.
    case incomeGeneric, expenditureGeneric
    /// 年初预算数: the topic's total in a budget, a budget marker in final accounts.
    case topicTotal
    /// 一般公共预算(财政)拨款(收入): an income source, the appropriation, or procurement's general-budget part.
    case generalBudgetFunds
    case governmentFundFunds, stateCapitalFunds
    /// 政府性基金预算(财政)拨款收入: the government-fund income source, also in a sentence about the fund.
    case governmentFundIncome
    /// 财政拨款收入 not split by fund: `appropriation.allFundsIncome`.
    case allFundsIncome
    case business, businessOperating, upperSubsidy, subordinateRemittance, otherIncome, specialAccount, reserveUse
    case priorYearCarryover, openingCarryover, closingCarryover
    case basic, project
    case appropriationExpenditure, appropriationBasic, appropriationProject
    case threePublicTotal, outboundTravel, reception, vehicleCombined, vehicleOperation, vehiclePurchase
    case operatingFunds
    case procurementTotal, goods, works, services, smeContracts
    /// A known item with no path (财政拨款收入 not split by fund, 人员经费, 集中采购, …): stops attribution.
    case ignored
}

/// One term of the money vocabulary.
enum FinanceTerm: Sendable, Equatable {
    case label(FinanceLabel)
    /// A function class: code and published name.
    case function(FunctionClassName)
    /// A change verb, with its sign (增加 +1, 减少 −1).
    case verb(Int)
    /// 增 / 减 / 降 alone: a verb only right before a number.
    case shortVerb(Int)
    /// 持平 / 无变化: a zero change.
    case zeroChange
    /// 比 / 较 / 与…相比 / 同比: a comparison base follows.
    case comparison
    /// 年初预算 / 预算数 / 预算为 (final accounts): the budget amount follows.
    case budget
    /// 完成 / 为预算的: a completion rate follows.
    case completion
    /// 完成预算 / 完成年初预算: a budget amount, then a completion rate.
    case completionBudget
    /// 占: a share follows.
    case share
    /// 主要是 / 其中: named drivers of the change may follow.
    case driverIntro
    /// 没有 / 为零 right after an item: its amount is 0 (`因公出国(境)费用没有`).
    case noneAmount
    /// Words that contain a term but mean something else (基本持平, 占比例); skipped whole.
    case noise
}

/// What a sentence is about; decides which path an ambiguous label fills.
enum FinanceTopic: Sendable, Equatable {
    case none, overall, income, expenditure, appropriation, governmentFund, stateCapital
    case threePublic, operatingFunds, procurement, performance, assets, glossary
    /// Something the record has no path for (事业运行经费 of subordinate institutions): nothing is read.
    case other
}

/// The vocabulary of money sentences, as lexicons over normalized text (ASCII punctuation, `(` `)` `:` `,`).
enum FinanceVocabulary {
    /// The patterns of the terms through which a sentence without amounts can still fill the record (a zero change,
    /// an item said to have no amount): a sentence in which none occurs needs no reading (``FinanceExtractor``).
    static let statementCues = Lexicon(
        termEntries.filter { $0.1 == .zeroChange || $0.1 == .noneAmount }.map { ($0.0, true) }
    )

    /// Labels, markers and function classes: the terms a money sentence is cut into (``FinanceMarks``).
    static let termEntries: [(String, FinanceTerm)] = {
        var entries: [(String, FinanceTerm)] = []
        func add(_ label: FinanceLabel, _ patterns: [String]) {
            entries += patterns.map { ($0, .label(label)) }
        }
        add(.incomeGrandTotal, ["收入总计", "收入总预算", "收入预算总计"])
        add(.expenditureGrandTotal, ["支出总计", "支出总预算", "支出预算总计"])
        add(
            .pairGrandTotal,
            [
                "收支总计", "收、支总计", "收支总预算", "收支预算总计", "收入支出总计", "收支总额", "收、支",
                "收入、支出预算总计", "收入、支出总计", "收入支出预算总计", "收、支预算总计", "收支预算总额",
            ]
        )
        add(
            .incomeTotal,
            [
                "本年收入合计", "本年收入预算合计", "本年度收入合计", "本年度收入", "全年收入", "本年收入", "收入合计", "收入预算总额", "收入预算合计", "收入预算", "总收入",
                "收入总额",
                "当年收入", "收入决算",
            ]
        )
        add(
            .expenditureTotal,
            [
                "本年支出合计", "本年支出预算合计", "本年度支出合计", "本年度支出", "全年支出", "本年支出", "支出合计", "支出预算总额", "支出预算合计", "支出预算", "总支出",
                "支出总额",
                "当年支出", "支出决算",
            ]
        )
        add(.totalPair, ["收入和支出", "收入与支出", "收入、支出", "本年收入和支出"])
        add(
            .appropriationPair,
            [
                "一般公共预算财政拨款收入和支出", "一般公共预算财政拨款收入与支出", "一般公共预算财政拨款收支",
                "一般公共预算拨款收入和支出", "一般公共预算拨款收支", "一般公共预算财政拨款收入、支出",
            ]
        )
        add(.incomeGeneric, ["收入"])
        add(.expenditureGeneric, ["支出"])
        add(.topicTotal, ["年初预算数", "预算数", "年初预算总额"])
        add(
            .generalBudgetFunds,
            [
                "一般公共预算拨款收入", "一般公共预算拨款", "一般公共预算财政拨款收入", "一般公共预算财政拨款",
                "一般公共预算收入", "一般公共预算资金", "一般公共预算当年财政拨款", "一般公共预算当年拨款",
            ]
        )
        add(.governmentFundFunds, ["政府性基金预算拨款", "政府性基金预算财政拨款", "政府性基金拨款"])
        // Income and spending named together (`…收入和支出均为0万元`) keep the fund's spending.
        for fund in ["政府性基金预算财政拨款", "政府性基金预算拨款", "政府性基金预算", "政府性基金"] {
            add(.governmentFundFunds, [fund + "收入和支出", fund + "收入与支出", fund + "收入、支出", fund + "收支"])
        }
        add(
            .governmentFundIncome,
            ["政府性基金预算拨款收入", "政府性基金预算财政拨款收入", "政府性基金预算收入", "政府性基金收入"]
        )
        add(.allFundsIncome, ["财政拨款收入", "本年财政拨款收入"])
        add(
            .stateCapitalFunds,
            [
                "国有资本经营预算收入", "国有资本经营预算拨款收入", "国有资本经营预算财政拨款收入", "国有资本经营预算拨款",
                "国有资本经营预算财政拨款",
            ]
        )
        add(.business, ["事业收入", "教育事业收入"])
        add(.businessOperating, ["事业单位经营收入", "经营收入"])
        add(.upperSubsidy, ["上级补助收入"])
        add(.subordinateRemittance, ["附属单位上缴收入"])
        add(.otherIncome, ["其他收入", "其他资金收入", "其他资金"])
        add(.specialAccount, ["财政专户管理资金收入", "财政专户管理资金"])
        add(.reserveUse, ["用事业基金弥补收支差额"])
        add(.priorYearCarryover, ["上年结转", "上年结转和结余", "上年结余结转"])
        add(.openingCarryover, ["年初结转和结余", "年初结转结余", "年初结余结转"])
        add(.closingCarryover, ["年末结转和结余", "年末结转结余", "年末结余结转"])
        add(.basic, ["基本支出"])
        add(.project, ["项目支出"])
        add(
            .appropriationExpenditure,
            ["一般公共预算财政拨款支出", "一般公共预算拨款支出", "一般公共预算支出", "一般公共预算当年拨款支出"]
        )
        add(.appropriationBasic, ["一般公共预算财政拨款基本支出", "一般公共预算基本支出", "一般公共预算拨款基本支出"])
        add(.appropriationProject, ["一般公共预算财政拨款项目支出", "一般公共预算项目支出", "一般公共预算拨款项目支出"])
        add(
            .threePublicTotal,
            ["“三公”经费", "\"三公\"经费", "'三公'经费", "‘三公’经费", "三公经费", "“三公”", "\"三公\"", "三公"]
        )
        add(
            .outboundTravel,
            [
                "因公出国(境)费用", "因公出国(境)费", "因公出国(境)经费", "因公出国(境)", "因公出国费用", "因公出国费",
                "因公出国经费",
            ]
        )
        add(.reception, ["公务接待费用", "公务接待费", "公务接待", "国内公务接待费", "公务接待经费"])
        add(
            .vehicleCombined,
            [
                "公务用车购置及运行维护费", "公务用车购置及运行费", "公务用车购置和运行维护费", "公务用车购置及运行维护",
                "公务用车购置及运行", "公务用车费",
            ]
        )
        add(
            .vehicleOperation,
            [
                "公务用车运行维护费", "公务用车运行费用", "公务用车运行费", "公务用车运行", "公务用车及运行维护费", "公务车运行维护费",
                "公务用车运维费", "公车运行维护费", "公务用车运行维护经费",
            ]
        )
        add(.vehiclePurchase, ["公务用车购置费", "公务用车购置", "公务车购置费", "公车购置费", "公务用车购置经费"])
        add(.operatingFunds, ["机关运行经费", "运行经费", "机构运行经费"])
        add(
            .procurementTotal,
            [
                "政府采购预算总额", "政府采购支出总额", "政府采购总额", "政府采购预算合计", "政府采购合计", "政府采购金额", "政府采购预算", "政府采购支出", "政府采购", "采购总额",
            ]
        )
        add(.goods, ["政府采购货物预算", "政府采购货物支出", "政府采购货物", "货物类", "货物"])
        add(.works, ["政府采购工程预算", "政府采购工程支出", "政府采购工程", "工程类", "工程"])
        add(.services, ["政府采购服务预算", "政府采购服务支出", "政府采购服务", "服务类", "服务"])
        add(.smeContracts, ["授予中小企业合同金额", "授予中小企业合同", "授予中小微企业合同金额", "授予小微企业合同金额"])
        add(
            .ignored,
            [
                "财政拨款", "财政拨款支出", "人员经费", "公用经费", "事业运行经费",
                "使用非财政拨款结余", "非财政拨款结余", "结余分配", "上缴上级支出", "经营支出", "对附属单位补助支出",
                "集中采购", "分散采购", "政府集中采购", "工资福利支出", "商品和服务支出", "对个人和家庭补助支出",
                "对个人和家庭的补助", "资本性支出", "政府购买服务", "公共服务", "服务中心", "工程项目", "事业单位",
                "专用结余", "预算收入", "预算支出", "财政拨款收入支出总计", "财政拨款收支总计", "财政拨款收支",
                "财政拨款收入支出",
            ]
        )
        for (pattern, value) in FunctionClasses.patterns {
            entries.append((pattern, .function(value)))
        }
        entries += ["增加", "增长", "上升", "提高", "增幅", "增长率", "上涨", "多支出", "超支"].map { ($0, .verb(1)) }
        entries += ["减少", "下降", "压减", "降低", "缩减", "减幅", "降幅", "下降率", "减支", "压缩", "节约"].map {
            ($0, .verb(-1))
        }
        entries += [
            ("增", .shortVerb(1)), ("减", .shortVerb(-1)), ("降", .shortVerb(-1)), ("多", .shortVerb(1)),
            ("少", .shortVerb(-1)),
        ]
        entries += [
            "与上年数一致", "与上年一致", "与上年度一致", "与去年一致", "与上年持平", "同上年一致", "同上年持平",
            "与上年保持一致", "与上年度保持一致", "同比一致", "与上年相当",
        ].map { ($0, .zeroChange) }
        entries += [
            "持平", "无变化", "无增减", "没有变化", "未发生变化", "保持不变", "无增长", "无增减变化", "未变化", "与上年相同",
            "与去年相同", "与上年度相同", "没有增减", "未增减",
        ].map { ($0, .zeroChange) }
        // `与上年预算数一致`, `同上年决算数持平`: the prior year's figure named as a base, said to be the same.
        for link in ["与", "同", "和"] {
            for year in ["上年", "去年", "上年度", "上一年度", "上年同期"] {
                for figure in ["", "数", "预算", "预算数", "决算", "决算数", "预算执行数"] {
                    for same in ["一致", "保持一致", "持平", "相同"] {
                        entries.append((link + year + figure + same, .zeroChange))
                    }
                }
            }
        }
        entries += ["基本持平", "大体持平", "占比例", "比例", "比重", "对比"].map { ($0, .noise) }
        entries += ["比", "较", "与", "同比", "相比", "相较", "比上年", "较上年"].map { ($0, .comparison) }
        entries += [
            "年初预算", "预算数", "预算为", "全年预算", "调整预算", "调整后预算", "支出预算为", "支出预算数", "预算支出为",
            "预算支出数",
        ].map { ($0, .budget) }
        entries += ["完成", "为预算的", "为年初预算的", "预算完成率", "执行率"].map { ($0, .completion) }
        entries += ["完成预算", "完成年初预算", "完成全年预算", "完成调整预算", "完成调整后预算"].map { ($0, .completionBudget) }
        entries += [("占", .share), ("占比", .share)]
        entries += [("没有", .noneAmount), ("为零", .noneAmount)]
        entries += [
            "主要是", "主要原因是", "主要原因为", "主要由于", "原因是", "其中", "主要为", "主要包括", "具体是", "主要原因",
            "变动原因", "增减原因", "主要系", "主要因为", "具体为", "具体如下",
        ].map {
            ($0, .driverIntro)
        }
        return entries
    }()

    /// Topic keywords that take priority (a 三公 sentence is about 三公 even if it names 一般公共预算财政拨款).
    static let specialTopics: Lexicon<FinanceTopic?> = Lexicon(specialTopicEntries)

    /// The entries of ``specialTopics``.
    static let specialTopicEntries: [(String, FinanceTopic?)] = [
        ("三公", .threePublic), ("运行经费", .operatingFunds), ("政府采购", .procurement), ("绩效", .performance),
        ("政府性基金", .governmentFund), ("国有资本经营", .stateCapital), ("国有资产", .assets),
        ("名词解释", .glossary), ("车辆", .assets), ("公务用车", .threePublic), ("因公出国", .threePublic),
        ("公务接待", .threePublic), ("事业运行经费", .other),
    ]

    /// Generic topic keywords; the first one in a sentence's lead decides.
    static let genericTopics: Lexicon<FinanceTopic?> = Lexicon(genericTopicEntries)

    /// The entries of ``genericTopics``.
    static let genericTopicEntries: [(String, FinanceTopic?)] = [
        // Item names that contain a topic word name no topic (`基本支出预算` is not about 支出预算).
        ("基本支出", nil), ("项目支出", nil), ("基本支出预算", nil), ("项目支出预算", nil),
        ("一般公共预算财政拨款", .appropriation), ("一般公共预算拨款支出", .appropriation),
        ("一般公共预算支出", .appropriation), ("财政拨款收支", .appropriation), ("财政拨款收入支出", .appropriation),
        ("财政拨款支出", .appropriation), ("一般公共预算当年拨款", .appropriation),
        ("收支总体", .overall), ("收入支出决算总体", .overall), ("收支总计", .overall), ("收、支总计", .overall),
        ("收入总计", .overall), ("总体情况", .overall), ("收支预算", .overall), ("收支总预算", .overall),
        ("本年收入", .income), ("收入合计", .income), ("收入预算", .income), ("收入决算", .income),
        ("收入情况", .income), ("总收入", .income),
        ("本年支出", .expenditure), ("支出合计", .expenditure), ("支出预算", .expenditure),
        ("支出决算", .expenditure), ("支出情况", .expenditure), ("总支出", .expenditure),
    ]

    /// Negation words (`无`, `未`, `没有`, `不涉及`, `为零`, `为空`): a sentence without one states no "none".
    static let negationPatterns = ["无", "未", "没有", "不涉及", "为零", "为空"]
}
