import Foundation
import Testing

@testable import DisclosureCore

/// The seed document (SPEC §6 acceptance anchor) yields every non-money value its annotation states, exactly.
@Suite struct StructureGoldenTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/corpus")
    static let seed = corpus.appendingPathComponent("seed/tongliang-2024-budget")
    static let seedPresent = FileManager.default.fileExists(atPath: seed.path + ".txt")

    /// Record paths this extractor owns.
    static let ownedPrefixes = [
        "unit.", "fiscalYear", "kind", "scope", "assets.", "staffing.", "duties", "subUnits", "contact.",
    ]

    @Test(.enabled(if: seedPresent, "../shared/corpus is absent: seed golden check skipped"))
    func seedYieldsEveryAnnotatedStructuralValue() throws {
        let text = try String(contentsOf: Self.seed.appendingPathExtension("txt"), encoding: .utf8)
        let annotation = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Self.seed.appendingPathExtension("json"))
        )
        let expected = try #require((annotation as? [String: Any])?["expected"] as? [String: Any])
        let document = DecodedDocument(text: text, documentId: "seed", source: SourceInfo())
        let fields = StructureFields.flatten(DisclosureParser().parse(document).record)

        var checked = 0
        for (path, value) in expected where Self.ownedPrefixes.contains(where: { path.hasPrefix($0) }) {
            checked += 1
            let want = value is NSNull ? "null" : "\(value)"
            #expect(fields[path] ?? "null" == want, "\(path)")
        }
        #expect(checked == 44)
        // Nothing beyond the annotation in the listed families.
        #expect(fields.keys.filter { $0.hasPrefix("duties[") }.count == 12)
        #expect(fields.keys.filter { $0.hasPrefix("subUnits[") && $0.hasSuffix(".duties") }.count == 11)
        #expect(fields.keys.filter { $0.hasPrefix("staffing.leaders[") }.count == 3)
    }
}

/// The structural record paths as the corpus annotations name them, values as strings.
enum StructureFields {
    static func flatten(_ record: DisclosureRecord) -> [String: String] {
        var fields: [String: String] = [:]
        func put(_ path: String, _ value: String?) { fields[path] = value ?? "null" }
        put("unit.name", record.unit.name?.value)
        put("unit.region.province", record.unit.region.province)
        put("unit.region.city", record.unit.region.city)
        put("unit.region.county", record.unit.region.county)
        put("unit.region.code", record.unit.region.code)
        put("fiscalYear", record.fiscalYear.map(String.init))
        put("kind", record.kind?.rawValue)
        put("scope", record.scope?.rawValue)
        for (name, counts) in [
            ("vehicles", record.assets.vehicles), ("vehiclePurchases", record.assets.vehiclePurchases),
        ] {
            put("assets.\(name).total", counts.total.map { String($0.value) })
            put("assets.\(name).general", counts.general.map { String($0.value) })
            put("assets.\(name).lawEnforcement", counts.lawEnforcement.map { String($0.value) })
            put("assets.\(name).other", counts.other.map { String($0.value) })
        }
        put("staffing.administrative", record.staffing.administrative.map { String($0.value) })
        put("staffing.publicInstitution", record.staffing.publicInstitution.map { String($0.value) })
        for leader in record.staffing.leaders {
            put("staffing.leaders[\(leader.title)].count", String(leader.count.value))
        }
        for (index, duty) in record.duties.enumerated() { put("duties[\(index)]", duty.value) }
        for unit in record.subUnits {
            put("subUnits[\(unit.name)].name", unit.name)
            put("subUnits[\(unit.name)].duties", unit.duties)
        }
        put("contact.name", record.contact.name)
        put("contact.phone", record.contact.phone)
        return fields
    }
}
