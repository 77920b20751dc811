/// 三公经费.
public struct ThreePublicBlock: Sendable, Equatable {
    /// The total.
    public var total = AmountBlock()
    /// 因公出国(境)费.
    public var outboundTravel = AmountBlock()
    /// 公务接待费.
    public var reception = AmountBlock()
    /// 公务用车运行(维护)费.
    public var vehicleOperation = AmountBlock()
    /// 公务用车购置费.
    public var vehiclePurchase = AmountBlock()
    /// 公务用车购置及运行(维护)费, where stated as one figure.
    public var vehicleCombined = AmountBlock()

    /// Creates an empty block.
    public init() {}
}

/// 政府采购 amounts (budget or actual).
public struct ProcurementBlock: Sendable, Equatable {
    /// Total, all funds.
    public var total: Figure?
    /// 货物.
    public var goods: Figure?
    /// 工程.
    public var works: Figure?
    /// 服务.
    public var services: Figure?
    /// The 一般公共预算 part.
    public var generalPublicBudget = ProcurementSplit()
    /// 授予中小企业合同金额 (final accounts).
    public var smeContracts: Figure?
    /// Its stated share of the total, percent.
    public var smeSharePercent: Figure?

    /// Creates an empty block.
    public init() {}
}

/// A procurement total with its goods / works / services split.
public struct ProcurementSplit: Sendable, Equatable {
    /// Total.
    public var total: Figure?
    /// 货物.
    public var goods: Figure?
    /// 工程.
    public var works: Figure?
    /// 服务.
    public var services: Figure?

    /// Creates an empty split.
    public init() {}
}

/// Performance-target coverage.
public struct PerformanceBlock: Sendable, Equatable {
    /// Project funds under performance targets, 万元.
    public var projectFunds: Figure?
    /// Number of projects, where stated.
    public var projectCount: Count?

    /// Creates an empty block.
    public init() {}
}

/// 国有资产占用: vehicles held and purchases planned or made.
public struct AssetsBlock: Sendable, Equatable {
    /// Vehicles held.
    public var vehicles = VehicleCounts()
    /// Vehicles purchased (final accounts) or to purchase (budgets).
    public var vehiclePurchases = VehicleCounts()

    /// Creates an empty block.
    public init() {}
}

/// Vehicle counts by kind.
public struct VehicleCounts: Sendable, Equatable {
    /// All vehicles.
    public var total: Count?
    /// 一般公务用车.
    public var general: Count?
    /// 执勤执法用车 / 执法执勤用车.
    public var lawEnforcement: Count?
    /// 特种专业技术用车.
    public var specialPurpose: Count?
    /// Other kinds (其他用车, 机要通信, 应急保障, 主要领导干部用车), summed where several are stated.
    public var other: Count?

    /// Creates empty counts.
    public init() {}

    /// The stated kind counts (total excluded).
    public var kinds: [Count] { [general, lawEnforcement, specialPurpose, other].compactMap { $0 } }
}

/// 编制 and leadership posts.
public struct StaffingBlock: Sendable, Equatable {
    /// 行政编制.
    public var administrative: Count?
    /// 事业编制.
    public var publicInstitution: Count?
    /// Leadership posts in document order (`主任 1`, `副主任 4`, `科级领导职数 17`).
    public var leaders: [LeaderPost] = []

    /// Creates an empty block.
    public init() {}
}

/// A leadership post and its count.
public struct LeaderPost: Sendable, Equatable {
    /// Title as written.
    public var title: String
    /// Number of posts.
    public var count: Count

    /// Creates a post.
    public init(title: String, count: Count) {
        self.title = title
        self.count = count
    }
}

/// An internal or subordinate unit.
public struct SubUnit: Sendable, Equatable {
    /// Name as written.
    public var name: String
    /// Its duties text, where the document gives one.
    public var duties: String?
    /// Where it was read.
    public var evidence: TextSpan

    /// Creates a sub-unit.
    public init(name: String, duties: String?, evidence: TextSpan) {
        self.name = name
        self.duties = duties
        self.evidence = evidence
    }
}

/// Disclosure contact.
public struct ContactBlock: Sendable, Equatable {
    /// Contact person.
    public var name: String?
    /// Phone number as written.
    public var phone: String?

    /// Creates an empty block.
    public init() {}
}

/// A section heading and its extent.
public struct Section: Sendable, Equatable {
    /// The heading text (`一、单位基本情况`).
    public var heading: String
    /// Nesting level: 1 for `一、`/`第一部分`, 2 for `（一）`, 3 for `1.`.
    public var level: Int
    /// From the heading's start to the next heading of the same or a higher level.
    public var span: TextSpan

    /// Creates a section.
    public init(heading: String, level: Int, span: TextSpan) {
        self.heading = heading
        self.level = level
        self.span = span
    }
}

/// A table found in the document: title, unit and rows of cells as written.
public struct DocumentTable: Sendable, Equatable {
    /// The table's title.
    public var title: String?
    /// The stated unit (`元`, `万元`).
    public var unit: String?
    /// Rows of cells, as written, in one buffer (read in place; ``rows`` makes strings of them).
    public var cells: TableRows
    /// Where the table is.
    public var span: TextSpan
    /// The standard table its title names, if any (not published; rules and the table filler read it).
    public var standard: StandardTable?
    /// How many of ``rows`` are header lines (the rest are the body, aligned into columns).
    public var headerRowCount: Int
    /// Notes under the table (`注：…`, `本表为空`), as written.
    public var notes: [String]

    /// Rows of cells, as written (made from ``cells`` on every read).
    public var rows: [[String]] {
        get { cells.rows }
        set { cells = TableRows(newValue) }
    }

    /// Creates a table.
    public init(
        title: String?,
        unit: String?,
        rows: [[String]],
        span: TextSpan,
        standard: StandardTable? = nil,
        headerRowCount: Int = 0,
        notes: [String] = []
    ) {
        self.init(
            title: title,
            unit: unit,
            cells: TableRows(rows),
            span: span,
            standard: standard,
            headerRowCount: headerRowCount,
            notes: notes
        )
    }

    /// Creates a table of `cells`.
    public init(
        title: String?,
        unit: String?,
        cells: TableRows,
        span: TextSpan,
        standard: StandardTable? = nil,
        headerRowCount: Int = 0,
        notes: [String] = []
    ) {
        self.title = title
        self.unit = unit
        self.cells = cells
        self.span = span
        self.standard = standard
        self.headerRowCount = headerRowCount
        self.notes = notes
    }
}

/// What the parser saw that rules need but the record does not publish as a field.
public struct Observations: Sendable, Equatable {
    /// Template residue (`增加（减少）`, `XX`, fill-in instructions), with the text found.
    public var templateResidue: [Stated<String>] = []
    /// Amount-bearing sentences the parser could not place.
    public var unplacedSentences: [TextSpan] = []
    /// Where the text says there is no state-capital spending or the amount is 0.
    public var stateCapitalStatement: TextSpan?
    /// Where the text says there is no 三公 spending (`无“三公”经费财政拨款支出`).
    public var noThreePublicStatement: TextSpan?

    /// Creates empty observations.
    public init() {}
}
