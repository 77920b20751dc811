/// Sum checks shared by the `sum.*` and `change.drivers` rules.
enum SumCheck {
    /// Compares a stated total with its stated parts (SPEC §6 band generalised to written precision).
    ///
    /// - Parameters:
    ///   - requireAllParts: whether every listed part must be stated (else the stated ones are summed).
    ///   - reportShortfall: whether parts adding up to less than the total (beyond the band) are reported; off
    ///     where the document may list only some parts.
    /// - Returns: nil when the total or every part is missing, or when they agree exactly.
    static func check(
        total: (path: String, figure: Figure?),
        parts: [(path: String, figure: Figure?)],
        subject: String? = nil,
        relation: Relation,
        tolerance: TolerancePolicy,
        requireAllParts: Bool = true,
        reportShortfall: Bool = true
    ) -> Finding? {
        guard let stated = total.figure else { return nil }
        let present = parts.compactMap { part in part.figure.map { (part.path, $0) } }
        guard !present.isEmpty, !requireAllParts || present.count == parts.count else { return nil }
        let amounts = present.map(\.1.value)
        let comparison = BandComparison(
            expected: stated.value,
            actual: Amount.sum(amounts),
            tolerance: tolerance.band(for: amounts + [stated.value])
        )
        // Parts that fall short of the total beyond the band may be a partial listing (其中…): not a finding then.
        if !reportShortfall, comparison.status == .outsideBand, comparison.difference < .zero { return nil }
        let evidence = [EvidenceReference(total.path, stated)] + present.map { EvidenceReference($0.0, $0.1) }
        return relation.finding(comparison, subject: subject ?? total.path, evidence: evidence)
    }
}
