/// An amount with its change against the prior year and, in final accounts, its budget comparison.
///
/// Used for every block SPEC §4 gives `{amount, change, changePercent, budget, completionPercent}`.
public struct AmountBlock: Sendable, Equatable {
    /// The amount, 万元.
    public var amount: Figure?
    /// Signed change against the prior year, 万元 (0 for 持平/无变化).
    public var change: Figure?
    /// The stated percentage change, signed, as written (`-9.76`).
    public var changePercent: Figure?
    /// A final account's 年初预算 (or the 调整预算 the rate is stated against), 万元.
    public var budget: Figure?
    /// The stated 完成预算%, as written.
    public var completionPercent: Figure?

    /// Creates an empty block.
    public init(
        amount: Figure? = nil,
        change: Figure? = nil,
        changePercent: Figure? = nil,
        budget: Figure? = nil,
        completionPercent: Figure? = nil
    ) {
        self.amount = amount
        self.change = change
        self.changePercent = changePercent
        self.budget = budget
        self.completionPercent = completionPercent
    }

    /// Whether nothing is stated.
    public var isEmpty: Bool {
        amount == nil && change == nil && changePercent == nil && budget == nil && completionPercent == nil
    }
}

/// A stated change with the drivers the document names for it (`主要是人员经费增加36.18万元，…`).
public struct ChangeBlock: Sendable, Equatable {
    /// The signed change, 万元.
    public var amount: Figure?
    /// Named drivers, in document order.
    public var drivers: [ChangeDriver] = []

    /// Creates a change block.
    public init(amount: Figure? = nil, drivers: [ChangeDriver] = []) {
        self.amount = amount
        self.drivers = drivers
    }
}

/// One named driver of a change.
public struct ChangeDriver: Sendable, Equatable {
    /// The item as written, without a trailing 拨款 or 预算 (`人员经费`).
    public var label: String
    /// Its signed change, 万元.
    public var amount: Figure

    /// Creates a driver.
    public init(label: String, amount: Figure) {
        self.label = label
        self.amount = amount
    }
}
