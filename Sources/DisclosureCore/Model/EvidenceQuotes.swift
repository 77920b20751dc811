/// An event's evidence (``Anomaly/evidence``): quotes given as they are, or its finding's references, quoted from the
/// normalized text only when they are read or written.
///
/// The rule engine used to build each event's quotes in an array of their own (an allocation, its free, and a
/// scalar-offset lookup per bound, for events most of which are only written once as JSON): now the event keeps
/// the finding's references and the text's scalar offsets, and ``AnomalyJSON`` writes the quotes straight from them.
enum EvidenceQuotes: Sendable {
    /// Quotes given by the caller.
    case given([Anomaly.Evidence])
    /// A finding's references into the text `offsets` describe: quoted as ``RuleEngine`` always quoted them (one
    /// quote per distinct span, the first path that used it; spans that are empty or outside the text skipped).
    case references(EvidenceReferences, ScalarOffsets)

    /// The quotes.
    var evidence: [Anomaly.Evidence] {
        switch self {
        case .given(let evidence):
            return evidence
        case .references(let references, let offsets):
            let bytes = offsets.bytes
            var out: [Anomaly.Evidence] = []
            for position in references.indices where references.isQuoted(position, textCount: bytes.count) {
                let reference = references[position]
                out.append(
                    Anomaly.Evidence(
                        path: reference.path,
                        bytes: bytes,
                        span: reference.span,
                        start: offsets.scalar(reference.span.start),
                        end: offsets.scalar(reference.span.end)
                    )
                )
            }
            return out
        }
    }
}

extension EvidenceQuotes: Equatable {
    /// Equal when they quote the same evidence, however kept.
    static func == (lhs: EvidenceQuotes, rhs: EvidenceQuotes) -> Bool {
        lhs.evidence == rhs.evidence
    }
}
