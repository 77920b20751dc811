/// Extracts money: income, expenditure, appropriation, government fund, carry-over, 三公, operating funds,
/// procurement and performance funds, each with its change and evidence.
enum FinanceExtractor {
    /// Fills the money fields of `record` from `text`.
    static func extract(_ text: NormalizedText, into record: inout DisclosureRecord) {}
}
