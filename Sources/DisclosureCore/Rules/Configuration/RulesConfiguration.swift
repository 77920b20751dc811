/// What `config/rules.yaml` can change about the rule engine: which rules run, their severities, their tolerance.
///
/// The defaults (``init()``) are SPEC §6 exactly: every rule on, each with its own severities, the rounding band
/// by written precision with multiplier 1 and no floor. `parse` and the worker run with the defaults when no file
/// is given.
public struct RulesConfiguration: Sendable, Equatable {
    /// The tolerance for every rule that does not set its own.
    public var tolerance: TolerancePolicy
    /// Per-rule settings, by rule id.
    public var rules: [String: RuleSettings]

    /// The built-in defaults.
    public init(tolerance: TolerancePolicy = TolerancePolicy(), rules: [String: RuleSettings] = [:]) {
        self.tolerance = tolerance
        self.rules = rules
    }

    /// Whether the rule runs.
    public func isEnabled(_ ruleId: String) -> Bool { rules[ruleId]?.enabled ?? true }

    /// The tolerance the rule uses.
    public func tolerance(for ruleId: String) -> TolerancePolicy { rules[ruleId]?.tolerance ?? tolerance }

    /// The severity that replaces the rule's own for its violations (rounding notes stay `info`), if configured.
    public func severity(for ruleId: String) -> Anomaly.Severity? { rules[ruleId]?.severity }
}

/// The settings of one rule.
public struct RuleSettings: Sendable, Equatable {
    /// Whether the rule runs (default true).
    public var enabled: Bool
    /// Replaces the severity of the rule's violations (not of its inside-the-band `info` notes).
    public var severity: Anomaly.Severity?
    /// Replaces the default tolerance for this rule.
    public var tolerance: TolerancePolicy?

    /// Creates settings.
    public init(enabled: Bool = true, severity: Anomaly.Severity? = nil, tolerance: TolerancePolicy? = nil) {
        self.enabled = enabled
        self.severity = severity
        self.tolerance = tolerance
    }
}

/// A rules file that cannot be used: what is wrong and on which line.
public struct RulesConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the offending node, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 7: unknown rule id "sum.foo"`.
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
