import Testing

/// Where the shared corpus's whole documents live, relative to this file (the corpus is never copied in).
enum CorpusPDF {
    /// `../shared/corpus/whole` from the repository root.
    static let wholeDirectory: String = {
        var path = #filePath
        // Tests/DisclosurePDFTests/CorpusPDF.swift → repository root.
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path + "/../shared/corpus/whole"
    }()

    /// The names of the whole documents that ship as PDF.
    static let names: [String] = [
        "jiangsu-cppcc-office-2019-dept-budget",
        "jiangsu-party-office-2019-dept-budget",
        "jiangsu-procuratorate-2019-dept-budget",
        "shanghai-putuo-commerce-2025-dept-budget",
        "shanghai-putuo-finance-2024-dept-final-seeded-errors",
        "shanghai-putuo-govoffice-2025-unit-budget",
        "shanghai-putuo-justice-2026-dept-budget",
        "shanghai-putuo-justice-2026-unit-budget",
        "shanghai-putuo-planning-2024-dept-final",
        "shanghai-putuo-socialwork-2024-dept-final",
        "shanghai-putuo-wanli-street-2024-dept-budget",
    ]

    /// Whether the corpus is present.
    static var isPresent: Bool { FileBytes.read(wholeDirectory + "/" + names[0] + ".pdf") != nil }

    /// A corpus file's bytes, or nil.
    static func bytes(_ name: String, _ suffix: String) -> [UInt8]? {
        FileBytes.read(wholeDirectory + "/" + name + suffix)
    }
}
