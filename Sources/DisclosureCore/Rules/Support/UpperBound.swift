/// `value ≤ bound` checks, with the rounding band.
enum UpperBound {
    /// The largest stated figure of the candidates, the first of equals (as `max(by:)` gives it). The candidates
    /// inline: no array allocated on every document.
    static func largest<let n: Int>(_ candidates: InlineArray<n, (String, Figure?)>) -> (String, Figure)? {
        var best: (String, Figure)?
        for index in candidates.indices {
            guard let figure = candidates[index].1 else { continue }
            if let current = best, !(current.1.value < figure.value) { continue }
            best = (candidates[index].0, figure)
        }
        return best
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
            tolerance: tolerance.band(forInline: [value.1.value, bound.1.value])
        )
        let d = comparison.difference
        let t = comparison.tolerance
        let inside = comparison.status == .insideBand
        // "<stated> (<value>) exceed <parts> (<bound>) by <d>, within|beyond the rounding tolerance <t>."
        let en = MessageText.build { en in
            en.add(words.stated.en)
            en.add(" (")
            en.add(value.1.value)
            en.add(") exceed ")
            en.add(words.parts.en)
            en.add(" (")
            en.add(bound.1.value)
            en.add(") by ")
            en.add(d)
            en.add(inside ? ", within the rounding tolerance " : ", beyond the rounding tolerance ")
            en.add(t)
            en.add(".")
        }
        // "<stated><value>万元超过<parts><bound>万元，超出<d>万元，" + ("在舍入容差<t>万元以内。" | "超出舍入容差<t>万元。")
        let zh = MessageText.build { zh in
            zh.add(words.stated.zh)
            zh.add(value.1.value)
            zh.add("万元超过")
            zh.add(words.parts.zh)
            zh.add(bound.1.value)
            zh.add("万元，超出")
            zh.add(d)
            zh.add(inside ? "万元，在舍入容差" : "万元，超出舍入容差")
            zh.add(t)
            zh.add(inside ? "万元以内。" : "万元。")
        }
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
