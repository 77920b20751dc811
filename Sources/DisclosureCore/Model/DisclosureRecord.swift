/// The normalized record of one disclosure document: `disclosure.record/v1` (SPEC §4).
///
/// Every field the document does not state stays `nil` (published as JSON `null`): the parser never invents a
/// value. Amounts are ``Figure``s in 万元 with the evidence they were read from; the JSON form drops the evidence
/// (rules quote it in anomaly events instead).
public struct DisclosureRecord: Sendable, Equatable {
    /// The contract's schema id.
    public static let schema = "disclosure.record/v1"

    /// `sha256:<hex>` of the raw bytes unless the input named one (SPEC §2).
    public var documentId: String
    /// Where the document came from and how it was encoded.
    public var source: SourceInfo
    /// The document's title line (`…2024年单位预算情况说明`).
    public var title: String?
    /// The reporting unit and its region.
    public var unit = UnitInfo()
    /// The fiscal year the figures are for (a final account published in X+1 is for X).
    public var fiscalYear: Int?
    /// Budget or final accounts.
    public var kind: DocumentKind?
    /// A single unit or a consolidated department.
    public var scope: DocumentScope?
    /// This year's income, its sources and its change.
    public var income = IncomeBlock()
    /// This year's spending, by function class, basic/project, and its change.
    public var expenditure = ExpenditureBlock()
    /// The 一般公共预算财政拨款 block.
    public var appropriation = AppropriationBlock()
    /// Government-fund spending, or the statement that there is none.
    public var governmentFund = GovernmentFundBlock()
    /// Carry-over from earlier years and to next year.
    public var carryover = CarryoverBlock()
    /// 三公经费.
    public var threePublic = ThreePublicBlock()
    /// 机关运行经费.
    public var operatingFunds = AmountBlock()
    /// 政府采购.
    public var procurement = ProcurementBlock()
    /// Performance-target coverage.
    public var performance = PerformanceBlock()
    /// 国有资产占用: vehicles.
    public var assets = AssetsBlock()
    /// 编制 and leadership posts.
    public var staffing = StaffingBlock()
    /// The numbered duties, in order.
    public var duties: [Stated<String>] = []
    /// Internal or subordinate units.
    public var subUnits: [SubUnit] = []
    /// Disclosure contact.
    public var contact = ContactBlock()
    /// Section headings with their extent.
    public var sections: [Section] = []
    /// Tables found in the document.
    public var tables: [DocumentTable] = []
    /// The record values read from a table rather than the prose, each with its cell; every other value is the
    /// prose's.
    public var valueSources: [ValueSource] = []
    /// Things the parser noticed that are not record fields but that rules check (template residue, statements).
    public var observations = Observations()

    /// Creates an empty record for a document id.
    public init(documentId: String, source: SourceInfo = SourceInfo()) {
        self.documentId = documentId
        self.source = source
    }
}

/// Where a document came from (SPEC §2 headers or envelope).
public struct SourceInfo: Sendable, Equatable {
    /// `source-url`.
    public var url: String?
    /// `fetched-at`, RFC 3339, as given.
    public var fetchedAt: String?
    /// `text/plain`, `text/html` or `application/pdf`: what the bytes were, after detection.
    public var contentType: String?
    /// `utf-8` or `gb18030`: how the bytes were decoded.
    public var charset: String?

    /// Creates source information.
    public init(url: String? = nil, fetchedAt: String? = nil, contentType: String? = nil, charset: String? = nil) {
        self.url = url
        self.fetchedAt = fetchedAt
        self.contentType = contentType
        self.charset = charset
    }
}

/// The reporting unit.
public struct UnitInfo: Sendable, Equatable {
    /// Full name as written (`重庆市铜梁区人民政府办公室`), without markers such as `(本级)`.
    public var name: Stated<String>?
    /// Its administrative region.
    public var region = RegionInfo()

    /// Creates unit information.
    public init() {}
}

/// The administrative region of a unit (GB/T 2260).
public struct RegionInfo: Sendable, Equatable {
    /// Province-level division (municipalities count): `重庆市`, `西藏自治区`.
    public var province: String?
    /// Prefecture level; nil for municipalities' districts.
    public var city: String?
    /// County level: `铜梁区`, `尼木县`.
    public var county: String?
    /// The six-digit GB/T 2260 code of the most specific level resolved.
    public var code: String?

    /// Creates region information.
    public init(province: String? = nil, city: String? = nil, county: String? = nil, code: String? = nil) {
        self.province = province
        self.city = city
        self.county = county
        self.code = code
    }
}

/// SPEC §4 `kind`.
public enum DocumentKind: String, Sendable, Equatable {
    case budget
    case finalAccounts = "final_accounts"
}

/// SPEC §4 `scope`.
public enum DocumentScope: String, Sendable, Equatable {
    case unit
    case department
}
