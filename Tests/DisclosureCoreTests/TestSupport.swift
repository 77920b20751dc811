import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Helpers shared by the decoding tests.
enum TestSupport {
    /// `text` encoded as GB18030 through iconv (fixtures are generated, never committed).
    static func gb18030(_ text: String) -> [UInt8] {
        let converter = iconv_open("GB18030", "UTF-8")
        precondition(converter != iconv_t(bitPattern: -1), "iconv has no GB18030")
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                inBuffer.withMemoryRebound(to: CChar.self) { inChars in
                    outBuffer.withMemoryRebound(to: CChar.self) { outChars in
                        var inPointer = inChars.baseAddress
                        var inLeft = inChars.count
                        var outPointer = outChars.baseAddress
                        var outLeft = outChars.count
                        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        precondition(result != -1, "iconv failed")
                        return outChars.count - outLeft
                    }
                }
            }
        }
        return Array(output[..<produced])
    }

    /// The repository root (this file is `Tests/DisclosureCoreTests/TestSupport.swift`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `../shared/corpus` next to the repository, when present.
    static var corpus: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The seed document's text, when the corpus is present.
    static var seedText: String? {
        guard let corpus else { return nil }
        return try? String(contentsOf: corpus.appendingPathComponent("seed/tongliang-2024-budget.txt"), encoding: .utf8)
    }
}
