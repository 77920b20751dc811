/// Runs the rule catalogue (SPEC §6) over a record and turns findings into `disclosure.anomaly/v1` events.
///
/// The engine applies the configuration (rules switched off, severities overridden, tolerances), keeps one event
/// per broken relation (a rule that reports the same subject twice says so once, the most severe finding kept),
/// gives each event its deterministic id (`anomaly:` + SHA-256 hex of `documentId \0 ruleId \0 subject`) and quotes
/// the evidence from the normalized text with Unicode-scalar offsets. Events come out sorted by rule id, then
/// subject, so the same record always yields byte-identical output.
public struct RuleEngine: Sendable {
    /// The configuration applied.
    public let configuration: RulesConfiguration
    /// The rules run, in registry order.
    public let rules: [any Rule]

    /// What the configuration says about each of ``rules`` (parallel to it), looked up once here rather than by
    /// rule id on every document.
    private let settings: [Settings]

    /// One rule's configuration, resolved.
    private struct Settings {
        var enabled: Bool
        var tolerance: TolerancePolicy
        /// Whether ``tolerance`` is the configuration's own, digit for digit (amounts compare by value: `1` and
        /// `1.00` are equal, but a band's written scale shows in the messages).
        var sharesTolerance: Bool
        var severity: Anomaly.Severity?
        /// The rule's rank when rule ids are sorted (rules sharing an id share a rank): events come out in this order.
        var rank: Int
    }

    /// Creates an engine over the full catalogue.
    public init(configuration: RulesConfiguration = RulesConfiguration(), rules: [any Rule] = RuleRegistry.all) {
        self.configuration = configuration
        self.rules = rules
        let ids = rules.map(\.id)
        let order = ids.indices.sorted { ids[$0] < ids[$1] || (ids[$0] == ids[$1] && $0 < $1) }
        var ranks = [Int](repeating: 0, count: ids.count)
        for (rank, position) in order.enumerated() {
            // Equal ids compare equal when events are sorted: they must share a rank.
            ranks[position] = rank > 0 && ids[order[rank - 1]] == ids[position] ? ranks[order[rank - 1]] : rank
        }
        self.settings = rules.indices.map { position in
            let id = ids[position]
            let tolerance = configuration.tolerance(for: id)
            let shared = configuration.tolerance
            return Settings(
                enabled: configuration.isEnabled(id),
                tolerance: tolerance,
                sharesTolerance: tolerance.multiplier.units == shared.multiplier.units
                    && tolerance.multiplier.scale == shared.multiplier.scale
                    && tolerance.minimum.units == shared.minimum.units
                    && tolerance.minimum.scale == shared.minimum.scale,
                severity: configuration.severity(for: id),
                rank: ranks[position]
            )
        }
    }

    /// Every finding for `record`, in a deterministic order (rule id, then subject).
    public func evaluate(_ record: DisclosureRecord, text: NormalizedText) -> [Anomaly] {
        evaluate(record, text: text, textIndex: RuleTextIndex(text.bytes))
    }

    /// Every finding for `record`, in a deterministic order; `textIndex` is the occurrences of the text rules'
    /// patterns in `text` (found by the parser's pass: ``TextCues``).
    func evaluate(_ record: DisclosureRecord, text: NormalizedText, textIndex: RuleTextIndex) -> [Anomaly] {
        evaluateWithOffsets(record, text: text, textIndex: textIndex).anomalies
    }

