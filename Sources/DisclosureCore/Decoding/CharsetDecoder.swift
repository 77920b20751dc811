/// Bytes to UTF-8 text: picks UTF-8 or GB18030 from the byte-order mark, the declared charset and the bytes
/// themselves (SPEC §2).
///
/// Order: a byte-order mark decides. Otherwise bytes that are valid UTF-8 are UTF-8 (a page that declares GBK
/// but is valid UTF-8 with non-ASCII text was re-encoded on the way; GB18030 Chinese text is practically never
/// valid UTF-8), and anything else is GB18030, decoded by iconv, which pins a bad or truncated sequence to its byte.
enum CharsetDecoder {
    /// Decoded text.
    struct Decoded: Sendable, Equatable {
        /// The text, UTF-8, without a byte-order mark.
        var utf8: [UInt8]
        /// The charset the bytes were read as.
        var charset: DocumentCharset
        /// The number of control characters in ``utf8`` (``ControlCharacters``), when the validating pass counted
        /// them (input read as UTF-8); nil for transcoded text.
        var controlCount: Int?
        /// Whether ``utf8`` is known to hold neither U+FFFE nor U+FFFF (the validating pass looked, for input read
        /// as UTF-8); false when not known (transcoded text).
        var isFreeOfNoncharacters = false
    }

    /// Decodes `bytes`.
    ///
    /// UTF-8 input is validated once, by ``UTF8Validator/scan(_:)``, which counts control characters on the way;
    /// no `String` is made (making one would validate the same bytes again).
    ///
    /// - Parameter declared: the charset a header, envelope or `<meta>` names, if any.
    /// - Throws: ``DisclosureError`` with code `decode`, naming the byte offset of the first bad sequence.
    static func decode(_ bytes: [UInt8], declared: DocumentCharset?) throws(DisclosureError) -> Decoded {
        if ByteSniffer.hasUTF16Or32BOM(bytes) {
            throw DisclosureError(.decode, "UTF-16 and UTF-32 input is not supported (byte-order mark found)")
        }
        if bytes.starts(with: ByteSniffer.utf8BOM) {
            let body = Array(bytes.dropFirst(ByteSniffer.utf8BOM.count))
            let scan = UTF8Validator.scan(body)
            if let failure = scan.failure {
                throw DisclosureError(
                    .decode,
                    "input has a UTF-8 byte-order mark but is not valid UTF-8: \(describe(failure, base: 3))"
                )
            }
            return Decoded(
                utf8: body,
                charset: .utf8,
                controlCount: scan.controlCount,
                isFreeOfNoncharacters: !scan.hasNoncharacter
            )
        }
        if bytes.starts(with: ByteSniffer.gb18030BOM) {
            let body = Array(bytes.dropFirst(ByteSniffer.gb18030BOM.count))
            return Decoded(utf8: try gb18030(body, base: 4, context: "input is not valid GB18030"), charset: .gb18030)
        }
        let scan = UTF8Validator.scan(bytes)
        guard let utf8Failure = scan.failure else {
            // Pure ASCII reads the same in both; report what was declared.
            let charset: DocumentCharset = declared == .gb18030 && !scan.hasNonASCII ? .gb18030 : .utf8
            return Decoded(
                utf8: bytes,
                charset: charset,
                controlCount: scan.controlCount,
                isFreeOfNoncharacters: !scan.hasNoncharacter
            )
        }
        do {
            return Decoded(utf8: try GB18030Transcoder.utf8(fromGB18030: bytes), charset: .gb18030)
        } catch {
            let gbMessage = describe(error, base: 0)
            let utf8Message = describe(utf8Failure, base: 0)
            switch declared {
            case .utf8:
                throw DisclosureError(.decode, "input is declared UTF-8 but is not valid UTF-8: \(utf8Message)")
            case .gb18030:
                throw DisclosureError(.decode, "input is declared GB18030 but is not valid GB18030: \(gbMessage)")
            case nil:
                // Name first the reading that got further: that is what the document most likely is.
                let gbOffset = offset(of: error)
                if gbOffset > utf8Failure.offset {
                    throw DisclosureError(
                        .decode,
                        "input is not valid GB18030: \(gbMessage) (nor UTF-8: \(utf8Message))"
                    )
                } else if gbOffset < utf8Failure.offset {
                    throw DisclosureError(
                        .decode,
                        "input is not valid UTF-8: \(utf8Message) (nor GB18030: \(gbMessage))"
                    )
                }
                throw DisclosureError(.decode, "input is neither UTF-8 nor GB18030: \(utf8Message)")
            }
        }
    }

    // MARK: - Private

    private static func gb18030(_ bytes: [UInt8], base: Int, context: String) throws(DisclosureError) -> [UInt8] {
        do {
            return try GB18030Transcoder.utf8(fromGB18030: bytes)
        } catch {
            throw DisclosureError(.decode, "\(context): \(describe(error, base: base))")
        }
    }

    private static func offset(of failure: GB18030Transcoder.Failure) -> Int {
        switch failure {
        case .invalid(let offset), .truncated(let offset): offset
        case .unavailable: 0
        }
    }

    private static func describe(_ failure: UTF8Validator.Failure, base: Int) -> String {
        failure.truncated
            ? "truncated sequence at byte \(failure.offset + base)"
            : "invalid byte sequence at byte \(failure.offset + base)"
    }

    private static func describe(_ failure: GB18030Transcoder.Failure, base: Int) -> String {
        switch failure {
        case .invalid(let offset): "invalid byte sequence at byte \(offset + base)"
        case .truncated(let offset): "truncated sequence at byte \(offset + base)"
        case .unavailable: "the C library has no GB18030 converter"
        }
    }
}
