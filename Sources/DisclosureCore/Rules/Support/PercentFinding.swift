/// Turns a ``PercentCheck`` verdict into a finding.
enum PercentFinding {
    /// The finding for a verdict: none when the percentage holds or is undefined, `info` inside the readings,
    /// `error` outside; `expected` the stated percentage, `actual` the recomputed one, `tolerance` its half-unit.
    static func make(
        _ verdict: PercentCheck.Verdict,
        stated: Amount,
        subject: String,
        words: (en: String, zh: String),
        evidence: @autoclosure () -> [EvidenceReference]
    ) -> Finding? {
        let recomputed: Amount
        let inside: Bool
        switch verdict {
        case .holds, .undefined:
            return nil
        case .insideReadings(let value):
            recomputed = value
            inside = true
        case .outside(let value):
            recomputed = value
            inside = false
        }
        let s = stated.text
        let r = recomputed.text
        return Finding(
            subject: subject,
            severity: inside ? .info : .error,
            kind: inside ? .rounding : .violation,
            expected: stated,
            actual: recomputed,
            difference: recomputed - stated,
            tolerance: stated.halfUnit,
            message: "The stated \(words.en) of \(subject) is \(s)% but the amounts give \(r)%"
                + (inside ? ", which a reading within their written precision can round to." : "."),
            messageZh: "\(subject)所列\(words.zh)为\(s)%，按所列金额计算为\(r)%"
                + (inside ? "，在金额书写精度范围内可以得到。" : "，二者不符。"),
            evidence: evidence()
        )
    }
}
