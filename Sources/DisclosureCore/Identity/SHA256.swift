import CSHA256

/// SHA-256 (FIPS 180-4), for document and anomaly ids.
///
/// The core has no crypto dependency (swift-crypto would add a minute to every cold build) and needs a hash
/// only for ids, not for security; this is the textbook algorithm, checked against the FIPS test vectors. Where
/// the CPU has the x86 SHA extensions, blocks go through them (`CSHA256`, about five times faster: a document's
/// id is otherwise a fifth of the time budget of parsing it).
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0
    /// Whether blocks go through the SHA extensions.
    private let accelerated: Bool

    /// Whether this CPU has the SHA extensions the accelerated blocks need.
    static let cpuHasSHAExtensions = csha256_accelerated() != 0

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Creates a fresh hasher.
    public init() {
        accelerated = SHA256.cpuHasSHAExtensions
    }

    /// Creates a fresh hasher that never uses the SHA extensions (to test one implementation against the other).
    init(portable: Bool) {
        accelerated = !portable && SHA256.cpuHasSHAExtensions
    }

    /// Hashes `bytes` and returns the lowercase hex digest.
    public static func hexDigest<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        hexDigest(bytes, prefix: "")
    }

    /// Hashes `bytes` and returns `prefix` followed by the lowercase hex digest, as one string (a `sha256:` id
    /// with no second string to join).
    public static func hexDigest<C: Collection>(_ bytes: C, prefix: StaticString) -> String where C.Element == UInt8 {
        // Contiguous bytes (an array, the common case) are hashed in place: no copy of the tail, no buffer.
        if let digest = bytes.withContiguousStorageIfAvailable({ input -> String in
            var hasher = SHA256()
            let whole = input.count / 64 * 64
            hasher.compress(UnsafeBufferPointer(rebasing: input[..<whole]))
            hasher.length = UInt64(input.count)
            hasher.pad(tail: UnsafeBufferPointer(rebasing: input[whole...]))
            return hasher.hex(prefix: prefix)
        }) {
            return digest
        }
        var hasher = SHA256()
        hasher.update(bytes)
        hasher.finish()
        return hasher.hex(prefix: prefix)
    }

    /// Feeds more bytes.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        length &+= UInt64(bytes.count)
        if buffer.isEmpty, let contiguous = bytes.withContiguousStorageIfAvailable({ $0 }) {
            let whole = contiguous.count / 64 * 64
            compress(UnsafeBufferPointer(rebasing: contiguous[..<whole]))
            buffer.append(contentsOf: contiguous[whole...])
            return
        }
        buffer.append(contentsOf: bytes)
        let whole = buffer.count / 64 * 64
        guard whole > 0 else { return }
        // The buffer is moved out while its blocks are compressed (no second reference, so no copy on the
        // removal), and moved back.
        var blocks: [UInt8] = []
        swap(&blocks, &buffer)
        blocks.withUnsafeBufferPointer { compress(UnsafeBufferPointer(rebasing: $0[..<whole])) }
        blocks.removeFirst(whole)
        swap(&blocks, &buffer)
    }

    /// Finishes and returns the 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        finish()
        let words = state
        // Written straight into the array's storage: no array of words, no appends.
        return [UInt8](unsafeUninitializedCapacity: 32) { digest, initialized in
            withUnsafeBytes(of: words) { raw in
                for index in 0..<8 {
                    let word = raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)
                    digest[4 * index] = UInt8(truncatingIfNeeded: word >> 24)
                    digest[4 * index + 1] = UInt8(truncatingIfNeeded: word >> 16)
                    digest[4 * index + 2] = UInt8(truncatingIfNeeded: word >> 8)
                    digest[4 * index + 3] = UInt8(truncatingIfNeeded: word)
                }
            }
            initialized = 32
        }
    }

    /// Writes the digest of the bytes fed so far followed by `more` into `digest` (32 bytes), leaving this hasher
    /// as it was: ids that share a prefix resume from its hashed state with no copy of the buffered tail.
    func digest(continuingWith more: UnsafeBufferPointer<UInt8>, into digest: UnsafeMutableRawBufferPointer) {
        var hasher = self
        let total = buffer.count + more.count
        // The buffered tail and `more` joined on the stack: whole blocks compressed, the rest padded.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(total, 1)) { joined in
            let raw = UnsafeMutableRawBufferPointer(joined)
            buffer.withUnsafeBytes { raw.copyMemory(from: $0) }
            UnsafeMutableRawBufferPointer(rebasing: raw[buffer.count...]).copyMemory(from: UnsafeRawBufferPointer(more))
            let whole = total / 64 * 64
            hasher.compress(UnsafeBufferPointer(rebasing: joined[..<whole]))
            hasher.length = length &+ UInt64(more.count)
            hasher.pad(tail: UnsafeBufferPointer(rebasing: joined[whole..<total]))
        }
        let words = hasher.state
        withUnsafeBytes(of: words) { raw in
            for index in 0..<8 {
                digest.storeBytes(
                    of: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self).bigEndian,
                    toByteOffset: 4 * index,
                    as: UInt32.self
                )
            }
        }
    }

    /// Finishes and returns the lowercase hex digest.
    public mutating func finalizeHex() -> String {
        finish()
        return hex()
    }

    /// Pads the buffered tail and compresses it.
    private mutating func finish() {
        var tail: [UInt8] = []
        swap(&tail, &buffer)
        tail.withUnsafeBufferPointer { pad(tail: $0) }
    }

    /// Compresses the last bytes (fewer than 64) with the padding and the bit length, in a stack buffer.
    private mutating func pad(tail: UnsafeBufferPointer<UInt8>) {
        let bitLength = length &* 8
        // 0x80, zeros, then the 8-byte length: one block, or two when the tail leaves no room for the length.
        let total = tail.count + 9 <= 64 ? 64 : 128
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { block in
            var index = 0
            while index < tail.count {
                block[index] = tail[index]
                index += 1
            }
            block[index] = 0x80
            index += 1
            while index < total - 8 {
                block[index] = 0
                index += 1
            }
            for shift in stride(from: 56, through: 0, by: -8) {
                block[index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))
                index += 1
            }
            compress(UnsafeBufferPointer(rebasing: block[..<total]))
        }
    }

    /// `prefix` and the state as 64 lowercase hex digits (after ``finish()`` or ``pad(tail:)``).
    private func hex(prefix: StaticString = "") -> String {
        let words = state
        let prefixCount = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: prefixCount + 64) { out in
            @inline(__always) func digit(_ value: UInt32) -> UInt8 {
                value < 10 ? 0x30 + UInt8(value) : 0x57 + UInt8(value)
            }
            var index = 0
            while index < prefixCount {
                out[index] = prefix.utf8Start[index]
                index += 1
            }
            func put(_ word: UInt32) {
                for shift in stride(from: 28, through: 0, by: -4) {
                    out[index] = digit((word >> UInt32(shift)) & 0x0F)
                    index += 1
                }
            }
            put(words.0)
            put(words.1)
            put(words.2)
            put(words.3)
            put(words.4)
            put(words.5)
            put(words.6)
            put(words.7)
            return index
        }
    }

    /// Compresses whole 64-byte blocks (`blocks.count` is a multiple of 64).
    private mutating func compress(_ blocks: UnsafeBufferPointer<UInt8>) {
        guard let base = blocks.baseAddress, blocks.count >= 64 else { return }
        if accelerated {
            withUnsafeMutablePointer(to: &state) { tuple in
                tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { words in
                    csha256_compress_blocks(words, base, blocks.count / 64)
                }
            }
            return
        }
        // The message schedule lives on the stack and the round constants are read through a pointer: an array
        // per block and a global's accessor per round cost more than the rounds.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            SHA256.k.withUnsafeBufferPointer { k in
                var offset = 0
                while offset < blocks.count {
                    compress(UnsafeBufferPointer(rebasing: blocks[offset..<offset + 64]), schedule: w, constants: k)
                    offset += 64
                }
            }
        }
    }

    @inline(__always)
    private mutating func compress(
        _ block: UnsafeBufferPointer<UInt8>,
        schedule w: UnsafeMutableBufferPointer<UInt32>,
        constants k: UnsafeBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            w[i] =
                UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8
                | UInt32(block[4 * i + 3])
        }
        for i in 16..<64 {
            let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
            let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        for i in 0..<64 {
            let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
            let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            h = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
        }
        state = (
            state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g,
            state.7 &+ h
        )
    }
}

extension UInt32 {
    @inline(__always) fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}
