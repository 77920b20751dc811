import DisclosureCore
import Foundation
import Testing

@Suite struct RulesConfigurationTests {
    @Test func emptyTextGivesTheDefaults() throws {
        #expect(try RulesConfiguration(yaml: "") == RulesConfiguration())
        #expect(try RulesConfiguration(yaml: "# only a comment\n") == RulesConfiguration())
    }

    @Test func readsEnabledSeverityAndTolerance() throws {
        let yaml = """
            tolerance:
              multiplier: 2
              minimum: "0.01"
            rules:
              sum.income.sources: { enabled: false }
              change.drivers:
                severity: warning
                tolerance: { minimum: 1 }
            """
        let configuration = try RulesConfiguration(yaml: yaml)
        #expect(configuration.tolerance == TolerancePolicy(multiplier: amount("2"), minimum: amount("0.01")))
        #expect(!configuration.isEnabled("sum.income.sources"))
        #expect(configuration.isEnabled("sum.threePublic"))
        #expect(configuration.severity(for: "change.drivers") == .warning)
        #expect(configuration.tolerance(for: "change.drivers") == TolerancePolicy(minimum: amount("1")))
        #expect(configuration.tolerance(for: "sum.threePublic").multiplier == amount("2"))
    }

    @Test func theShippedFileIsValidAndChangesNothing() throws {
        let text = try String(
            contentsOfFile: RulesConfigurationTests.repositoryPath("config/rules.yaml"),
            encoding: .utf8
        )
        let configuration = try RulesConfiguration(yaml: text)
        for id in RuleRegistry.ruleIds {
            #expect(configuration.isEnabled(id))
            #expect(configuration.severity(for: id) == nil)
            #expect(configuration.tolerance(for: id) == TolerancePolicy())
        }
    }

    @Test(arguments: [
        ("rules:\n  sum.nothing: {}\n", 2, "unknown rule id"),
        ("tolerance:\n  multiplier: 1\n  maximum: 3\n", 3, "unknown key \"maximum\""),
        ("rules:\n  change.drivers:\n    severity: fatal\n", 3, "severity \"fatal\""),
        ("tolerance:\n  minimum: abc\n", 2, "not a non-negative decimal"),
        ("rules:\n  change.drivers: { enabled: maybe }\n", 2, "not true or false"),
        ("rules: [1, 2]\n", 1, "must be a mapping"),
        ("rules:\n  change.drivers: {\n", 3, "not valid YAML"),
    ])
    func aBadFileIsAnErrorNamingItsLine(yaml: String, line: Int, message: String) {
        do {
            _ = try RulesConfiguration(yaml: yaml)
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix("line \(line): "))
        }
    }

    @Test func engineHonoursTheConfiguration() throws {
        let record = SeedRulesTests.seedRecord()
        let text = NormalizedText(normalized: "")
        let off = try RulesConfiguration(yaml: "rules:\n  change.drivers: { enabled: false }\n")
        #expect(!RuleEngine(configuration: off).evaluate(record, text: text).contains { $0.ruleId == "change.drivers" })

        let warn = try RulesConfiguration(yaml: "rules:\n  change.priorYear: { severity: warning }\n")
        let prior = RuleEngine(configuration: warn).evaluate(record, text: text).first {
            $0.ruleId == "change.priorYear"
        }
        #expect(prior?.severity == .warning)

        // A band floor of 400 puts the drivers' difference of 357.47 inside the band: unequal, so still reported,
        // but as a rounding note.
        let wide = try RulesConfiguration(yaml: "rules:\n  change.drivers: { tolerance: { minimum: 400 } }\n")
        let drivers = RuleEngine(configuration: wide).evaluate(record, text: text).first {
            $0.ruleId == "change.drivers"
        }
        #expect(drivers?.severity == .info)
        #expect(drivers?.tolerance == amount("400"))
    }

    /// A path inside the repository, resolved from this file.
    static func repositoryPath(_ relative: String) -> String {
        var components = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)  // Rules/, DisclosureCoreTests/, Tests/, file name
        return components.joined(separator: "/") + "/" + relative
    }
}
