/// Why an HTML page yielded no text.
public enum HTMLTextError: Error, Sendable, Equatable {
    /// The page's text grew past the limit (bytes); the walk stopped there.
    case textTooLarge(limit: Int)
    /// The input is larger than libxml2 accepts in one buffer (bytes).
    case inputTooLarge(size: Int)
    /// libxml2 produced no document at all (it recovers from nearly anything, so this is rare).
    case unparsable
}
