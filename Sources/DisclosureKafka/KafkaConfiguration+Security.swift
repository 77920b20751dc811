extension KafkaConfiguration {
    /// `security.protocol` with its SASL and TLS settings, passed through to librdkafka.
    public struct Security: Sendable {
        /// `security.protocol`.
        public enum SecurityProtocol: String, Sendable {
            /// No TLS, no SASL.
            case plaintext
            /// TLS.
            case ssl
            /// SASL without TLS.
            case saslPlaintext = "sasl_plaintext"
            /// SASL over TLS.
            case saslSSL = "sasl_ssl"
        }

        /// SASL settings.
        public struct SASL: Sendable {
            /// `sasl.mechanisms`: `PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512`, `OAUTHBEARER`, `GSSAPI`.
            public var mechanism: String
            /// `sasl.username`.
            public var username: String?
            /// `sasl.password` (never printed).
            public var password: String?

            /// Creates SASL settings.
            public init(mechanism: String, username: String? = nil, password: String? = nil) {
                self.mechanism = mechanism
                self.username = username
                self.password = password
            }
        }

        /// TLS settings (file paths unless noted).
        public struct TLS: Sendable {
            /// `ssl.ca.location`.
            public var caLocation: String?
            /// `ssl.certificate.location`.
            public var certificateLocation: String?
            /// `ssl.key.location`.
            public var keyLocation: String?
            /// `ssl.key.password` (never printed).
            public var keyPassword: String?
            /// `ssl.endpoint.identification.algorithm`: `https` (default) or `none`.
            public var endpointIdentification: String?

            /// Creates TLS settings.
            public init(
                caLocation: String? = nil,
                certificateLocation: String? = nil,
                keyLocation: String? = nil,
                keyPassword: String? = nil,
                endpointIdentification: String? = nil
            ) {
                self.caLocation = caLocation
                self.certificateLocation = certificateLocation
                self.keyLocation = keyLocation
                self.keyPassword = keyPassword
                self.endpointIdentification = endpointIdentification
            }
        }

        /// `security.protocol`.
        public var securityProtocol: SecurityProtocol
        /// SASL settings, for `sasl_*` protocols.
        public var sasl: SASL?
        /// TLS settings, for `ssl` and `sasl_ssl`.
        public var tls: TLS?

        /// Creates security settings.
        public init(securityProtocol: SecurityProtocol, sasl: SASL? = nil, tls: TLS? = nil) {
            self.securityProtocol = securityProtocol
            self.sasl = sasl
            self.tls = tls
        }

        /// No TLS, no authentication.
        public static let plaintext = Security(securityProtocol: .plaintext)

        /// The librdkafka properties, in order.
        var properties: [(key: String, value: String)] {
            var list: [(key: String, value: String)] = [("security.protocol", securityProtocol.rawValue)]
            if let sasl {
                list.append(("sasl.mechanisms", sasl.mechanism))
                if let username = sasl.username { list.append(("sasl.username", username)) }
                if let password = sasl.password { list.append(("sasl.password", password)) }
            }
            if let tls {
                if let value = tls.caLocation { list.append(("ssl.ca.location", value)) }
                if let value = tls.certificateLocation { list.append(("ssl.certificate.location", value)) }
                if let value = tls.keyLocation { list.append(("ssl.key.location", value)) }
                if let value = tls.keyPassword { list.append(("ssl.key.password", value)) }
                if let value = tls.endpointIdentification {
                    list.append(("ssl.endpoint.identification.algorithm", value))
                }
            }
            return list
        }
    }
}
