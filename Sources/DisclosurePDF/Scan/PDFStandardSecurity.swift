/// The standard security handler of a document that opens without a password: an empty user password, which
/// only restricts permissions (many published documents are encrypted that way). It computes the file key from
/// the encryption dictionary and decrypts one stream at a time, so that ``PDFStreamScan`` can measure what an
/// encrypted stream inflates to before poppler reads it.
///
/// Handles revisions 2 to 4 (RC4 40 to 128 bits, AES-128) and 5 to 6 (AES-256). A document that needs a password,
/// or uses another handler, is left to poppler, which refuses it or reads it.
struct PDFStandardSecurity {
    /// How streams are encrypted.
    enum Cipher: Equatable {
        case rc4, aes128, aes256
        /// Streams are not encrypted (`/StmF /Identity`).
        case none
    }

    /// What the encryption dictionary says about a document.
    enum Opening {
        /// No `/Encrypt`: streams are plain.
        case notEncrypted
        /// Encrypted, readable without a password.
        case readable(PDFStandardSecurity)
        /// Encrypted, and not readable here (a password, another handler, a dictionary not found).
        case unreadable
    }

    /// The 32 bytes that pad a password (ISO 32000-1, 7.6.3.3).
    static let padding: [UInt8] = [
        0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
        0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
    ]

    /// The document's key.
    let fileKey: [UInt8]
    /// The stream cipher.
    let cipher: Cipher

    /// Reads the document's `/Encrypt` entry and dictionary.
    static func open(_ buffer: UnsafeBufferPointer<UInt8>) -> Opening {
        guard let reference = encryptReference(in: buffer) else { return .notEncrypted }
        guard let range = objectDictionary(reference.object, reference.generation, in: buffer) else {
            return .unreadable
        }
        let dictionary = PDFDictionary(UnsafeBufferPointer(rebasing: buffer[range]))
        guard dictionary.name("Filter") == "Standard", let version = dictionary.integer("V"),
            let revision = dictionary.integer("R"), let owner = dictionary.string("O"),
            let user = dictionary.string("U")
        else { return .unreadable }
        let cipher: Cipher
        switch version {
        case 1, 2, 3: cipher = .rc4
        case 4, 5:
            if dictionary.name("StmF") == "Identity" {
                cipher = .none
            } else {
                switch dictionary.name("CFM") {
                case "V2": cipher = .rc4
                case "AESV2": cipher = .aes128
                case "AESV3": cipher = .aes256
                case "None": cipher = .none
                default: return .unreadable
                }
            }
        default: return .unreadable
        }
        if revision >= 5 {
            guard let key = aes256Key(revision: revision, user: user, userKey: dictionary.string("UE")) else {
                return .unreadable
            }
            return .readable(PDFStandardSecurity(fileKey: key, cipher: cipher))
        }
        let length: Int
        switch version {
        case 1: length = 5
        case 4: length = 16
        default: length = min(16, max(5, (dictionary.integer("Length") ?? 40) / 8))
        }
        guard let permissions = dictionary.signedInteger("P"), let identifier = documentIdentifier(in: buffer),
            owner.count >= 32, user.count >= 16
        else { return .unreadable }
        let key = rc4Key(
            revision: revision,
            length: length,
            owner: Array(owner.prefix(32)),
            permissions: permissions,
            identifier: identifier,
            encryptMetadata: !dictionary.isFalse("EncryptMetadata")
        )
        guard checksEmptyUserPassword(revision: revision, key: key, user: user, identifier: identifier) else {
            return .unreadable
        }
        return .readable(PDFStandardSecurity(fileKey: key, cipher: cipher))
    }

    /// Decrypts the data of stream `object` `generation`; nil when it cannot (a broken AES stream).
    func decrypt(_ data: UnsafeBufferPointer<UInt8>, object: Int, generation: Int) -> [UInt8]? {
        let number: [UInt8] = [
            UInt8(truncatingIfNeeded: object), UInt8(truncatingIfNeeded: object >> 8),
            UInt8(truncatingIfNeeded: object >> 16), UInt8(truncatingIfNeeded: generation),
            UInt8(truncatingIfNeeded: generation >> 8),
        ]
        switch cipher {
        case .none:
            return Array(data)
        case .rc4:
            let key = PDFCrypto.md5(fileKey + number).prefix(min(fileKey.count + 5, 16))
            return PDFCrypto.rc4(key: Array(key), data)
        case .aes128, .aes256:
            guard data.count >= 32 else { return [] }
            let key =
                cipher == .aes256 ? fileKey : Array(PDFCrypto.md5(fileKey + number + Array("sAlT".utf8)).prefix(16))
            let body = UnsafeBufferPointer(rebasing: data[16...])
            guard var plain = PDFCrypto.aesCBC(encrypt: false, key: key, iv: Array(data.prefix(16)), body) else {
                return nil
            }
            // PKCS#7 padding: its last byte says how many bytes to drop.
            if let pad = plain.last, pad >= 1, pad <= 16, Int(pad) <= plain.count { plain.removeLast(Int(pad)) }
            return plain
        }
    }

