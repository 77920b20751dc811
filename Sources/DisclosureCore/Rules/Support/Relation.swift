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

    /// The finding for a comparison, or nil when the two are equal; `evidence` is called only for a finding.
    func finding(
        _ comparison: BandComparison,
        subject: String,
        evidence: @autoclosure () -> [EvidenceReference]
    ) -> Finding? {
        // Most relations hold: no message text for them.
        guard comparison.status != .equal else { return nil }
        let inside = comparison.status == .insideBand
        let d = comparison.difference
        let t = comparison.tolerance
        let e = comparison.expected
        let a = comparison.actual
        let u = unitZh
        // "<stated> is <e>, against <a> from <parts>: a difference of <d>, within|beyond the rounding tolerance <t>."
        let en = MessageText.build { en in
            en.add(stated.en)
            en.add(" is ")
            en.add(e)
            en.add(", against ")
            en.add(a)
            en.add(" from ")
            en.add(parts.en)
            en.add(": a difference of ")
            en.add(d)
            en.add(inside ? ", within the rounding tolerance " : ", beyond the rounding tolerance ")
            en.add(t)
            en.add(".")
        }
        // "<stated>为<e><u>，<parts>为<a><u>，相差<d><u>，在舍入容差<t><u>以内。" / "…，超出舍入容差<t><u>。"
        let zh = MessageText.build { zh in
            zh.add(stated.zh)
            zh.add("为")
            zh.add(e)
            zh.add(u)
            zh.add("，")
            zh.add(parts.zh)
            zh.add("为")
            zh.add(a)
            zh.add(u)
            zh.add("，相差")
            zh.add(d)
            zh.add(u)
            zh.add(inside ? "，在舍入容差" : "，超出舍入容差")
            zh.add(t)
            zh.add(u)
            zh.add(inside ? "以内。" : "。")
        }
        return Finding(
            subject: subject,
            severity: inside ? .info : .error,
            kind: inside ? .rounding : .violation,
            expected: e,
            actual: a,
            difference: d,
            tolerance: t,
            message: en,
            messageZh: zh,
            evidence: evidence()
        )
    }
}
