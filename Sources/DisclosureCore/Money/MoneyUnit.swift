/// The unit a document writes an amount in. Records always carry 万元 (`CNY_10K`).
public enum MoneyUnit: Sendable, Hashable {
    /// 元
    case yuan
    /// 万元
    case tenThousandYuan
    /// 亿元
    case hundredMillionYuan

    /// The contract's `currencyUnit` value for records (SPEC §4).
    public static let recordCurrencyUnit = "CNY_10K"

    /// Converts an amount written in this unit to 万元, exactly (nil only on overflow).
    public func toTenThousandYuan(_ amount: Amount) -> Amount? {
        switch self {
        case .yuan: amount.shifted(by: -4)
        case .tenThousandYuan: amount
        case .hundredMillionYuan: amount.shifted(by: 4)
        }
    }
}
