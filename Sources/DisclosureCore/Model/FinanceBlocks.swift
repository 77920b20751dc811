/// Income: this year's total, 总计, sources and change.
public struct IncomeBlock: Sendable, Equatable {
    /// This year's income (本年收入合计 / 收入预算), excluding carry-over.
    public var total: Figure?
    /// 收入总计 where stated: total + carry-over.
    public var grandTotal: Figure?
    /// Income by source.
    public var sources = IncomeSources()
    /// Change of ``total`` against the prior year, with drivers.
    public var change = ChangeBlock()
    /// Stated percentage change of ``total``.
    public var changePercent: Figure?
    /// A final account's budget for the total.
    public var budget: Figure?
    /// Stated 完成预算% of the total.
    public var completionPercent: Figure?

    /// Creates an empty block.
    public init() {}
}

/// Income by source (SPEC §4 `income.sources.*`; DISCLOSURE-RULES §3.3).
public struct IncomeSources: Sendable, Equatable {
    /// 一般公共预算(财政)拨款(收入).
    public var generalPublicBudget: Figure?
    /// 政府性基金预算(财政)拨款(收入).
    public var governmentFund: Figure?
    /// 国有资本经营预算(拨款)收入.
    public var stateCapital: Figure?
    /// 财政专户管理资金(收入).
    public var specialAccount: Figure?
    /// 事业收入.
    public var business: Figure?
    /// 事业单位经营收入 / 经营收入.
    public var businessOperating: Figure?
    /// 上级补助收入.
    public var upperSubsidy: Figure?
    /// 附属单位上缴收入.
    public var subordinateRemittance: Figure?
    /// 用事业基金弥补收支差额 / 使用非财政拨款结余 (budgets that list it among income items).
    public var reserveUse: Figure?
    /// 上年结转 where a budget lists it among its income items.
    public var priorYearCarryover: Figure?
    /// 其他收入.
    public var other: Figure?

    /// Creates empty sources.
    public init() {}

    /// The stated sources that belong to this year's income (everything but carry-over and reserve use).
    public var thisYearItems: [Figure] {
        [
            generalPublicBudget, governmentFund, stateCapital, specialAccount, business, businessOperating,
            upperSubsidy, subordinateRemittance, other,
        ].compactMap { $0 }
    }
}

/// Expenditure: this year's total, 总计, function classes, basic/project and change.
public struct ExpenditureBlock: Sendable, Equatable {
    /// This year's spending (本年支出合计 / 支出预算).
    public var total: Figure?
    /// 支出总计 where stated: total + closing carry-over (+ 结余分配).
    public var grandTotal: Figure?
    /// Spending by function class (类), all funds.
    public var byFunction: [FunctionLine] = []
    /// 基本支出, when stated for all funds.
    public var basic = AmountBlock()
    /// 项目支出, when stated for all funds.
    public var project = AmountBlock()
    /// Change of ``total``, with drivers.
    public var change = ChangeBlock()
    /// Stated percentage change of ``total``.
    public var changePercent: Figure?
    /// A final account's budget for the total.
    public var budget: Figure?
    /// Stated 完成预算% of the total.
    public var completionPercent: Figure?

    /// Creates an empty block.
    public init() {}
}

/// One function class (类) of spending.
public struct FunctionLine: Sendable, Equatable {
    /// Class code (`201`) as printed or implied by the name.
    public var code: String?
    /// Class name as written (`一般公共服务支出`).
    public var name: String
    /// Amount, change and percentages.
    public var block = AmountBlock()

    /// Creates a line.
    public init(code: String?, name: String, block: AmountBlock = AmountBlock()) {
        self.code = code
        self.name = name
        self.block = block
    }
}

/// The 一般公共预算财政拨款 block.
public struct AppropriationBlock: Sendable, Equatable {
    /// 一般公共预算财政拨款收入.
    public var income: Figure?
    /// 一般公共预算财政拨款支出.
    public var expenditure: Figure?
    /// Change of ``expenditure``.
    public var change: Figure?
    /// Stated percentage change of ``expenditure``.
    public var changePercent: Figure?
    /// Budget of ``expenditure`` (final accounts).
    public var budget: Figure?
    /// Stated 完成预算% of ``expenditure``.
    public var completionPercent: Figure?
    /// 基本支出 of the appropriation.
    public var basic = AmountBlock()
    /// 项目支出 of the appropriation.
    public var project = AmountBlock()
    /// 财政拨款收入 as one figure, all funds together (一般公共预算 + 政府性基金 + 国有资本经营), with its change: the
    /// income side of the appropriation where the text states it unsplit (`财政拨款收入37151.47万元，比2024年…增加…`).
    public var allFundsIncome = AmountBlock()

    /// Creates an empty block.
    public init() {}
}

/// Government-fund spending.
public struct GovernmentFundBlock: Sendable, Equatable {
    /// The spending; 0 when the text says there is none.
    public var expenditure: Figure?
    /// Where the text says there is no government-fund spending.
    public var noneStatement: TextSpan?

    /// Creates an empty block.
    public init() {}
}

/// Carry-over.
public struct CarryoverBlock: Sendable, Equatable {
    /// 年初结转和结余 (a budget's 上年结转).
    public var opening: Figure?
    /// A final account's 年末结转和结余.
    public var closing: Figure?
    /// 使用非财政拨款结余 (final accounts; on the income side of 总计).
    public var reserveUse: Figure?
    /// 结余分配 (final accounts; on the expenditure side of 总计).
    public var surplusDistribution: Figure?

    /// Creates an empty block.
    public init() {}
}