    /// Every finding for `record`, in a deterministic order, and the scalar offsets of `text` when the evaluation
    /// built them (for the record's JSON: its sections' offsets are then lookups, not a count over the text).
    func evaluateWithOffsets(
        _ record: DisclosureRecord,
        text: NormalizedText,
        textIndex: RuleTextIndex
    ) -> (anomalies: [Anomaly], offsets: ScalarOffsets?) {
        // Scalar offsets serve parse.unrecognized's subjects and every event's evidence: built once, when needed.
        let sharedOffsets = record.observations.unplacedSentences.isEmpty ? nil : ScalarOffsets(text)
        // One context per document: the rules read the same record; only the tolerance changes from rule to rule.
        // One pass over the text found every pattern the text rules look for; each rule reads its share.
        let context = RuleContext(
            record: record,
            text: text,
            tolerance: configuration.tolerance,
            textIndex: textIndex,
            scalarOffsets: sharedOffsets
        )
        // Each rule's findings stay in the array it returned (no finding is copied until it becomes an event). The
        // batches and the entries that order the events live on the stack: an array for each, grown append by
        // append, cost about a dozen allocations per document.
        return withUnsafeTemporaryAllocation(of: Batch.self, capacity: max(rules.count, 1)) { batches in
            var batchCount = 0
            defer { batches.baseAddress!.deinitialize(count: batchCount) }
            var findingCount = 0
            for position in rules.indices {
                let setting = settings[position]
                guard setting.enabled else { continue }
                // The shared context, never mutated (a mutated one is copied, record and all, at every call); a copy
                // only for a rule configured with a tolerance of its own.
                var findings: [Finding]
                if setting.sharesTolerance {
                    findings = rules[position].check(context)
                } else {
                    var own = context
                    own.tolerance = setting.tolerance
                    findings = rules[position].check(own)
                }
                guard !findings.isEmpty else { continue }
                if let severity = setting.severity {
                    for index in findings.indices where findings[index].kind == .violation {
                        findings[index].severity = severity
                    }
                }
                findingCount += findings.count
                batches.initializeElement(
                    at: batchCount,
                    to: Batch(findings: findings, rank: Int32(setting.rank), position: Int32(position))
                )
                batchCount += 1
            }
            guard findingCount > 0 else { return ([], sharedOffsets) }
            // The buffer's memory is sorted (the pointer itself is a value).
            var filled = UnsafeMutableBufferPointer(rebasing: batches[..<batchCount])
            // By rule id (its precomputed rank), then subject. Each batch's entries come out in subject order: when
            // every rule id is reported by one rule alone, ordering the batches by rank (a handful, an insertion
            // sort in place) orders the events. Rules that share an id interleave by subject: then the entries are
            // sorted too (stable, as the tuple sort was: equal subjects keep the registry order).
            filled.sort { $0.rank < $1.rank }
            var ranksDistinct = true
            for index in filled.indices.dropFirst() where filled[index].rank == filled[index - 1].rank {
                ranksDistinct = false
            }
            return withUnsafeTemporaryAllocation(of: Entry.self, capacity: findingCount) { entries in
                var entryCount = 0
                for batch in filled.indices {
                    RuleEngine.appendEntries(
                        filled[batch].findings,
                        rank: filled[batch].rank,
                        position: filled[batch].position,
                        batch: Int32(batch),
                        to: entries.baseAddress!,
                        count: &entryCount
                    )
                }
                var ordered = UnsafeMutableBufferPointer(rebasing: entries[..<entryCount])
                if !ranksDistinct {
                    ordered.sort {
                        $0.rank != $1.rank
                            ? $0.rank < $1.rank
                            : filled[Int($0.batch)].findings[Int($0.item)].subject
                                < filled[Int($1.batch)].findings[Int($1.item)].subject
                    }
                }
                let made = events(of: ordered, in: filled, record: record, text: text, offsets: sharedOffsets)
                return (made.anomalies, made.offsets)
            }
        }
    }

    /// The events of the `entries` (in event order) of findings in `batches`, with the scalar offsets they quote
    /// through (`offsets` when given, else built here).
    private func events(
        of entries: UnsafeMutableBufferPointer<Entry>,
        in batches: UnsafeMutableBufferPointer<Batch>,
        record: DisclosureRecord,
        text: NormalizedText,
        offsets sharedOffsets: ScalarOffsets?
    ) -> (anomalies: [Anomaly], offsets: ScalarOffsets) {
        let offsets = sharedOffsets ?? ScalarOffsets(text)
        // What every event of the document repeats, read from the record once.
        let document = EventDocument(
            hasher: AnomalyIdHasher(documentId: record.documentId),
            documentId: record.documentId,
            unitName: record.unit.name?.value,
            fiscalYear: record.fiscalYear
        )
        // Each event returned by a function of its own that reads its finding in place and appended as it is: built
        // inline here, or in a closure that returns it, the optimiser made it in one temporary and copied it into
        // another (a retain and a release of each of its strings, about 600 instructions an event). The array is
        // sized once with `reserveCapacity`, not `Array(unsafeUninitializedCapacity:)`, whose unspecialised
        // allocation looks the array's type metadata up in the runtime's cache (about 400 instructions a call).
        var anomalies: [Anomaly] = []
        anomalies.reserveCapacity(entries.count)
        for entry in entries {
            let ruleId = rules[Int(entry.position)].id
            batches[Int(entry.batch)].findings.withUnsafeBufferPointer { findings in
                anomalies.append(
                    RuleEngine.event(
                        of: findings.baseAddress! + Int(entry.item),
                        ruleId: ruleId,
                        document: document,
                        offsets: offsets
                    )
                )
            }
        }
        return (anomalies, offsets)
    }

    /// What every event of a document repeats.
    private struct EventDocument {
        /// Computes the events' ids.
        var hasher: AnomalyIdHasher
        /// The record's document id.
        var documentId: String
        /// The unit's name, if stated.
        var unitName: String?
        /// The fiscal year, if stated.
        var fiscalYear: Int?
    }

