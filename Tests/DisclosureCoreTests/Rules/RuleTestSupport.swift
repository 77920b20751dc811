import DisclosureCore
import Testing

/// A figure from its decimal text, with an empty evidence span (rules never need the span to decide).
func figure(_ text: String, at span: TextSpan = TextSpan(start: 0, end: 0)) -> Figure {
    guard let amount = Amount(parsing: text) else { fatalError("\(#function): \(text) is not a decimal") }
    return Figure(amount, evidence: span)
}

/// A count with an empty evidence span.
func count(_ value: Int) -> Count { Count(value, evidence: TextSpan(start: 0, end: 0)) }

/// An amount from its decimal text.
func amount(_ text: String) -> Amount {
    guard let amount = Amount(parsing: text) else { fatalError("\(#function): \(text) is not a decimal") }
    return amount
}

/// An empty record.
func emptyRecord(kind: DocumentKind? = .budget) -> DisclosureRecord {
    var record = DisclosureRecord(documentId: "doc")
    record.kind = kind
    return record
}

/// Runs one rule over a record (no text) with the default tolerance.
func run(_ rule: some Rule, _ record: DisclosureRecord, text: String = "") -> [Finding] {
    rule.check(RuleContext(record: record, text: NormalizedText(normalized: text)))
}

/// The findings as `subject severity` strings, sorted, for compact expectations.
func summary(_ findings: [Finding]) -> [String] {
    findings.map { "\($0.subject) \($0.severity.rawValue)" }.sorted()
}
