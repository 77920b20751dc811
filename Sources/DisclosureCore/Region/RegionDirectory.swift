/// The GB/T 2260 divisions of ``RegionTable``, indexed by name.
///
/// Built once, on first use, from the generated table; immutable afterwards, so it is shared freely.
struct RegionDirectory: Sendable {
    /// One division with the years its code and name were in force.
    struct Division: Sendable, Equatable {
        /// Six-digit code.
        var code: String
        /// Official name (`铜梁区`, `恩施土家族苗族自治州`).
        var name: String
        /// First year of the source lists that has it.
        var firstYear: Int
        /// Last year of the source lists that has it.
        var lastYear: Int

        /// Province (`XX0000`), prefecture (`XXXX00`) or county level.
        var level: Level {
            if code.hasSuffix("0000") { return .province }
            if code.hasSuffix("00") { return .prefecture }
            return .county
        }

        /// The first two digits.
        var provincePrefix: Substring { code.prefix(2) }
        /// The first four digits.
        var prefecturePrefix: Substring { code.prefix(4) }
    }

    /// Administrative level of a division.
    enum Level: Sendable {
        case province
        case prefecture
        case county
    }

    /// The shared directory.
    static let shared = RegionDirectory(rows: RegionTable.rows)

    /// Province-level codes whose districts sit directly under them.
    static let municipalityPrefixes: Set<Substring> = ["11", "12", "31", "50"]

    /// Every division, sorted by code.
    let divisions: [Division]
    /// Division indices by name.
    let byName: [String: [Int]]
    /// Division indices by code.
    let byCode: [String: [Int]]
    /// Longest name, in characters.
    let longestName: Int

    /// Parses `CODE NAME FIRST LAST` rows.
    init(rows: String) {
        var divisions: [Division] = []
        var byName: [String: [Int]] = [:]
        var byCode: [String: [Int]] = [:]
        var longest = 0
        for line in rows.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4, let first = Int(fields[2]), let last = Int(fields[3]) else { continue }
            let division = Division(code: String(fields[0]), name: String(fields[1]), firstYear: first, lastYear: last)
            byName[division.name, default: []].append(divisions.count)
            byCode[division.code, default: []].append(divisions.count)
            longest = max(longest, division.name.count)
            divisions.append(division)
        }
        self.divisions = divisions
        self.byName = byName
        self.byCode = byCode
        self.longestName = longest
    }

    /// The divisions called `name`.
    func named(_ name: String) -> [Division] {
        (byName[name] ?? []).map { divisions[$0] }
    }

    /// The division with `code`, preferring the name in force in `year`.
    func division(code: String, year: Int?) -> Division? {
        let candidates = (byCode[code] ?? []).map { divisions[$0] }
        return RegionDirectory.preferInForce(candidates, year: year)
    }

    /// Whether a province-level code is one of the four municipalities.
    static func isMunicipality(_ division: Division) -> Bool {
        municipalityPrefixes.contains(division.provincePrefix)
    }

    /// Of several divisions, the one in force in `year` (the latest when none or several are).
    static func preferInForce(_ candidates: [Division], year: Int?) -> Division? {
        guard !candidates.isEmpty else { return nil }
        if let year {
            let clamped = min(max(year, RegionTable.firstYear), RegionTable.lastYear)
            let inForce = candidates.filter { $0.firstYear <= clamped && clamped <= $0.lastYear }
            if inForce.count == 1 { return inForce[0] }
            if let latest = inForce.max(by: { ($0.lastYear, $0.code) < ($1.lastYear, $1.code) }) { return latest }
        }
        return candidates.max(by: { ($0.lastYear, $0.code) < ($1.lastYear, $1.code) })
    }
}
