public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A `disclosure-worker dev-broker --control` in a process of its own: its bootstrap address and its control
/// channel (one command line in, one answer line out; `DevBrokerControlCommand`).
///
/// Tests that take a broker down use this rather than an in-process `KafkaMockCluster`: librdkafka 2.0.2's
/// `rd_kafka_mock_broker_set_down` closes the broker's listening socket and at once binds a new one to the same port,
/// and asserts (aborting its process) that the bind succeeded. Any socket on the host can take that port in the
/// moment between (CI once saw `Failed to bind mock broker socket … Address already in use`, then the assertion):
/// in the test process that ended the whole test run; here it ends this broker, and the one test that uses it fails.
public final class DevBrokerProcess {
    /// The bootstrap address the broker printed (`HOST:PORT[,HOST:PORT…]`).
    public private(set) var bootstrap = ""
    private let process = Process()
    private let output = Pipe()
    /// Our end of the socket pair that is the broker's stdin. A socket, not a pipe: written with `MSG_NOSIGNAL`, a
    /// command to a broker that has died fails with `EPIPE` instead of killing the test process with `SIGPIPE`.
    private let commands: Int32
    private var buffered: [UInt8] = []
    private var started = false

    /// Starts `executable dev-broker --control ARGUMENTS…` and reads its `bootstrap=` line.
    ///
    /// - Throws: ``Failure`` when it cannot start or does not announce its address.
    public init(executable: URL, arguments: [String]) throws {
        var ends: [Int32] = [-1, -1]
        // Close-on-exec: no other process the tests start may hold either end (the broker's stdin is a dup of it).
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw Failure("socketpair: errno \(errno)")
        }
        commands = ends[0]
        let brokerInput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        process.executableURL = executable
        process.arguments = ["dev-broker", "--control"] + arguments
        process.standardInput = brokerInput
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        started = true
        try? brokerInput.close()
        guard let first = readLine(), first.hasPrefix("bootstrap=") else {
            stop()
            throw Failure("dev-broker did not print its bootstrap address (\(exitDescription))")
        }
        bootstrap = String(first.dropFirst("bootstrap=".count))
    }

    deinit {
        stop()
        close(commands)
    }

    /// Sends one command line and returns the broker's answer (`ok LINE` or `error: WHY`).
    ///
    /// - Throws: ``Failure`` when the broker is gone (e.g. it aborted while applying the command).
    public func send(_ command: String) throws -> String {
        let line = Array((command + "\n").utf8)
        var written = 0
        while written < line.count {
            let count = line[written...].withUnsafeBytes { bytes in
                Glibc.send(commands, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure("cannot send `\(command)` to the dev broker: errno \(errno) (\(exitDescription))")
            }
            written += count
        }
        guard let answer = readLine() else {
            throw Failure("the dev broker ended without answering `\(command)` (\(exitDescription))")
        }
        return answer
    }

    /// Stops the broker (SIGTERM) and waits for it.
    public func stop() {
        guard started else { return }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// One line of the broker's stdout (blocking; nil at end of output).
    private func readLine() -> String? {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffered += chunk
        }
    }

    /// How the broker ended, or that it still runs. Its output ends as it exits: give it a moment to be reaped.
    private var exitDescription: String {
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning { return "still running" }
        let how = process.terminationReason == .uncaughtSignal ? "signal" : "exit status"
        return "\(how) \(process.terminationStatus)"
    }

    /// The broker could not be started or reached.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        init(_ description: String) {
            self.description = description
        }
    }
}
