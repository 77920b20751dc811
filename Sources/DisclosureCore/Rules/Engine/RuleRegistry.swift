/// The rule catalogue: every rule id of SPEC §6, in the order the engine runs them.
public enum RuleRegistry {
    /// All rules.
    public static let all: [any Rule] = [
        SumIncomeSourcesRule(),
        SumExpenditureByFunctionRule(),
        SumAppropriationBasicProjectRule(),
        SumThreePublicRule(),
        SumProcurementRule(),
        SumVehiclesRule(),
        ChangeDriversRule(),
        BalanceIncomeExpenditureRule(),
        BalanceFinalAccountsRule(),
        ChangePriorYearRule(),
        CrossAppropriationRule(),
        CrossGovernmentFundRule(),
        CrossPerformanceRule(),
        RangeOperatingFundsRule(),
        PercentChangeRule(),
        PercentCompletionRule(),
        BalanceGrandTotalRule(),
        TextTableRule(),
        CodeNameRule(),
        TemplateResidueRule(),
        TableEmptyNoteRule(),
        TableSumRule(),
        CompletenessSectionsRule(),
        ParseUnrecognizedRule(),
    ]

    /// The ids of ``all``.
    public static let ruleIds: Set<String> = Set(all.map(\.id))
}
