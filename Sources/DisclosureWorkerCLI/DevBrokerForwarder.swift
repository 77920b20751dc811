import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A localhost TCP forwarder that gives the dev broker a fixed bootstrap port.
///
/// librdkafka 2.0.2's mock cluster always listens on ports of its own choosing (`rdkafka_mock.h` has no way to pick
/// one). Kafka clients only need the bootstrap address to fetch metadata, which then names the brokers' real
/// addresses, so forwarding `127.0.0.1:PORT` to broker 1 is enough for local clients: they bootstrap through the
/// forwarder and then talk to the brokers directly. A thread per direction per connection: a development tool.
final class DevBrokerForwarder: Sendable {
    private let listener: Int32
    private let targetPort: UInt16

    /// Binds `127.0.0.1:port`.
    ///
    /// - Throws: `DevBrokerForwarder.Failure` when the port cannot be bound (in use, privileged).
    init(port: Int, targetPort: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw Failure(message: "socket: errno \(errno)") }
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: UInt16(port))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            let code = errno
            close(listener)
            throw Failure(message: "cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(code)))")
        }
        self.listener = listener
        self.targetPort = UInt16(targetPort)
    }

    /// Accepts connections on a thread of its own until the process exits.
    func start() {
        let thread = Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                connect(client)
            }
        }
        thread.name = "dev-broker-forwarder"
        thread.start()
    }

    private func connect(_ client: Int32) {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: targetPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard upstream >= 0, connected == 0 else {
            if upstream >= 0 { close(upstream) }
            close(client)
            return
        }
        // Each direction closes its write side at EOF; the last one to finish closes both sockets.
        let remaining = Remaining(client: client, upstream: upstream)
        for (from, to) in [(client, upstream), (upstream, client)] {
            Thread {
                Self.pump(from: from, to: to)
                shutdown(to, Int32(SHUT_WR))
                remaining.finishOne()
            }.start()
        }
    }

    private static func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + offset, count - offset) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// Closes a connection's two sockets once both directions are done.
    private final class Remaining: @unchecked Sendable {
        // @unchecked: `count` is only touched under `lock`.
        private let lock = NSLock()
        private var count = 2
        private let client: Int32
        private let upstream: Int32

        init(client: Int32, upstream: Int32) {
            self.client = client
            self.upstream = upstream
        }

        func finishOne() {
            lock.lock()
            count -= 1
            let last = count == 0
            lock.unlock()
            if last {
                close(client)
                close(upstream)
            }
        }
    }

    /// Why the forwarder could not start.
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
