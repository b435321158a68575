/// The contents of `saml-pin.json`: this service provider and the identity providers it pins.
///
/// Decode it with `ConfigurationLoader.load(_:fileName:)`, which refuses unknown keys at every level.
public struct GeneratorConfiguration: Sendable, Hashable, Decodable {
    /// The access level of the generated declarations.
    public enum AccessModifier: String, Sendable, Hashable, CaseIterable, Decodable {
        case `public`, `package`, `internal`
    }

    /// The default name of the generated namespace enum.
    public static let defaultNamespace = "SAMLPinConfiguration"
    /// The default name of the generated registry enum.
    public static let defaultRegistryName = "PinnedIdentityProvider"

    /// `accessModifier`: the access level of generated declarations (default `public`).
    public var accessModifier: AccessModifier
    /// `namespace`: the name of the generated namespace enum (default `SAMLPinConfiguration`).
    public var namespace: String
    /// `registryName`: the name of the generated `String`-backed enum with one case per slug
    /// (default `PinnedIdentityProvider`).
    public var registryName: String
    /// `serviceProvider`: this service provider.
    public var serviceProvider: ServiceProviderConfiguration
    /// `identityProviders`: the pinned identity providers, in the order they are generated.
    public var identityProviders: [IdentityProviderConfiguration]

    public init(
        accessModifier: AccessModifier = .public,
        namespace: String = GeneratorConfiguration.defaultNamespace,
        registryName: String = GeneratorConfiguration.defaultRegistryName,
        serviceProvider: ServiceProviderConfiguration,
        identityProviders: [IdentityProviderConfiguration]
    ) {
        self.accessModifier = accessModifier
        self.namespace = namespace
        self.registryName = registryName
        self.serviceProvider = serviceProvider
        self.identityProviders = identityProviders
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case accessModifier, namespace, registryName, serviceProvider, identityProviders
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.refuseUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessModifier = try container.decodeIfPresent(AccessModifier.self, forKey: .accessModifier) ?? .public
        namespace = try container.decodeIfPresent(String.self, forKey: .namespace) ?? Self.defaultNamespace
        registryName = try container.decodeIfPresent(String.self, forKey: .registryName) ?? Self.defaultRegistryName
        serviceProvider = try container.decode(ServiceProviderConfiguration.self, forKey: .serviceProvider)
        identityProviders = try container.decode([IdentityProviderConfiguration].self, forKey: .identityProviders)
    }
}
