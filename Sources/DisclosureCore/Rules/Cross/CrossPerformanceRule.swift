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
        let projects: [(String, Figure?)] = [
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

/// `value ≤ bound` checks, with the rounding band.
enum UpperBound {
    /// The largest stated figure of the candidates.
    static func largest(_ candidates: [(String, Figure?)]) -> (String, Figure)? {
        candidates.compactMap { candidate in candidate.1.map { (candidate.0, $0) } }.max { $0.1.value < $1.1.value }
    }

    /// A finding when `value` exceeds `bound`: `info` inside the band, `error` beyond it. `expected` is the bound,
    /// `actual` the value.
    static func check(
        value: (String, Figure),
        bound: (String, Figure),
        words: Relation,
        tolerance: TolerancePolicy
    ) -> [Finding] {
        guard value.1.value > bound.1.value else { return [] }
        let comparison = BandComparison(
            expected: bound.1.value,
            actual: value.1.value,
            tolerance: tolerance.band(for: [value.1.value, bound.1.value])
        )
        let d = comparison.difference.text
        let t = comparison.tolerance.text
        let inside = comparison.status == .insideBand
        let en =
            "\(words.stated.en) (\(value.1.value.text)) exceed \(words.parts.en) (\(bound.1.value.text)) by \(d), "
            + (inside ? "within" : "beyond") + " the rounding tolerance \(t)."
        let zh =
            "\(words.stated.zh)\(value.1.value.text)万元超过\(words.parts.zh)\(bound.1.value.text)万元，超出\(d)万元，"
            + (inside ? "在舍入容差\(t)万元以内。" : "超出舍入容差\(t)万元。")
        return [
            Finding(
                subject: value.0,
                severity: inside ? .info : .error,
                kind: inside ? .rounding : .violation,
                expected: comparison.expected,
                actual: comparison.actual,
                difference: comparison.difference,
                tolerance: comparison.tolerance,
                message: en,
                messageZh: zh,
                evidence: [EvidenceReference(value.0, value.1), EvidenceReference(bound.0, bound.1)]
            )
        ]
    }
}
