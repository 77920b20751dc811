/// `cross.governmentFund`: a statement that there is no government-fund spending agrees with the amounts.
///
/// `无使用政府性基金预算拨款安排的支出` while the record holds a non-zero government-fund expenditure or income source
/// is a contradiction. Silent without the statement.
public struct CrossGovernmentFundRule: Rule {
    public let id = "cross.governmentFund"
    public let subjects = ["governmentFund.expenditure"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard let statement = record.governmentFund.noneStatement else { return [] }
        let candidates: [(String, Figure?)] = [
            ("governmentFund.expenditure", record.governmentFund.expenditure),
            ("income.sources.governmentFund", record.income.sources.governmentFund),
        ]
        guard let (path, figure) = candidates.first(where: { !($0.1?.value.isZero ?? true) }), let figure else {
            return []
        }
        return [
            Finding(
                subject: "governmentFund.expenditure",
                severity: .error,
                expected: .zero,
                actual: figure.value,
                difference: figure.value,
                tolerance: nil,
                message: "The document says there is no government-fund spending, yet states \(figure.value.text) "
                    + "at \(path).",
                messageZh: "文中称无政府性基金预算拨款安排的支出，但又列明政府性基金金额\(figure.value.text)万元。",
                evidence: [
                    EvidenceReference(path: "governmentFund.expenditure", span: statement),
                    EvidenceReference(path, figure),
                ]
            )
        ]
    }
}
