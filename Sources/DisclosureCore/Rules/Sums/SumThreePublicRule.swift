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
        var findings: [Finding] = []
        if let finding = SumThreePublicRule.check(
            block,
            field: "amount",
            { $0.amount },
            subject: "threePublic.total",
            relation: Relation(stated: ("The 三公 total", "“三公”经费合计"), parts: ("its items", "各分项之和")),
            tolerance: context.tolerance
        ) {
            findings.append(finding)
        }
        if let finding = SumThreePublicRule.check(
            block,
            field: "change",
            { $0.change },
            subject: nil,
            relation: Relation(
                stated: ("The change of the 三公 total", "“三公”经费增减额"),
                parts: ("the changes of its items", "各分项增减额之和")
            ),
            tolerance: context.tolerance
        ) {
            findings.append(finding)
        }
        return findings
    }

    /// The items' sum check for one field (`amount`, `change`): 因公出国(境), 公务接待 and the combined vehicle
    /// item when stated, else vehicle operation and purchase; silent unless every item states the field. The
    /// paths are built only for a finding.
    static func check(
        _ block: ThreePublicBlock,
        field: String,
        _ value: (AmountBlock) -> Figure?,
        subject: String?,
        relation: Relation,
        tolerance: TolerancePolicy
    ) -> Finding? {
        let combined = value(block.vehicleCombined)
        // The items inline, the first `count` of them (no array allocated on every document).
        let figures: InlineArray<4, Figure?> =
            combined != nil
            ? [value(block.outboundTravel), value(block.reception), combined, nil]
            : [
                value(block.outboundTravel), value(block.reception),
                value(block.vehicleOperation), value(block.vehiclePurchase),
            ]
        let count = combined != nil ? 3 : 4
        for index in 0..<count where figures[index] == nil { return nil }
        let names = combined != nil ? namesWithCombined : namesWithParts
        return SumCheck.check(
            totalPath: "threePublic.total." + field,
            total: value(block.total),
            parts: count,
            figure: { figures[$0] },
            path: { "threePublic." + names[$0] + "." + field },
            subject: subject,
            relation: relation,
            tolerance: tolerance
        )
    }

    /// The items' path names when the combined vehicle item is stated, and when its parts are.
    static let namesWithCombined = ["outboundTravel", "reception", "vehicleCombined"]
    static let namesWithParts = ["outboundTravel", "reception", "vehicleOperation", "vehiclePurchase"]
}
