/// A finding's evidence references, stated figure first: none, one kept inline, or an array.
///
/// Most findings quote one sentence (`parse.unrecognized`, twenty of a 10 KB document's twenty-four events, quotes
/// its own): an array for it cost an allocation and its free per finding. The event made of a finding shares its
/// references (``Anomaly`` quotes them when it is written), so they are never copied into another array either.
struct EvidenceReferences: Sendable, RandomAccessCollection {
    /// Where the references are.
    enum Storage: Sendable {
        case none
        case one(EvidenceReference)
        case many([EvidenceReference])
    }

    /// The references (read directly by the writer of events: one switch, no copy per reference).
    private(set) var storage: Storage

    /// No reference.
    init() {
        storage = .none
    }

    /// One reference.
    init(_ reference: EvidenceReference) {
        storage = .one(reference)
    }

    /// The references of `array`, in order.
    init(_ array: [EvidenceReference]) {
        storage = array.isEmpty ? .none : array.count == 1 ? .one(array[0]) : .many(array)
    }

    /// The references as an array.
    var array: [EvidenceReference] {
        switch storage {
        case .none: []
        case .one(let reference): [reference]
        case .many(let references): references
        }
    }

    var startIndex: Int { 0 }

    var endIndex: Int {
        switch storage {
        case .none: 0
        case .one: 1
        case .many(let references): references.count
        }
    }

    subscript(position: Int) -> EvidenceReference {
        switch storage {
        case .none: preconditionFailure("\(#function): no evidence reference at \(position)")
        case .one(let reference):
            precondition(position == 0, "\(#function): no evidence reference at \(position)")
            return reference
        case .many(let references): return references[position]
        }
    }

    /// Whether the reference at `position` is quoted in the finding's event: its span is not empty, lies inside a
    /// text of `textCount` bytes, and no earlier reference has the same span (one quote per distinct span, the first
    /// path that used it). A handful of references: a linear search of the earlier ones beats hashing the spans.
    func isQuoted(_ position: Int, textCount: Int) -> Bool {
        switch storage {
        case .none: return false
        case .one(let reference):
            return reference.span.length > 0 && reference.span.end <= textCount
        case .many(let references):
            return references.withUnsafeBufferPointer {
                EvidenceReferences.isQuoted(position, in: $0, textCount: textCount)
            }
        }
    }

    /// Whether `references[position]` is quoted (``isQuoted(_:textCount:)``).
    static func isQuoted(
        _ position: Int,
        in references: UnsafeBufferPointer<EvidenceReference>,
        textCount: Int
    ) -> Bool {
        let span = references[position].span
        guard span.length > 0, span.end <= textCount else { return false }
        for earlier in 0..<position where references[earlier].span == span { return false }
        return true
    }
}

extension EvidenceReferences: Equatable {
    /// Equal when they hold the same references in the same order, however stored.
    static func == (lhs: EvidenceReferences, rhs: EvidenceReferences) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}
