/// Sum checks shared by the `sum.*` and `change.drivers` rules.
enum SumCheck {
    /// Compares a stated total with its stated parts (SPEC §6 band generalised to written precision).
    ///
    /// - Parameters:
    ///   - requireAllParts: whether every listed part must be stated (else the stated ones are summed).
    ///   - reportShortfall: whether parts adding up to less than the total (beyond the band) are reported; off
    ///     where the document may list only some parts.
    /// - Returns: nil when the total or every part is missing, or when they agree exactly.
    /// The parts are a fixed list (a literal): kept inline, not in an array allocated on every document.
    static func check<let n: Int>(
        total: (path: String, figure: Figure?),
        parts: InlineArray<n, (path: String, figure: Figure?)>,
        subject: String? = nil,
        relation: Relation,
        tolerance: TolerancePolicy,
        requireAllParts: Bool = true,
        reportShortfall: Bool = true
    ) -> Finding? {
        check(
            totalPath: total.path,
            total: total.figure,
            parts: parts.count,
            figure: { parts[$0].figure },
            path: { parts[$0].path },
            subject: subject,
            relation: relation,
            tolerance: tolerance,
            requireAllParts: requireAllParts,
            reportShortfall: reportShortfall
        )
    }

    /// ``check(total:parts:subject:relation:tolerance:requireAllParts:reportShortfall:)`` over `count` parts read
    /// through `figure`, whose paths (`path`, like `totalPath` and `subject`) are built only for a finding: most
    /// relations hold, and their paths are never read.
    static func check(
        totalPath: @autoclosure () -> String,
        total: Figure?,
        parts count: Int,
        figure: (Int) -> Figure?,
        path: (Int) -> String,
        subject: String? = nil,
        relation: Relation,
        tolerance: TolerancePolicy,
        requireAllParts: Bool = true,
        reportShortfall: Bool = true
    ) -> Finding? {
        guard let stated = total else { return nil }
        // The parts' sum and half-units in one pass, in order (the sums a reduce over the stated parts gives).
        var present = 0
        var sum = Amount.zero
        var halfUnits = Amount.zero
        for index in 0..<count {
            guard let part = figure(index) else { continue }
            present += 1
            sum = sum + part.value
            halfUnits = halfUnits + part.value.halfUnit
        }
        guard present > 0, !requireAllParts || present == count else { return nil }
        let comparison = BandComparison(
            expected: stated.value,
            actual: sum,
            tolerance: tolerance.band(halfUnits: halfUnits + stated.value.halfUnit)
        )
        // Parts that fall short of the total beyond the band may be a partial listing (其中…): not a finding then.
        if !reportShortfall, comparison.status == .outsideBand, comparison.difference < .zero { return nil }
        guard comparison.status != .equal else { return nil }
        let totalPath = totalPath()
        // Sized once: a one-element literal then reserved made two allocations.
        var evidence: [EvidenceReference] = []
        evidence.reserveCapacity(present + 1)
        evidence.append(EvidenceReference(totalPath, stated))
        for index in 0..<count {
            if let part = figure(index) { evidence.append(EvidenceReference(path(index), part)) }
        }
        return relation.finding(comparison, subject: subject ?? totalPath, evidence: evidence)
    }
}
