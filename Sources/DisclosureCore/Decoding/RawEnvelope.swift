/// The JSON envelope form of a raw input (SPEC §2, content type `application/vnd.disclosure.raw+json`):
/// `{"documentId", "sourceUrl", "fetchedAt", "contentType", "charset", "body" | "bodyBase64"}`.
struct RawEnvelope: Sendable, Equatable {
    /// `documentId`.
    var documentId: String?
    /// `sourceUrl`.
    var sourceURL: String?
    /// `fetchedAt`, RFC 3339, as given.
    var fetchedAt: String?
    /// `contentType` (may carry `; charset=`).
    var contentType: String?
    /// `charset` of `bodyBase64`'s bytes.
    var charset: String?
    /// The document's bytes: `body` as UTF-8, or `bodyBase64` decoded.
    var body: [UInt8]
    /// Whether the body came from `body`, a JSON string and so already Unicode (its charset is UTF-8 whatever the
    /// envelope says).
    var bodyIsText: Bool

    /// Reads an envelope.
    ///
    /// - Throws: ``DisclosureError`` with code `decode` for anything that is not a well-formed envelope.
    init(parsing bytes: [UInt8]) throws(DisclosureError) {
        let members: [String: JSONObjectReader.Member]
        do {
            members = try JSONObjectReader.members(of: bytes)
        } catch {
            throw DisclosureError(.decode, "broken JSON envelope: \(error.reason)")
        }
        func string(_ key: String) throws(DisclosureError) -> [UInt8]? {
            switch members[key] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            case .other(let kind)?:
                throw DisclosureError(.decode, "broken JSON envelope: \(key) is \(kind), not a string")
            }
        }
        func text(_ key: String) throws(DisclosureError) -> String? {
            guard let value = try string(key) else { return nil }
            let text = String(decoding: value, as: UTF8.self)
            return text.isEmpty ? nil : text
        }
        documentId = try text("documentId")
        sourceURL = try text("sourceUrl")
        fetchedAt = try text("fetchedAt")
        contentType = try text("contentType")
        charset = try text("charset")
        switch (try string("body"), try string("bodyBase64")) {
        case (let body?, nil):
            self.body = body
            bodyIsText = true
        case (nil, let encoded?):
            do {
                self.body = try Base64.decode(encoded)
            } catch {
                throw DisclosureError(.decode, "broken JSON envelope: bodyBase64 is \(error.reason)")
            }
            bodyIsText = false
        case (_?, _?):
            throw DisclosureError(.decode, "broken JSON envelope: it has both body and bodyBase64")
        case (nil, nil):
            throw DisclosureError(.decode, "broken JSON envelope: it has neither body nor bodyBase64")
        }
    }
}
