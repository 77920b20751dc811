import Yams

extension RulesConfiguration {
    /// Reads a rules file (`config/rules.yaml`).
    ///
    /// ```yaml
    /// tolerance: { multiplier: 1, minimum: 0 }
    /// rules:
    ///   sum.income.sources: { enabled: false }
    ///   completeness.sections: { severity: info }
    ///   sum.threePublic: { tolerance: { multiplier: 2, minimum: "0.01" } }
    /// ```
    ///
    /// Numbers are exact decimals (never binary floating point). Unknown keys, unknown rule ids, bad severities and
    /// bad numbers are errors naming their line, so a typo cannot silently switch a rule off.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - knownRuleIds: the ids a file may name (the registry's by default).
    /// - Throws: ``RulesConfigurationError``.
    public init(yaml: String, knownRuleIds: Set<String> = RuleRegistry.ruleIds) throws(RulesConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw RulesConfigurationError(line: RulesConfiguration.line(of: error), message: "not valid YAML: \(error)")
        } catch {
            throw RulesConfigurationError(line: nil, message: "not valid YAML: \(error)")
        }
        self.init()
        guard let root else { return }  // an empty file: the defaults
        let top = try RulesConfiguration.mapping(root, what: "the rules file")
        for (key, value) in top {
            switch try RulesConfiguration.key(key) {
            case "tolerance":
                tolerance = try RulesConfiguration.tolerance(value, base: TolerancePolicy())
            case "rules":
                for (idNode, settingsNode) in try RulesConfiguration.mapping(value, what: "rules") {
                    let id = try RulesConfiguration.key(idNode)
                    guard knownRuleIds.contains(id) else {
                        throw RulesConfigurationError(line: idNode.mark?.line, message: "unknown rule id \"\(id)\"")
                    }
                    rules[id] = try RulesConfiguration.settings(settingsNode, ruleId: id)
                }
            case let other:
                throw RulesConfigurationError(
                    line: key.mark?.line,
                    message: "unknown key \"\(other)\" (expected tolerance or rules)"
                )
            }
        }
    }

    private static func settings(_ node: Node, ruleId: String) throws(RulesConfigurationError) -> RuleSettings {
        var settings = RuleSettings()
        for (key, value) in try mapping(node, what: "rule \(ruleId)") {
            switch try self.key(key) {
            case "enabled":
                settings.enabled = try bool(value)
            case "severity":
                let text = try scalar(value)
                guard let severity = Anomaly.Severity(rawValue: text) else {
                    throw RulesConfigurationError(
                        line: value.mark?.line,
                        message: "severity \"\(text)\" is not one of error, warning, info"
                    )
                }
                settings.severity = severity
            case "tolerance":
                settings.tolerance = try tolerance(value, base: TolerancePolicy())
            case let other:
                throw RulesConfigurationError(
                    line: key.mark?.line,
                    message: "unknown key \"\(other)\" for rule \(ruleId) (expected enabled, severity or tolerance)"
                )
            }
        }
        return settings
    }

    private static func tolerance(
        _ node: Node,
        base: TolerancePolicy
    ) throws(RulesConfigurationError)
        -> TolerancePolicy
    {
        var policy = base
        for (key, value) in try mapping(node, what: "tolerance") {
            switch try self.key(key) {
            case "multiplier":
                policy.multiplier = try decimal(value, what: "multiplier")
            case "minimum":
                policy.minimum = try decimal(value, what: "minimum")
            case let other:
                throw RulesConfigurationError(
                    line: key.mark?.line,
                    message: "unknown key \"\(other)\" for tolerance (expected multiplier or minimum)"
                )
            }
        }
        return policy
    }

    private static func mapping(_ node: Node, what: String) throws(RulesConfigurationError) -> [(Node, Node)] {
        guard case .mapping(let mapping) = node else {
            throw RulesConfigurationError(line: node.mark?.line, message: "\(what) must be a mapping")
        }
        return mapping.map { ($0.key, $0.value) }
    }

    private static func scalar(_ node: Node) throws(RulesConfigurationError) -> String {
        guard case .scalar(let scalar) = node else {
            throw RulesConfigurationError(line: node.mark?.line, message: "expected a single value")
        }
        return scalar.string
    }

    private static func key(_ node: Node) throws(RulesConfigurationError) -> String { try scalar(node) }

    private static func bool(_ node: Node) throws(RulesConfigurationError) -> Bool {
        switch try scalar(node) {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other:
            throw RulesConfigurationError(line: node.mark?.line, message: "\"\(other)\" is not true or false")
        }
    }

    private static func decimal(_ node: Node, what: String) throws(RulesConfigurationError) -> Amount {
        let text = try scalar(node)
        guard let value = Amount(parsing: text), value >= .zero else {
            throw RulesConfigurationError(
                line: node.mark?.line,
                message: "\(what) \"\(text)\" is not a non-negative decimal number"
            )
        }
        return value
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        case .duplicatedKeysInMapping(_, let context):
            context.mark.line
        default:
            nil
        }
    }
}
