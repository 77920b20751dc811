import CPoppler

/// One zlib inflater (FlateDecode), owned by one value and ended in `deinit`; output goes to a caller's closure in
/// chunks of at most 64 KiB, so inflating costs a fixed amount of memory whatever the stream expands to.
///
/// - Important: not `Sendable`; created, used and dropped inside one scan.
final class FlateInflater {
    /// Why inflating stopped early.
    enum Outcome: Equatable {
        /// The input ended (or the stream's end was reached).
        case finished
        /// The data is not valid zlib data (encrypted, another filter first, or garbage): poppler decides.
        case invalid
        /// The sink asked to stop.
        case stopped
    }

    /// The zlib state; lives at a stable address for zlib's internal back pointer.
    private let stream: UnsafeMutablePointer<z_stream>
    /// The output buffer, reused for every chunk.
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var isReady: Bool
    private var ended = false

    /// Creates an inflater.
    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        buffer = .allocate(capacity: 64 * 1024)
        isReady = cpoppler_inflate_init(stream) == Z_OK
    }

    deinit {
        if isReady { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        buffer.deallocate()
    }

    /// Inflates `input`, passing each chunk of output to `sink`, which returns false to stop.
    ///
    /// - Parameter sink: receives output chunks; the pointer is valid only during the call.
    /// - Returns: how it ended.
    func inflate(_ input: UnsafeBufferPointer<UInt8>, into sink: (UnsafeBufferPointer<UInt8>) -> Bool) -> Outcome {
        guard isReady else { return .invalid }
        guard !ended, let base = input.baseAddress, !input.isEmpty else { return .finished }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
        stream.pointee.avail_in = uInt(input.count)
        while true {
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = uInt(buffer.count)
            let status = CPoppler.inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            if produced > 0, !sink(UnsafeBufferPointer(rebasing: buffer[0..<produced])) { return .stopped }
            switch status {
            case Z_STREAM_END:
                ended = true
                return .finished
            case Z_OK:
                // More output may be pending even with no input left; stop only when zlib made no progress.
                if stream.pointee.avail_in == 0 && produced < buffer.count { return .finished }
            case Z_BUF_ERROR:
                return .finished
            default:
                return .invalid
            }
        }
    }
}
