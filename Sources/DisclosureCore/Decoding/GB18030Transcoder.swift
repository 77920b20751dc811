#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// GB18030 (and so GBK and GB2312) to UTF-8, exactly as the C library's iconv converts it, which pins a bad or
/// truncated sequence to its byte.
///
/// ASCII, the two-byte codes and the four-byte codes iconv decodes to one scalar are read from
/// ``GB18030Tables`` (built from iconv once); the supplementary planes' four-byte codes are linear. Any other byte
/// sequence (a bad or cut-off one, or a code iconv does not decode to one scalar) is handed to iconv itself, so
/// what is accepted and where an error is reported are iconv's decisions, as they were when iconv read
/// everything (``iconvUTF8(fromGB18030:)``, kept as the reference the tests compare against).
enum GB18030Transcoder {
    /// Why a conversion failed.
    enum Failure: Error, Sendable, Equatable {
        /// A byte sequence that is not GB18030, at this offset.
        case invalid(offset: Int)
        /// The input ends inside a multi-byte sequence starting at this offset.
        case truncated(offset: Int)
        /// iconv could not be opened for GB18030 (a C library without it).
        case unavailable
    }

    /// Converts GB18030 bytes to UTF-8 bytes.
    ///
    /// - Throws: ``Failure`` with the byte offset of the first bad sequence.
    static func utf8(fromGB18030 bytes: [UInt8]) throws(Failure) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        guard let tables = GB18030Tables.shared else { throw .unavailable }
        var failure: Failure?
        // One GB18030 byte becomes at most 2 UTF-8 bytes (FE 51 → U+20087 is 2 → 4); every code is written as a
        // whole 4-byte store, so 2n + 16 leaves room for the last one.
        let capacity = 2 * bytes.count + 16
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { outBuffer, outCount in
            outCount = bytes.withUnsafeBufferPointer { inBuffer in
                tables.twoByte.withUnsafeBufferPointer { twoByte in
                    tables.fourByte.withUnsafeBufferPointer { fourByte in
                        var fallback = IconvFallback()
                        defer { fallback.close() }
                        do throws(Failure) {
                            return try transcode(
                                inBuffer,
                                into: UnsafeMutableRawBufferPointer(outBuffer),
                                twoByte: twoByte,
                                fourByte: fourByte,
                                fallback: &fallback
                            )
                        } catch {
                            failure = error
                            return 0
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
        return output
    }

    /// The same conversion done by iconv alone, in one call (the reference ``utf8(fromGB18030:)`` must match).
    static func iconvUTF8(fromGB18030 bytes: [UInt8]) throws(Failure) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        guard let converter = iconv_open("UTF-8", "GB18030"), converter != iconv_t(bitPattern: -1) else {
            throw .unavailable
        }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: 2 * bytes.count + 16)
        let outcome = bytes.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                convert(converter, UnsafeRawBufferPointer(inBuffer), into: UnsafeMutableRawBufferPointer(outBuffer))
            }
        }
        if let error = outcome.error {
            if error == EINVAL { throw .truncated(offset: outcome.consumed) }
            throw .invalid(offset: outcome.consumed)
        }
        output.removeSubrange(outcome.produced...)
        return output
    }

    // MARK: - Private