    /// The event of `finding`, which rule `ruleId` reported.
    @inline(never)
    private static func event(
        of finding: UnsafePointer<Finding>,
        ruleId: String,
        document: EventDocument,
        offsets: ScalarOffsets
    ) -> Anomaly {
        Anomaly(
            id: document.hasher.digest(ruleId: ruleId, subject: finding.pointee.subject),
            documentId: document.documentId,
            unitName: document.unitName,
            fiscalYear: document.fiscalYear,
            ruleId: ruleId,
            subject: finding.pointee.subject,
            severity: finding.pointee.severity,
            message: finding.pointee.message,
            messageZh: finding.pointee.messageZh,
            expected: finding.pointee.expected,
            actual: finding.pointee.actual,
            difference: finding.pointee.difference,
            tolerance: finding.pointee.tolerance,
            // The finding's references, shared: quoted when the event is written (or its evidence read).
            quotes: .references(finding.pointee.references, offsets)
        )
    }

    /// Appends one entry per distinct subject of `findings`, in subject order, at `entries + count` (room for one
    /// per finding): the most severe finding of the subject, the first of equals. Sorting the findings' indices by
    /// subject finds the duplicates in about n log n comparisons (a linear search per finding was quadratic, and
    /// hashing the subjects of a rule that reports many, parse.unrecognized on a long document, cost 700
    /// instructions per finding); the events are ordered by subject afterwards anyway.
    private static func appendEntries(
        _ findings: [Finding],
        rank: Int32,
        position: Int32,
        batch: Int32,
        to entries: UnsafeMutablePointer<Entry>,
        count entryCount: inout Int
    ) {
        let count = findings.count
        guard count > 1 else {
            if count == 1 {
                (entries + entryCount).initialize(to: Entry(rank: rank, position: position, batch: batch, item: 0))
                entryCount += 1
            }
            return
        }
        // The indices on the stack: no allocation for a rule's handful of findings.
        findings.withUnsafeBufferPointer { findings in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { order in
                for index in 0..<count { order.initializeElement(at: index, to: Int32(index)) }
                appendEntries(
                    findings,
                    order: order,
                    rank: rank,
                    position: position,
                    batch: batch,
                    to: entries,
                    count: &entryCount
                )
            }
        }
    }

    /// ``appendEntries(_:rank:position:batch:to:count:)`` with `order` holding the findings' indices.
    private static func appendEntries(
        _ findings: UnsafeBufferPointer<Finding>,
        order: UnsafeMutableBufferPointer<Int32>,
        rank: Int32,
        position: Int32,
        batch: Int32,
        to entries: UnsafeMutablePointer<Entry>,
        count entryCount: inout Int
    ) {
        let count = findings.count
        // The buffer's memory is sorted (the pointer itself is a value).
        var order = order
        // Rules mostly report in subject order already (parse.unrecognized's subjects ascend with their offsets
        // while the offsets have as many digits): a check in n − 1 comparisons then spares the sort's n log n.
        var sorted = true
        for index in 1..<count where findings[index].subject < findings[index - 1].subject {
            sorted = false
            break
        }
        if !sorted { order.sort { findings[Int($0)].subject < findings[Int($1)].subject } }
        var lower = 0
        while lower < count {
            let subject = Int(order[lower])
            var best = order[lower]
            var upper = lower + 1
            while upper < count, findings[Int(order[upper])].subject == findings[subject].subject {
                let candidate = order[upper]
                let severity = findings[Int(candidate)].severity
                let bestSeverity = findings[Int(best)].severity
                // Most severe, then first: whatever order the sort left equal subjects in.
                if severity > bestSeverity || (severity == bestSeverity && candidate < best) { best = candidate }
                upper += 1
            }
            (entries + entryCount).initialize(to: Entry(rank: rank, position: position, batch: batch, item: best))
            entryCount += 1
            lower = upper
        }
    }

    /// One rule's findings, and the rule: its position in ``RuleEngine/rules`` and its rank by id.
    private struct Batch {
        var findings: [Finding]
        var rank: Int32
        var position: Int32
    }

    /// An event to be: where its finding is, and the rule that made it.
    private struct Entry {
        /// The rule's rank by id.
        var rank: Int32
        /// The rule's position in ``RuleEngine/rules``.
        var position: Int32
        /// The rule's findings, in the evaluation's batches.
        var batch: Int32
        /// The finding in its batch.
        var item: Int32
    }

    /// The deterministic anomaly id: `anomaly:` + SHA-256 hex of `documentId \0 ruleId \0 subject`.
    public static func anomalyId(documentId: String, ruleId: String, subject: String) -> String {
        AnomalyIdHasher(documentId: documentId).id(ruleId: ruleId, subject: subject)
    }
}
