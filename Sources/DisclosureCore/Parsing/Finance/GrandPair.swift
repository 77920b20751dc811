/// The two sides of a 总计 statement (`收、支总计各减少215.48万元`): side 0 is income, side 1 expenditure.
///
/// Held inline rather than as a two-element array, so that a sentence reader costs no allocation.
struct GrandPair: Sendable {
    /// The income side.
    var income: Figure?
    /// The expenditure side.
    var expenditure: Figure?

    /// Both sides empty.
    init() {}

    /// Both sides `figure`.
    init(both figure: Figure) {
        income = figure
        expenditure = figure
    }

    /// Side 0 (income) or 1 (expenditure).
    subscript(side: Int) -> Figure? {
        get { side == 0 ? income : expenditure }
        set {
            if side == 0 { income = newValue } else { expenditure = newValue }
        }
    }
}
