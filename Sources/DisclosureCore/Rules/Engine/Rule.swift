/// One rule of the catalogue (SPEC §6): a small, self-contained check over a record.
///
/// A rule reads the record (and, for text rules, the normalized text) and returns findings. It stays silent when
/// an input it needs is missing: a rule never guesses a value the document does not state.
public protocol Rule: Sendable {
    /// The SPEC §6 rule id (`sum.income.sources`).
    var id: String { get }
    /// The record paths this rule reports on (the `subject` of its events); `[i]` stands for array elements.
    var subjects: [String] { get }
    /// The findings for one record; empty when everything holds or an input is missing.
    func check(_ context: RuleContext) -> [Finding]
}

/// What a rule sees: the record, the normalized text and the tolerance configured for it.
public struct RuleContext: Sendable {
    /// The record under check.
    public let record: DisclosureRecord
    /// The normalized text the record's evidence spans point into.
    public let text: NormalizedText
    /// The rounding tolerance configured for the running rule (the engine sets it before each rule: one context
    /// per document, not a copy of the record per rule).
    public internal(set) var tolerance: TolerancePolicy
    /// The occurrences of the text rules' patterns in ``text``, found once per document.
    let textIndex: RuleTextIndex
    /// The scalar offsets of ``text``'s bytes when the engine has built them already (nil: build them if needed).
    let scalarOffsets: ScalarOffsets?
    /// The cells of ``record``'s tables, read once for the table rules.
    let tableCells: TableCellIndex

    /// Creates a context.
    public init(record: DisclosureRecord, text: NormalizedText, tolerance: TolerancePolicy = TolerancePolicy()) {
        self.init(
            record: record,
            text: text,
            tolerance: tolerance,
            textIndex: RuleTextIndex(text.bytes),
            scalarOffsets: nil
        )
    }

    /// Creates a context that shares what the engine built once for `text`: the pattern index and, when built,
    /// the scalar offsets.
    init(
        record: DisclosureRecord,
        text: NormalizedText,
        tolerance: TolerancePolicy,
        textIndex: RuleTextIndex,
        scalarOffsets: ScalarOffsets?
    ) {
        self.record = record
        self.text = text
        self.tolerance = tolerance
        self.textIndex = textIndex
        self.scalarOffsets = scalarOffsets
        tableCells = TableCellIndex(record.tables)
    }
}
