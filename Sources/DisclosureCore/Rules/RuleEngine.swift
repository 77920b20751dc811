/// Runs the rule catalogue (SPEC §6) over a record.
///
/// - Note: first cut: the registry is empty; rules arrive in their own change.
public struct RuleEngine: Sendable {
    /// Creates an engine.
    public init() {}

    /// Every finding for `record`, in a deterministic order (rule id, then subject).
    public func evaluate(_ record: DisclosureRecord, text: NormalizedText) -> [Anomaly] { [] }
}
