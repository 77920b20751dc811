/// The findings of a rule that checks two relations, without an array of optionals to compact: a literal
/// `[first, second].compactMap { $0 }` allocated that array on every document (and grew its result twice when both
/// held a finding), where most documents have none.
enum FindingPair {
    /// `first` and `second`, the ones that are present, in that order.
    static func findings(_ first: Finding?, _ second: Finding?) -> [Finding] {
        switch (first, second) {
        case (nil, nil): []
        case (let first?, nil): [first]
        case (nil, let second?): [second]
        case (let first?, let second?): [first, second]
        }
    }
}
