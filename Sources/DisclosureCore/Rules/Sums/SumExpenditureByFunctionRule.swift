/// `sum.expenditure.byFunction`: the function classes (类) add up to this year's expenditure total.
///
/// Function classes cover all funds (government-fund spending is classified with the same codes), so the total is
/// the all-funds `expenditure.total`, never the 一般公共预算 figure. Classes that exceed the total are always
/// reported; a single class short of the total is a partial listing and stays silent. Silent without a total or
/// without classes.
public struct SumExpenditureByFunctionRule: Rule {
    public let id = "sum.expenditure.byFunction"
    public let subjects = ["expenditure.total"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let expenditure = context.record.expenditure
        let lines = expenditure.byFunction
        let relation = Relation(
            stated: ("The expenditure total", "支出合计"),
            parts: ("the function classes", "各功能分类支出之和")
        )
        // The lines' paths are built only for a finding.
        let finding = SumCheck.check(
            totalPath: "expenditure.total",
            total: expenditure.total,
            parts: lines.count,
            figure: { lines[$0].block.amount },
            path: { SumExpenditureByFunctionRule.path(lines[$0].name) },
            relation: relation,
            tolerance: context.tolerance,
            reportShortfall: lines.count >= 2
        )
        return finding.map { [$0] } ?? []
    }

    /// `expenditure.byFunction[<name>].amount`, written once into a string of its size (interpolation grew it piece
    /// by piece, about 1,500 instructions a path).
    static func path(_ name: String) -> String {
        let prefix: StaticString = "expenditure.byFunction["
        let suffix: StaticString = "].amount"
        var name = name
        return name.withUTF8 { name in
            String(
                unsafeUninitializedCapacity: prefix.utf8CodeUnitCount + name.count + suffix.utf8CodeUnitCount
            ) { out in
                let start = out.baseAddress!
                let middle = start + prefix.utf8CodeUnitCount
                let end = middle + name.count
                start.initialize(from: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
                if let name = name.baseAddress { middle.initialize(from: name, count: end - middle) }
                end.initialize(from: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
                let count = end - start + suffix.utf8CodeUnitCount
                return count
            }
        }
    }
}
