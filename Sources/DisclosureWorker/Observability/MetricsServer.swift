public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// A tiny HTTP server: `/metrics` (Prometheus text format), `/healthz` (liveness), `/readyz` (readiness).
///
/// Each answer is `200` with a short body, or `503` with the reason, so `curl -f` and Kubernetes probes read it
/// directly. It runs as a ``Service`` until graceful shutdown.
public final class MetricsServer: Service, Sendable {
    private let host: String
    private let port: Int
    private let metrics: WorkerMetrics
    private let health: WorkerHealth
    private let logger: Logger
    /// The bound port once known (`.some(nil)` when binding failed), and the callers of ``port()`` waiting for it.
    private let binding = Mutex<(port: Int??, waiters: [CheckedContinuation<Int?, Never>])>((nil, []))

    /// Creates the server.
    ///
    /// - Parameters:
    ///   - host: the address to listen on.
    ///   - port: the port (0: any free port; see ``port()``).
    public init(host: String, port: Int, metrics: WorkerMetrics, health: WorkerHealth, logger: Logger) {
        self.host = host
        self.port = port
        self.metrics = metrics
        self.health = health
        self.logger = logger
    }

    /// The port the server listens on, once it does (waits until it is bound; `nil` if it never was).
    public func port() async -> Int? {
        await withCheckedContinuation { continuation in
            let known: Int?? = binding.withLock { binding in
                if let port = binding.port { return port }
                binding.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    /// Records the outcome of binding and wakes the callers of ``port()``.
    private func bound(_ port: Int?) {
        let waiters = binding.withLock { binding in
            binding.port = .some(port)
            defer { binding.waiters.removeAll() }
            return binding.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// Serves until graceful shutdown or cancellation.
    ///
    /// - Throws: when the address cannot be bound.
    public func run() async throws {
        let metrics = self.metrics
        let health = self.health
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline().flatMap {
                        channel.pipeline.addHandler(HTTPEndpointHandler(metrics: metrics, health: health))
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            bound(nil)
            throw error
        }
        let actual = channel.localAddress?.port ?? port
        bound(actual)
        logger.info(
            "metrics endpoint listening",
            metadata: [LoggingKeys.httpAddress: "\(host):\(actual)"]
        )
        // A NIO future ignores task cancellation: close the channel on cancellation too. A failed sibling service
        // (the supervisor stopping with an error) cancels the group, and the process must then exit with that error
        // instead of serving probes forever.
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                try? await channel.closeFuture.get()
            } onGracefulShutdown: {
                channel.close(promise: nil)
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}

/// Answers one HTTP request per call from the metrics and health state.
private final class HTTPEndpointHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let metrics: WorkerMetrics
    let health: WorkerHealth

    init(metrics: WorkerMetrics, health: WorkerHealth) {
        self.metrics = metrics
        self.health = health
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        let (status, contentType, body): (HTTPResponseStatus, String, [UInt8]) =
            switch path {
            case "/metrics": (.ok, "text/plain; version=0.0.4; charset=utf-8", metrics.render())
            case "/healthz":
                health.livenessProblem.map { (.serviceUnavailable, "text/plain", Array(($0 + "\n").utf8)) }
                    ?? (.ok, "text/plain", Array("ok\n".utf8))
            case "/readyz":
                health.readinessProblem.map { (.serviceUnavailable, "text/plain", Array(($0 + "\n").utf8)) }
                    ?? (.ok, "text/plain", Array("ready\n".utf8))
            default: (.notFound, "text/plain", Array("not found\n".utf8))
            }
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "content-length", value: String(body.count))
        headers.add(name: "connection", value: "close")
        let head = HTTPResponseHead(version: request.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        // One request per connection: close once the response is out (the channel is Sendable, the context not).
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
