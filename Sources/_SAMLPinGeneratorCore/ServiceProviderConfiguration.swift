/// `serviceProvider` in `saml-pin.json`.
public struct ServiceProviderConfiguration: Sendable, Hashable, Decodable {
    /// The SP's entity ID: the Audience every assertion must name.
    public var entityID: String
    /// The SP's AssertionConsumerService URLs.
    public var assertionConsumerServiceURLs: [String]
    /// A PEM file with the SP's request-signing certificate, relative to the configuration file.
    /// The caller reads it and passes its bytes to the generator.
    public var signingCertificate: String?

    public init(entityID: String, assertionConsumerServiceURLs: [String], signingCertificate: String? = nil) {
        self.entityID = entityID
        self.assertionConsumerServiceURLs = assertionConsumerServiceURLs
        self.signingCertificate = signingCertificate
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID, assertionConsumerServiceURLs, signingCertificate
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.refuseUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        entityID = try container.decode(String.self, forKey: .entityID)
        assertionConsumerServiceURLs = try container.decode([String].self, forKey: .assertionConsumerServiceURLs)
        signingCertificate = try container.decodeIfPresent(String.self, forKey: .signingCertificate)
    }
}