    /// The decoding loop; returns the number of bytes written.
    private static func transcode(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableRawBufferPointer,
        twoByte: UnsafeBufferPointer<UInt32>,
        fourByte: UnsafeBufferPointer<UInt32>,
        fallback: inout IconvFallback
    ) throws(Failure) -> Int {
        guard let source = input.baseAddress, let destination = output.baseAddress else { return 0 }
        let count = input.count
        var index = 0
        var written = 0
        while index < count {
            let lead = source[index]
            if lead < 0x80 {
                // ASCII (markup, digits, punctuation): eight bytes at a time where eight are ASCII.
                if index &+ 8 <= count {
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        (destination + written).storeBytes(of: word, as: UInt64.self)
                        index &+= 8
                        written &+= 8
                        continue
                    }
                }
                destination.storeBytes(of: lead, toByteOffset: written, as: UInt8.self)
                index &+= 1
                written &+= 1
                continue
            }
            // A lead byte (0x81…0xFE) and a second byte: four bytes when that is a digit, else two.
            if lead &- 0x81 < 0x7E, index &+ 1 < count {
                let second = source[index &+ 1]
                if second &- 0x30 >= 10 {
                    let entry = twoByte[(Int(lead) &- 0x81) &<< 8 | Int(second)]
                    if entry != 0 {
                        (destination + written).storeBytes(of: entry.littleEndian, as: UInt32.self)
                        index &+= 2
                        written &+= Int(entry &>> 24)
                        continue
                    }
                } else if index &+ 3 < count {
                    let third = source[index &+ 2]
                    let fourth = source[index &+ 3]
                    if third &- 0x81 < 0x7E, fourth &- 0x30 < 10 {
                        let linear = GB18030Tables.fourByteLinearIndex(lead, second, third, fourth)
                        if linear < GB18030Tables.fourByteCount {
                            let entry = fourByte[linear]
                            if entry != 0 {
                                (destination + written).storeBytes(of: entry.littleEndian, as: UInt32.self)
                                index &+= 4
                                written &+= Int(entry &>> 24)
                                continue
                            }
                        } else if linear &- GB18030Tables.supplementaryBase < 0x10_0000,
                            linear >= GB18030Tables.supplementaryBase
                        {
                            let scalar = UInt32(linear &- GB18030Tables.supplementaryBase) &+ 0x1_0000
                            let utf8 = GB18030Tables.supplementaryUTF8(scalar)
                            (destination + written).storeBytes(of: utf8.littleEndian, as: UInt32.self)
                            index &+= 4
                            written &+= 4
                            continue
                        }
                    }
                }
            }
            // Anything else is iconv's to decide: it decodes the code here, or says it is bad or cut off.
            let step = try fallback.convert(input, at: index, into: output, at: written)
            index &+= step.consumed
            written &+= step.produced
        }
        return written
    }

    /// One iconv call over `input`, writing into `output`: the bytes read and written, and `errno` if it failed.
    static func convert(
        _ converter: iconv_t,
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) -> (consumed: Int, produced: Int, error: Int32?) {
        guard let inBase = input.baseAddress, let outBase = output.baseAddress else { return (0, 0, nil) }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
            mutating: inBase.assumingMemoryBound(to: CChar.self)
        )
        var inLeft = input.count
        var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
        var outLeft = output.count
        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
        let error = result == -1 ? errno : nil
        return (input.count - inLeft, output.count - outLeft, error)
    }
}

/// The iconv converter the table-driven decoder hands what it does not decode itself, opened at the first such
/// sequence of a document (most documents have none).
private struct IconvFallback {
    private var converter: iconv_t?

    /// Decodes the code at `index` of `input` (and whatever else fits in a 4-byte window) into `output` at
    /// `written`.
    ///
    /// iconv decides a code from its own bytes only (GB18030 has no shift state), so a window of the longest code
    /// gives the answer a whole-input call would: the codes it decodes, or a bad sequence at `index`. A sequence
    /// iconv finds cut off by the window's end is retried against the rest of the input.
    mutating func convert(
        _ input: UnsafeBufferPointer<UInt8>,
        at index: Int,
        into output: UnsafeMutableRawBufferPointer,
        at written: Int
    ) throws(GB18030Transcoder.Failure) -> (consumed: Int, produced: Int) {
        if converter == nil {
            guard let opened = iconv_open("UTF-8", "GB18030"), opened != iconv_t(bitPattern: -1) else {
                throw .unavailable
            }
            converter = opened
        }
        guard let converter else { throw .unavailable }
        let rest = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(input)[index...])
        var window = UnsafeRawBufferPointer(rebasing: rest[..<min(4, rest.count)])
        while true {
            _ = iconv(converter, nil, nil, nil, nil)
            let step = GB18030Transcoder.convert(
                converter,
                window,
                into: UnsafeMutableRawBufferPointer(rebasing: output[written...])
            )
            if step.consumed > 0 { return (step.consumed, step.produced) }
            switch step.error {
            case EINVAL where window.count < rest.count:
                window = rest
            case EINVAL:
                throw .truncated(offset: index)
            default:
                // EILSEQ, or no progress for any other reason: the sequence here is not GB18030.
                throw .invalid(offset: index)
            }
        }
    }

    /// Closes the converter, if one was opened.
    mutating func close() {
        if let converter { iconv_close(converter) }
        converter = nil
    }
}
