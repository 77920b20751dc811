/// `cross.performance`: the project funds under performance targets do not exceed project expenditure.
///
/// DISCLOSURE-RULES R13: targets cover project spending, so `performance.projectFunds` can be at most the project
/// expenditure (the seed states them equal, 664.19). Compared with the larger of the all-funds and the
/// appropriation project expenditure, so a narrower figure never raises a false alarm. Reported as `info` even
/// beyond the band: coverage figures may include carried-over project funds that the year's project spending does
/// not (`severity` in `config/rules.yaml` raises it). Silent without both.
public struct CrossPerformanceRule: Rule {
    public let id = "cross.performance"
    public let subjects = ["performance.projectFunds"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let record = context.record
        guard let funds = record.performance.projectFunds else { return [] }
        let projects: InlineArray<2, (String, Figure?)> = [
            ("expenditure.project.amount", record.expenditure.project.amount),
            ("appropriation.project.amount", record.appropriation.project.amount),
        ]
        guard let (path, project) = UpperBound.largest(projects) else { return [] }
        return UpperBound.check(
            value: ("performance.projectFunds", funds),
            bound: (path, project),
            words: Relation(
                stated: ("The project funds under performance targets", "实行绩效目标管理的项目资金"),
                parts: ("the project expenditure", "项目支出")
            ),
            tolerance: context.tolerance
        ).map { finding in
            var finding = finding
            finding.severity = .info
            return finding
        }
    }
}
