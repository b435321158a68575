/// Per-IdP rules for verifying responses. The defaults are the safe choice; each opt-in
/// weakens one check for IdPs that need it, and says so in `saml-pin.json`.
public struct IdentityProviderPolicy: Sendable, Hashable {
    /// Which signatures must cover the assertion.
    public enum SignatureRequirement: String, Sendable, Hashable, CaseIterable, Codable {
        /// The assertion's own signature or the enclosing Response's signature (the default).
        case assertionOrResponse = "assertion-or-response"
        /// The assertion must carry its own valid signature.
        case assertion
        /// The Response must carry a valid signature.
        case response
        /// Both the Response and the assertion must be signed.
        case both
    }

    /// The largest allowed clock skew, in seconds.
    public static let maximumClockSkew: Int = 300

    /// Which signatures must cover the assertion.
    public let signatureRequirement: SignatureRequirement
    /// Clock skew tolerated on time conditions, in seconds; clamped to `0...maximumClockSkew`.
    public let clockSkewSeconds: Int
    /// The largest decoded message accepted, in bytes.
    public let maximumMessageSize: Int
    /// Accept RSA-SHA1 signatures and SHA-1 digests. Off unless the IdP cannot do better.
    public let allowsSHA1: Bool
    /// Accept IdP-initiated (unsolicited) responses, which carry no `InResponseTo`.
    public let allowsUnsolicitedResponses: Bool

    public init(
        signatureRequirement: SignatureRequirement = .assertionOrResponse,
        clockSkewSeconds: Int = 180,
        maximumMessageSize: Int = 1 << 20,
        allowsSHA1: Bool = false,
        allowsUnsolicitedResponses: Bool = false
    ) {
        self.signatureRequirement = signatureRequirement
        self.clockSkewSeconds = min(max(clockSkewSeconds, 0), Self.maximumClockSkew)
        self.maximumMessageSize = max(maximumMessageSize, 0)
        self.allowsSHA1 = allowsSHA1
        self.allowsUnsolicitedResponses = allowsUnsolicitedResponses
    }
}
