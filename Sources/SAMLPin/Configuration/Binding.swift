/// A SAML 2.0 protocol binding, as named by its URI in metadata.
public enum Binding: String, Sendable, Hashable, CaseIterable, Codable {
    case httpRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    case httpPOST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    case httpArtifact = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
    case soap = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
    case paos = "urn:oasis:names:tc:SAML:2.0:bindings:PAOS"

    /// The binding URI.
    public var uri: String { rawValue }
}

/// An endpoint of an identity provider: where to send a message and through which binding.
public struct Endpoint: Sendable, Hashable {
    /// How messages reach this endpoint.
    public let binding: Binding
    /// Where requests go.
    public let location: String
    /// Where responses go, when the IdP names a different place (single logout).
    public let responseLocation: String?

    public init(binding: Binding, location: String, responseLocation: String? = nil) {
        self.binding = binding
        self.location = location
        self.responseLocation = responseLocation
    }
}
