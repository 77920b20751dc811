import CCrypto

/// The ciphers and digests of PDF's standard security handler: MD5, SHA-2 and AES-CBC through OpenSSL's EVP
/// interface, RC4 by hand (OpenSSL 3 keeps it in its legacy provider, which is not loaded by default).
enum PDFCrypto {
    /// MD5 of `data`.
    static func md5(_ data: [UInt8]) -> [UInt8] { digest(data, EVP_md5()) }

    /// SHA-256, SHA-384 or SHA-512 of `data`.
    static func sha2(_ data: [UInt8], bits: Int) -> [UInt8] {
        switch bits {
        case 384: digest(data, EVP_sha384())
        case 512: digest(data, EVP_sha512())
        default: digest(data, EVP_sha256())
        }
    }

    private static func digest(_ data: [UInt8], _ type: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let succeeded = data.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, type, nil) == 1
            }
        }
        return succeeded ? Array(output.prefix(Int(length))) : []
    }

    /// RC4 of `data` under `key` (encryption and decryption are the same).
    static func rc4(key: [UInt8], _ data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var state = [UInt8](0...255)
        var j = 0
        for i in 0..<256 {
            j = (j + Int(state[i]) + Int(key[i % key.count])) & 255
            state.swapAt(i, j)
        }
        var output = [UInt8](repeating: 0, count: data.count)
        var i = 0
        j = 0
        for index in 0..<data.count {
            i = (i + 1) & 255
            j = (j + Int(state[i])) & 255
            state.swapAt(i, j)
            output[index] = data[index] ^ state[(Int(state[i]) + Int(state[j])) & 255]
        }
        return output
    }

    /// RC4 of an array.
    static func rc4(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBufferPointer { rc4(key: key, $0) }
    }

    /// AES-128 or AES-256 (by the key's length) in CBC mode without padding, over the whole 16-byte blocks of
    /// `data`; nil when OpenSSL refuses.
    static func aesCBC(encrypt: Bool, key: [UInt8], iv: [UInt8], _ data: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard key.count == 16 || key.count == 32, iv.count == 16, let context = EVP_CIPHER_CTX_new() else {
            return nil
        }
        defer { EVP_CIPHER_CTX_free(context) }
        let cipher = key.count == 16 ? EVP_aes_128_cbc() : EVP_aes_256_cbc()
        guard EVP_CipherInit_ex(context, cipher, nil, key, iv, encrypt ? 1 : 0) == 1 else { return nil }
        EVP_CIPHER_CTX_set_padding(context, 0)
        let length = data.count - data.count % 16
        var output = [UInt8](repeating: 0, count: length + 16)
        var written: Int32 = 0
        var final: Int32 = 0
        let succeeded = output.withUnsafeMutableBufferPointer { out in
            guard
                length == 0
                    || EVP_CipherUpdate(context, out.baseAddress, &written, data.baseAddress, Int32(length)) == 1
            else { return false }
            return EVP_CipherFinal_ex(context, out.baseAddress! + Int(written), &final) == 1
        }
        guard succeeded else { return nil }
        return Array(output.prefix(Int(written + final)))
    }

    /// AES-CBC of an array.
    static func aesCBC(encrypt: Bool, key: [UInt8], iv: [UInt8], _ data: [UInt8]) -> [UInt8]? {
        data.withUnsafeBufferPointer { aesCBC(encrypt: encrypt, key: key, iv: iv, $0) }
    }
}
