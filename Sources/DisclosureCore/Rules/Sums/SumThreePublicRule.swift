/// `sum.threePublic`: 因公出国(境)费 + 公务接待费 + 公务用车购置及运行费 = the 三公 total, and likewise their changes.
///
/// The vehicle item is the combined 公务用车购置及运行(维护)费 where stated, else 购置费 + 运行(维护)费 (both needed).
/// Every item must be stated (an explicit 0 counts); otherwise the relation stays silent. Subjects are
/// `threePublic.total` for the amounts and `threePublic.total.change` for the changes.
public struct SumThreePublicRule: Rule {
    public let id = "sum.threePublic"
    public let subjects = ["threePublic.total", "threePublic.total.change"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let block = context.record.threePublic
        let amounts = SumThreePublicRule.items(block, field: "amount", \.amount)
        let changes = SumThreePublicRule.items(block, field: "change", \.change)
        let checks: [Finding?] = [
            amounts.flatMap { parts in
                SumCheck.check(
                    total: ("threePublic.total.amount", block.total.amount),
                    parts: parts,
                    subject: "threePublic.total",
                    relation: Relation(
                        stated: ("The 三公 total", "“三公”经费合计"),
                        parts: ("its items", "各分项之和")
                    ),
                    tolerance: context.tolerance
                )
            },
            changes.flatMap { parts in
                SumCheck.check(
                    total: ("threePublic.total.change", block.total.change),
                    parts: parts,
                    relation: Relation(
                        stated: ("The change of the 三公 total", "“三公”经费增减额"),
                        parts: ("the changes of its items", "各分项增减额之和")
                    ),
                    tolerance: context.tolerance
                )
            },
        ]
        return checks.compactMap { $0 }
    }

    /// The items for one field, or nil when one of them is not stated.
    static func items(
        _ block: ThreePublicBlock,
        field: String,
        _ value: KeyPath<AmountBlock, Figure?>
    ) -> [(path: String, figure: Figure?)]? {
        var parts: [(path: String, figure: Figure?)] = [
            ("threePublic.outboundTravel.\(field)", block.outboundTravel[keyPath: value]),
            ("threePublic.reception.\(field)", block.reception[keyPath: value]),
        ]
        if let combined = block.vehicleCombined[keyPath: value] {
            parts.append(("threePublic.vehicleCombined.\(field)", combined))
        } else {
            parts.append(("threePublic.vehicleOperation.\(field)", block.vehicleOperation[keyPath: value]))
            parts.append(("threePublic.vehiclePurchase.\(field)", block.vehiclePurchase[keyPath: value]))
        }
        return parts.allSatisfy { $0.figure != nil } ? parts : nil
    }
}
