/// The words for one checked relation, in English and Chinese, and how a band comparison becomes a finding.
///
/// Messages are built from fixed templates and the canonical decimals, so the same record always yields the same
/// sentences.
struct Relation {
    /// The stated figure (`expenditure.total`, `支出合计`).
    var stated: (en: String, zh: String)
    /// What it is compared with (`the function classes`, `各功能分类支出之和`).
    var parts: (en: String, zh: String)
    /// The unit in Chinese messages (`万元`, `辆`).
    var unitZh = "万元"

    /// The finding for a comparison, or nil when the two are equal.
    func finding(
        _ comparison: BandComparison,
        subject: String,
        evidence: [EvidenceReference]
    ) -> Finding? {
        // Most relations hold: no message text for them.
        guard comparison.status != .equal else { return nil }
        let d = comparison.difference.text
        let t = comparison.tolerance.text
        let e = comparison.expected.text
        let a = comparison.actual.text
        let u = unitZh
        switch comparison.status {
        case .equal:
            return nil
        case .insideBand:
            return Finding(
                subject: subject,
                severity: .info,
                kind: .rounding,
                expected: comparison.expected,
                actual: comparison.actual,
                difference: comparison.difference,
                tolerance: comparison.tolerance,
                message: "\(stated.en) is \(e), against \(a) from \(parts.en): a difference of \(d), within the "
                    + "rounding tolerance \(t).",
                messageZh: "\(stated.zh)为\(e)\(u)，\(parts.zh)为\(a)\(u)，相差\(d)\(u)，在舍入容差\(t)\(u)以内。",
                evidence: evidence
            )
        case .outsideBand:
            return Finding(
                subject: subject,
                severity: .error,
                kind: .violation,
                expected: comparison.expected,
                actual: comparison.actual,
                difference: comparison.difference,
                tolerance: comparison.tolerance,
                message: "\(stated.en) is \(e), against \(a) from \(parts.en): a difference of \(d), beyond the "
                    + "rounding tolerance \(t).",
                messageZh: "\(stated.zh)为\(e)\(u)，\(parts.zh)为\(a)\(u)，相差\(d)\(u)，超出舍入容差\(t)\(u)。",
                evidence: evidence
            )
        }
    }
}
