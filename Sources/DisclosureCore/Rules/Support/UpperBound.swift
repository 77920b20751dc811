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
