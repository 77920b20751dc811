import Testing

@testable import DisclosureCore

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesFIPSVectors(input: String, digest: String) {
        #expect(SHA256.hexDigest(Array(input.utf8)) == digest)
    }

    @Test func oneShotDigestsMatchIncrementalOnesAroundBlockBoundaries() {
        var bytes: [UInt8] = []
        for length in 0..<200 {
            var hasher = SHA256()
            hasher.update(bytes[..<(length / 2)])
            hasher.update(bytes[(length / 2)...])
            let incremental = hasher.finalizeHex()
            #expect(SHA256.hexDigest(bytes) == incremental, "length \(length)")
            var again = SHA256()
            again.update(bytes)
            let digest = again.finalize()
            let hex = digest.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
            #expect(hex == incremental, "length \(length)")
            bytes.append(UInt8(truncatingIfNeeded: length &* 31 &+ 7))
        }
    }

    @Test func hashesInputsLongerThanOneBlockIncrementally() {
        let bytes = Array(repeating: UInt8(ascii: "a"), count: 1_000_000)
        var hasher = SHA256()
        hasher.update(bytes[..<333])
        hasher.update(bytes[333...])
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

/// The SHA-extension blocks against the portable Swift ones, on every length around the block boundaries.
@Suite struct SHA256AccelerationTests {
    @Test func acceleratedAndPortableDigestsAgree() {
        var bytes: [UInt8] = []
        var seed: UInt32 = 7
        for length in 0..<300 {
            var accelerated = SHA256()
            var portable = SHA256(portable: true)
            accelerated.update(bytes)
            portable.update(bytes)
            #expect(accelerated.finalizeHex() == portable.finalizeHex(), "length \(length)")
            seed = seed &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: seed >> 16))
        }
    }

    @Test func portableMatchesAFIPSVector() {
        var hasher = SHA256(portable: true)
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
