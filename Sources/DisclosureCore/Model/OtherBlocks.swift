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
    public var heading: String {
        get {
            headingBytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[headingStart..<headingEnd]), as: UTF8.self)
            }
        }
        set {
            headingBytes = Array(newValue.utf8)
            headingStart = 0
            headingEnd = headingBytes.count
        }
    }
    /// Nesting level: 1 for `一、`/`第一部分`, 2 for `（一）`, 3 for `1.`.
    public var level: Int
    /// From the heading's start to the next heading of the same or a higher level.
    public var span: TextSpan
    /// The heading is `headingBytes[headingStart..<headingEnd]`, whole scalars of valid UTF-8: for a section the
    /// segmenter cut, a span of the normalized text, shared, not copied. A `String` of each heading (a 10 KB document
    /// has about twenty, most too long for a small string) cost an allocation, a UTF-8 check and a free per heading,
    /// about 700 instructions; the record's JSON and the structure readers read the bytes in place. Always bytes,
    /// never an enum of bytes or a string: a section is then copied with one retain (an enum's copy was an outlined
    /// switch, as much again).
    private var headingBytes: [UInt8]
    private var headingStart: Int
    private var headingEnd: Int

    /// Creates a section.
    public init(heading: String, level: Int, span: TextSpan) {
        self.headingBytes = Array(heading.utf8)
        self.headingStart = 0
        self.headingEnd = headingBytes.count
        self.level = level
        self.span = span
    }

    /// Creates a section whose heading is `bytes[start..<end]` (clamped to `bytes`), the bytes of a normalized text:
    /// shared, not copied. The heading reads as `String(decoding:as:)` of those bytes would.
    init(headingIn bytes: [UInt8], start: Int, end: Int, level: Int, span: TextSpan) {
        let lower = min(max(0, start), bytes.count)
        let upper = max(lower, min(end, bytes.count))
        // A span that starts or ends inside a scalar is kept repaired, as its `String` was.
        let aligned =
            (lower == bytes.count || bytes[lower] & 0xC0 != 0x80)
            && (upper == bytes.count || bytes[upper] & 0xC0 != 0x80)
        if aligned {
            self.headingBytes = bytes
            self.headingStart = lower
            self.headingEnd = upper
        } else {
            self.headingBytes = Array(String(decoding: bytes[lower..<upper], as: UTF8.self).utf8)
            self.headingStart = 0
            self.headingEnd = headingBytes.count
        }
        self.level = level
        self.span = span
    }

    /// The heading's length in UTF-8 bytes, without making a `String` of it.
    var headingUTF8Count: Int { headingEnd - headingStart }

    /// The heading's UTF-8 bytes, without making a `String` of them.
    func withHeadingUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        headingBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[headingStart..<headingEnd])) }
    }

    /// Equal headings (as strings), levels and spans: the text the heading was cut from is not compared.
    public static func == (lhs: Section, rhs: Section) -> Bool {
        lhs.level == rhs.level && lhs.span == rhs.span && lhs.heading == rhs.heading
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
