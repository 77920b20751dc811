/// One token of a money sentence: a term of ``FinanceVocabulary``, a number, or a clause separator.
struct FinanceToken: Sendable, Equatable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        case term(FinanceTerm)
        case number(ScannedNumber.Kind)
        /// `,` `;` `、` `:`: ends a clause.
        case separator
    }

    /// The token.
    var kind: Kind
    /// First byte.
    var start: Int
    /// One past the last byte.
    var end: Int

    /// What fills room made for tokens before the scan writes them (``FinanceSentenceScanner``).
    static var placeholder: FinanceToken { FinanceToken(kind: .separator, start: 0, end: 0) }
}
