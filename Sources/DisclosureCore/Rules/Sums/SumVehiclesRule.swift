/// `sum.vehicles`: the vehicle kinds add up to the vehicle total, for vehicles held and vehicles purchased.
///
/// Counts are exact (no rounding band). A listing of one kind only (`共有车辆5辆，其中一般公务用车2辆`) may be
/// partial, so a single kind is checked only when it exceeds the total; two or more kinds must add up.
public struct SumVehiclesRule: Rule {
    public let id = "sum.vehicles"
    public let subjects = ["assets.vehicles.total", "assets.vehiclePurchases.total"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let assets = context.record.assets
        return [
            SumVehiclesRule.check(assets.vehicles, path: "assets.vehicles"),
            SumVehiclesRule.check(assets.vehiclePurchases, path: "assets.vehiclePurchases"),
        ].compactMap { $0 }
    }

    static func check(_ counts: VehicleCounts, path: String) -> Finding? {
        guard let total = counts.total else { return nil }
        let kinds: [(String, Count?)] = [
            ("\(path).general", counts.general), ("\(path).lawEnforcement", counts.lawEnforcement),
            ("\(path).specialPurpose", counts.specialPurpose), ("\(path).other", counts.other),
        ]
        let present = kinds.compactMap { kind in kind.1.map { (kind.0, $0) } }
        guard !present.isEmpty else { return nil }
        let sum = present.reduce(0) { $0 + $1.1.value }
        guard sum != total.value, present.count >= 2 || sum > total.value else { return nil }
        let evidence = [EvidenceReference("\(path).total", total)] + present.map { EvidenceReference($0.0, $0.1) }
        return Finding(
            subject: "\(path).total",
            severity: .error,
            expected: Amount(total.value),
            actual: Amount(sum),
            difference: Amount(sum - total.value),
            tolerance: .zero,
            message: "The vehicle total is \(total.value) but the vehicle kinds add up to \(sum).",
            messageZh: "车辆总数为\(total.value)辆，各类车辆之和为\(sum)辆，二者不符。",
            evidence: evidence
        )
    }
}
