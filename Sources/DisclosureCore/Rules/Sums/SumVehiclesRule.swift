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
        return FindingPair.findings(
            SumVehiclesRule.check(assets.vehicles, path: "assets.vehicles"),
            SumVehiclesRule.check(assets.vehiclePurchases, path: "assets.vehiclePurchases")
        )
    }

    static func check(_ counts: VehicleCounts, path: String) -> Finding? {
        guard let total = counts.total else { return nil }
        // Inline: no array allocated on every document.
        let kinds: InlineArray<4, Count?> = [
            counts.general, counts.lawEnforcement, counts.specialPurpose, counts.other,
        ]
        var present = 0
        var sum = 0
        for index in kinds.indices {
            guard let kind = kinds[index] else { continue }
            present += 1
            sum += kind.value
        }
        guard present > 0 else { return nil }
        guard sum != total.value, present >= 2 || sum > total.value else { return nil }
        // The paths and messages are built only for a finding.
        let names = ["general", "lawEnforcement", "specialPurpose", "other"]
        var evidence = [EvidenceReference("\(path).total", total)]
        for index in kinds.indices {
            if let kind = kinds[index] { evidence.append(EvidenceReference("\(path).\(names[index])", kind)) }
        }
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
