import DisclosureCore
import Testing

@testable import DisclosurePDF

/// A document encrypted with an empty user password (permissions only) opens without a password, in poppler and in
/// the pre-scan: its streams are decrypted before they are measured, so a bomb inside one is refused before poppler
/// reads the page. Each fixture is encrypted here; poppler reading the harmless one back proves the encryption is the
/// standard one, and so that the scan's decryption (the same key derivation) is right.
@Suite struct EncryptedPDFScanTests {
    enum Handler: CaseIterable {
        /// Revision 2, RC4 with a 40-bit key.
        case rc4r2
        /// Revision 3, RC4 with a 128-bit key.
        case rc4r3
        /// Revision 4, AES-128 (`/AESV2`).
        case aes128
        /// Revision 6, AES-256 (`/AESV3`).
        case aes256
    }

    static let identifier: [UInt8] = Array(0..<16)
    static let owner: [UInt8] = Array(repeating: 0x41, count: 32)

    /// A one-page document whose content stream is `content` compressed with zlib, encrypted by `handler`.
    static func document(_ content: [UInt8], _ handler: Handler) throws -> [UInt8] {
        let compressed = PDFStreamScanTests.deflate(content)
        let objectKey: [UInt8]
        var encryption: String
        var encrypted: [UInt8]
        let number: [UInt8] = [4, 0, 0, 0, 0]
        switch handler {
        case .rc4r2, .rc4r3:
            let revision = handler == .rc4r2 ? 2 : 3
            let length = revision == 2 ? 5 : 16
            let key = PDFStandardSecurity.rc4Key(
                revision: revision,
                length: length,
                owner: owner,
                permissions: -4,
                identifier: identifier,
                encryptMetadata: true
            )
            let user = userEntry(revision: revision, key: key)
            objectKey = Array(PDFCrypto.md5(key + number).prefix(min(length + 5, 16)))
            encrypted = PDFCrypto.rc4(key: objectKey, compressed)
            encryption =
                "<< /Filter /Standard /V \(revision == 2 ? 1 : 2) /R \(revision) /Length \(length * 8) "
                + "/O <\(hex(owner))> /U <\(hex(user))> /P -4 >>"
        case .aes128:
            let key = PDFStandardSecurity.rc4Key(
                revision: 4,
                length: 16,
                owner: owner,
                permissions: -4,
                identifier: identifier,
                encryptMetadata: true
            )
            let user = userEntry(revision: 4, key: key)
            objectKey = Array(PDFCrypto.md5(key + number + Array("sAlT".utf8)).prefix(16))
            encrypted = try aes(compressed, key: objectKey)
            encryption =
                "<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen "
                + "/Length 16 >> >> /StmF /StdCF /StrF /StdCF /O <\(hex(owner))> /U <\(hex(user))> /P -4 >>"
        case .aes256:
            let fileKey: [UInt8] = (0..<32).map { UInt8($0 * 7 + 3) }
            let validationSalt: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
            let keySalt: [UInt8] = [9, 10, 11, 12, 13, 14, 15, 16]
            let user = PDFStandardSecurity.hash(revision: 6, salt: validationSalt) + validationSalt + keySalt
            let userKey = try #require(
                PDFCrypto.aesCBC(
                    encrypt: true,
                    key: PDFStandardSecurity.hash(revision: 6, salt: keySalt),
                    iv: [UInt8](repeating: 0, count: 16),
                    fileKey
                )
            )
            let ownerEntry = [UInt8](repeating: 0x42, count: 48)
            encrypted = try aes(compressed, key: fileKey)
            encryption =
                "<< /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen "
                + "/Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <\(hex(ownerEntry))> /U <\(hex(user))> "
                + "/OE <\(hex([UInt8](repeating: 0x43, count: 32)))> /UE <\(hex(userKey))> "
                + "/Perms <\(hex([UInt8](repeating: 0x44, count: 16)))> /P -4 >>"
        }
        let objects: [[UInt8]] =
            [
                "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> "
                    + "/Contents 4 0 R >>",
            ].map { Array($0.utf8) } + [
                TinyPDF.stream(data: encrypted, dictionary: "/Filter /FlateDecode"), Array(encryption.utf8),
                Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".utf8),
            ]
        let id = hex(identifier)
        return TinyPDF.build(bytes: objects, trailerExtra: "/Encrypt 5 0 R /ID [<\(id)> <\(id)>] ")
    }

    /// The `/U` entry of revisions 2 to 4 for the empty user password (algorithms 4 and 5).
    static func userEntry(revision: Int, key: [UInt8]) -> [UInt8] {
        if revision == 2 { return PDFCrypto.rc4(key: key, PDFStandardSecurity.padding) }
        var value = PDFCrypto.rc4(key: key, PDFCrypto.md5(PDFStandardSecurity.padding + identifier))
        for round in 1...19 { value = PDFCrypto.rc4(key: key.map { $0 ^ UInt8(round) }, value) }
        return value + [UInt8](repeating: 0, count: 16)
    }

    /// AES-CBC with a fixed IV written first and PKCS#7 padding, as PDF stores an AES stream.
    static func aes(_ data: [UInt8], key: [UInt8]) throws -> [UInt8] {
        let iv: [UInt8] = (0..<16).map { UInt8($0 + 100) }
        let pad = 16 - data.count % 16
        let body = try #require(
            PDFCrypto.aesCBC(encrypt: true, key: key, iv: iv, data + [UInt8](repeating: UInt8(pad), count: pad))
        )
        return iv + body
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    static let text = Array("BT /F1 12 Tf 72 770 Td (Encrypted budget text, read back by poppler) Tj ET\n".utf8)

    @Test(arguments: Handler.allCases)
    func popplerReadsTheFixtureBackAndTheScanPassesIt(handler: Handler) throws {
        let bytes = try Self.document(Self.text, handler)
        let layout = try PDFTextExtractor().extract(bytes)
        #expect(layout.text.contains("Encrypted budget text"), "\(layout.text)")
    }

    @Test(arguments: Handler.allCases)
    func aBombInsideAnEncryptedStreamIsRefusedBeforePopplerReadsIt(handler: Handler) throws {
        // The readable text, then 64 MiB of spaces: about 64 KB once compressed, four times the cap on one stream.
        let bomb = try Self.document(Self.text + [UInt8](repeating: 0x20, count: 64 << 20), handler)
        #expect(bomb.count < 200_000)
        do {
            _ = try PDFTextExtractor().extract(bomb)
            Issue.record("the bomb was extracted")
        } catch {
            #expect(error.code == .bomb)
            #expect(error.message.contains("inflates past 16777216 bytes"), "\(error.message)")
        }
    }

    @Test func aDocumentThatNeedsAPasswordIsLeftToPoppler() throws {
        // The /U entry does not match the empty password: the scan cannot decrypt, poppler refuses the file.
        var bytes = try Self.document(Self.text, .rc4r3)
        let user = Array("/U <".utf8)
        let at = try #require(PDFTextExtractor.find(user, in: bytes))
        bytes[at + user.count] = bytes[at + user.count] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let opening = bytes.withUnsafeBufferPointer { PDFStandardSecurity.open($0) }
        guard case .unreadable = opening else {
            Issue.record("a password-protected document read as \(opening)")
            return
        }
        #expect(throws: PDFExtractionError.self) { try PDFTextExtractor().extract(bytes) }
    }
}
