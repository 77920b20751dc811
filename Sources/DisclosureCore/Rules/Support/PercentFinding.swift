/// Turns a ``PercentCheck`` verdict into a finding.
enum PercentFinding {
    /// The finding for a verdict: none when the percentage holds or is undefined, `info` inside the readings,
    /// `error` outside; `expected` the stated percentage, `actual` the recomputed one, `tolerance` its half-unit.
    static func make(
        _ verdict: PercentCheck.Verdict,
        stated: Amount,
        subject makeSubject: @autoclosure () -> String,
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
        let subject = makeSubject()
        // "The stated <words> of <subject> is <s>% but the amounts give <r>%" + (", which … round to." | ".")
        let en = MessageText.build { en in
            en.add("The stated ")
            en.add(words.en)
            en.add(" of ")
            en.add(subject)
            en.add(" is ")
            en.add(stated)
            en.add("% but the amounts give ")
            en.add(recomputed)
            en.add(inside ? "%, which a reading within their written precision can round to." : "%.")
        }
        // "<subject>所列<words>为<s>%，按所列金额计算为<r>%" + ("，在金额书写精度范围内可以得到。" | "，二者不符。")
        let zh = MessageText.build { zh in
            zh.add(subject)
            zh.add("所列")
            zh.add(words.zh)
            zh.add("为")
            zh.add(stated)
            zh.add("%，按所列金额计算为")
            zh.add(recomputed)
            zh.add(inside ? "%，在金额书写精度范围内可以得到。" : "%，二者不符。")
        }
        return Finding(
            subject: subject,
            severity: inside ? .info : .error,
            kind: inside ? .rounding : .violation,
            expected: stated,
            actual: recomputed,
            difference: recomputed - stated,
            tolerance: stated.halfUnit,
            message: en,
            messageZh: zh,
            evidence: evidence()
        )
    }
}