    // MARK: - Keys

    /// Algorithm 2 (revisions 2 to 4) with the empty password.
    static func rc4Key(
        revision: Int,
        length: Int,
        owner: [UInt8],
        permissions: Int,
        identifier: [UInt8],
        encryptMetadata: Bool
    ) -> [UInt8] {
        let flags = UInt32(truncatingIfNeeded: permissions)
        var input = padding + owner
        input += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: flags >> $0) }
        input += identifier
        if revision >= 4 && !encryptMetadata { input += [0xFF, 0xFF, 0xFF, 0xFF] }
        var hash = PDFCrypto.md5(input)
        if revision >= 3 {
            for _ in 0..<50 { hash = PDFCrypto.md5(Array(hash.prefix(length))) }
        }
        return Array(hash.prefix(length))
    }

    /// Algorithms 4 and 5: whether the key opens the document with the empty user password.
    static func checksEmptyUserPassword(revision: Int, key: [UInt8], user: [UInt8], identifier: [UInt8]) -> Bool {
        if revision == 2 { return PDFCrypto.rc4(key: key, padding) == Array(user.prefix(32)) }
        var value = PDFCrypto.rc4(key: key, PDFCrypto.md5(padding + identifier))
        for round in 1...19 { value = PDFCrypto.rc4(key: key.map { $0 ^ UInt8(round) }, value) }
        return value == Array(user.prefix(16))
    }

    /// Revisions 5 and 6 (AES-256) with the empty password: the user key, once the password checks.
    static func aes256Key(revision: Int, user: [UInt8], userKey: [UInt8]?) -> [UInt8]? {
        guard user.count >= 48, let userKey, userKey.count >= 32 else { return nil }
        let validationSalt = Array(user[32..<40])
        let keySalt = Array(user[40..<48])
        guard hash(revision: revision, salt: validationSalt) == Array(user.prefix(32)) else { return nil }
        let intermediate = hash(revision: revision, salt: keySalt)
        return PDFCrypto.aesCBC(
            encrypt: false,
            key: intermediate,
            iv: [UInt8](repeating: 0, count: 16),
            Array(userKey.prefix(32))
        )
    }

    /// The password hash of revision 5 (SHA-256) or 6 (algorithm 2.B), for the empty password.
    static func hash(revision: Int, salt: [UInt8]) -> [UInt8] {
        var key = PDFCrypto.sha2(salt, bits: 256)
        guard revision >= 6 else { return key }
        var round = 0
        var last: UInt8 = 0
        while round < 64 || Int(last) > round - 32 {
            // The password is empty: each block is the key alone.
            let block = key
            var repeated: [UInt8] = []
            repeated.reserveCapacity(block.count * 64)
            for _ in 0..<64 { repeated += block }
            guard
                let encrypted = PDFCrypto.aesCBC(
                    encrypt: true,
                    key: Array(key.prefix(16)),
                    iv: Array(key[16..<32]),
                    repeated
                )
            else { return [] }
            let remainder = encrypted.prefix(16).reduce(0) { $0 + Int($1) } % 3
            key = PDFCrypto.sha2(encrypted, bits: remainder == 0 ? 256 : remainder == 1 ? 384 : 512)
            last = encrypted.last ?? 0
            round += 1
        }
        return Array(key.prefix(32))
    }

    // MARK: - Finding the dictionary

    /// The `/Encrypt N G R` reference of the trailer or cross-reference stream.
    static func encryptReference(in buffer: UnsafeBufferPointer<UInt8>) -> (object: Int, generation: Int)? {
        var position = 0
        while let found = ByteSearch.find("/Encrypt", in: buffer, from: position) {
            position = found + 8
            var index = position
            guard let object = number(buffer, &index), let generation = number(buffer, &index), index < buffer.count,
                buffer[index] == UInt8(ascii: "R")
            else { continue }
            return (object, generation)
        }
        return nil
    }

    /// The first string of the trailer's `/ID` array.
    static func documentIdentifier(in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var position = 0
        while let found = ByteSearch.find("/ID", in: buffer, from: position) {
            position = found + 3
            var index = position
            while index < buffer.count, ByteSearch.isWhitespace(buffer[index]) { index += 1 }
            guard index < buffer.count, buffer[index] == UInt8(ascii: "[") else { continue }
            index += 1
            while index < buffer.count, ByteSearch.isWhitespace(buffer[index]) { index += 1 }
            if let identifier = PDFDictionary.string(at: index, in: buffer) { return identifier }
        }
        return nil
    }

    /// The dictionary of object `object` `generation` (`N G obj << … >>`), at most 64 KiB long.
    static func objectDictionary(_ object: Int, _ generation: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>?
    {
        let header = Array("\(object) \(generation) obj".utf8)
        var index = 0
        while index + header.count <= buffer.count {
            if buffer[index] == header[0], index == 0 || ByteSearch.isDelimiter(buffer[index - 1]),
                (1..<header.count).allSatisfy({ buffer[index + $0] == header[$0] })
            {
                var start = index + header.count
                while start < buffer.count, ByteSearch.isWhitespace(buffer[start]) { start += 1 }
                if let range = dictionary(at: start, in: buffer) { return range }
            }
            index += 1
        }
        return nil
    }

    /// The `<< … >>` starting at `start`, nested dictionaries included.
    static func dictionary(at start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard start + 1 < buffer.count, buffer[start] == UInt8(ascii: "<"), buffer[start + 1] == UInt8(ascii: "<")
        else { return nil }
        var depth = 0
        var index = start
        let limit = min(buffer.count - 1, start + PDFStreamScan.maximumDictionaryBytes)
        while index < limit {
            if buffer[index] == UInt8(ascii: "<"), buffer[index + 1] == UInt8(ascii: "<") {
                depth += 1
                index += 2
            } else if buffer[index] == UInt8(ascii: ">"), buffer[index + 1] == UInt8(ascii: ">") {
                depth -= 1
                index += 2
                if depth == 0 { return start..<index }
            } else if buffer[index] == UInt8(ascii: "(") {
                // Literal strings (/O, /U) may hold `<<` or `>>` bytes: skip them whole.
                index = skipLiteral(from: index, in: buffer)
            } else {
                index += 1
            }
        }
        return nil
    }

    private static func skipLiteral(from start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var depth = 0
        var index = start
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return index
    }

    /// A non-negative integer after whitespace, advancing `index` past it and the whitespace after it.
    static func number(_ buffer: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Int? {
        while index < buffer.count, ByteSearch.isWhitespace(buffer[index]) { index += 1 }
        var value = 0
        let start = index
        while index < buffer.count, buffer[index] >= 0x30, buffer[index] <= 0x39, index - start < 10 {
            value = value * 10 + Int(buffer[index] - 0x30)
            index += 1
        }
        guard index > start else { return nil }
        while index < buffer.count, ByteSearch.isWhitespace(buffer[index]) { index += 1 }
        return value
    }

    /// The object number and generation of the `N G obj` that opens the object whose dictionary starts at `start`.
    static func objectNumber(before start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var index = start
        while index > 0, ByteSearch.isWhitespace(buffer[index - 1]) { index -= 1 }
        guard index >= 3, buffer[index - 3] == UInt8(ascii: "o"), buffer[index - 2] == UInt8(ascii: "b"),
            buffer[index - 1] == UInt8(ascii: "j")
        else { return nil }
        index -= 3
        // Read right to left: the generation, then the object number.
        var cursor = index
        while cursor > 0, ByteSearch.isWhitespace(buffer[cursor - 1]) { cursor -= 1 }
        let generationEnd = cursor
        while cursor > 0, buffer[cursor - 1] >= 0x30, buffer[cursor - 1] <= 0x39, generationEnd - cursor < 6 {
            cursor -= 1
        }
        guard cursor < generationEnd else { return nil }
        let generationStart = cursor
        while cursor > 0, ByteSearch.isWhitespace(buffer[cursor - 1]) { cursor -= 1 }
        let objectEnd = cursor
        while cursor > 0, buffer[cursor - 1] >= 0x30, buffer[cursor - 1] <= 0x39, objectEnd - cursor < 10 {
            cursor -= 1
        }
        guard cursor < objectEnd, objectEnd < generationStart else { return nil }
        return (decimal(buffer, cursor..<objectEnd), decimal(buffer, generationStart..<generationEnd))
    }

    private static func decimal(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        range.reduce(0) { $0 * 10 + Int(buffer[$1] - 0x30) }
    }
}
