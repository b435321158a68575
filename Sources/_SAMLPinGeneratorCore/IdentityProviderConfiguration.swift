/// One entry of `identityProviders` in `saml-pin.json`: which metadata to pin and how strictly to
/// verify responses from it.
public struct IdentityProviderConfiguration: Sendable, Hashable, Decodable {
    /// Which signatures must cover the assertion (mirrors `IdentityProviderPolicy.SignatureRequirement`).
    public enum SignatureRequirement: String, Sendable, Hashable, CaseIterable, Decodable {
        case assertionOrResponse = "assertion-or-response"
        case assertion
        case response
        case both
    }

    /// Defaults for the optional keys.
    public static let defaultExpiryWarningDays = 60
    public static let defaultClockSkewSeconds = 180
    public static let defaultMaximumMessageSize = 1 << 20

    /// Lowercase letters, digits and '-'; it appears in URLs and names the generated Swift value.
    public var slug: String
    /// The metadata file, relative to the configuration file.
    public var metadata: String
    /// The entity to pin; required when the file holds more than one identity provider.
    public var entityID: String?
    /// Warn when a pinned certificate expires within this many days.
    public var expiryWarningDays: Int
    /// Pin an expired certificate with a warning instead of failing.
    public var allowExpiredCertificate: Bool
    /// Accept RSA-SHA1 signatures and SHA-1 digests from this IdP.
    public var allowSHA1: Bool
    /// Accept IdP-initiated responses.
    public var allowUnsolicitedResponses: Bool
    /// Which signatures must cover the assertion.
    public var signatureRequirement: SignatureRequirement
    /// Clock skew tolerated on time conditions, in seconds.
    public var clockSkewSeconds: Int
    /// The largest decoded message accepted, in bytes.
    public var maximumMessageSize: Int

    public init(
        slug: String,
        metadata: String,
        entityID: String? = nil,
        expiryWarningDays: Int = IdentityProviderConfiguration.defaultExpiryWarningDays,
        allowExpiredCertificate: Bool = false,
        allowSHA1: Bool = false,
        allowUnsolicitedResponses: Bool = false,
        signatureRequirement: SignatureRequirement = .assertionOrResponse,
        clockSkewSeconds: Int = IdentityProviderConfiguration.defaultClockSkewSeconds,
        maximumMessageSize: Int = IdentityProviderConfiguration.defaultMaximumMessageSize
    ) {
        self.slug = slug
        self.metadata = metadata
        self.entityID = entityID
        self.expiryWarningDays = expiryWarningDays
        self.allowExpiredCertificate = allowExpiredCertificate
        self.allowSHA1 = allowSHA1
        self.allowUnsolicitedResponses = allowUnsolicitedResponses
        self.signatureRequirement = signatureRequirement
        self.clockSkewSeconds = clockSkewSeconds
        self.maximumMessageSize = maximumMessageSize
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case slug, metadata, entityID, expiryWarningDays, allowExpiredCertificate, allowSHA1
        case allowUnsolicitedResponses, signatureRequirement, clockSkewSeconds, maximumMessageSize
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.refuseUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        slug = try container.decode(String.self, forKey: .slug)
        metadata = try container.decode(String.self, forKey: .metadata)
        entityID = try container.decodeIfPresent(String.self, forKey: .entityID)
        expiryWarningDays = try container.decodeIfPresent(Int.self, forKey: .expiryWarningDays)
            ?? Self.defaultExpiryWarningDays
        allowExpiredCertificate = try container.decodeIfPresent(Bool.self, forKey: .allowExpiredCertificate) ?? false
        allowSHA1 = try container.decodeIfPresent(Bool.self, forKey: .allowSHA1) ?? false
        allowUnsolicitedResponses = try container.decodeIfPresent(Bool.self, forKey: .allowUnsolicitedResponses)
            ?? false
        signatureRequirement = try container.decodeIfPresent(SignatureRequirement.self, forKey: .signatureRequirement)
            ?? .assertionOrResponse
        clockSkewSeconds = try container.decodeIfPresent(Int.self, forKey: .clockSkewSeconds)
            ?? Self.defaultClockSkewSeconds
        maximumMessageSize = try container.decodeIfPresent(Int.self, forKey: .maximumMessageSize)
            ?? Self.defaultMaximumMessageSize
    }
}
