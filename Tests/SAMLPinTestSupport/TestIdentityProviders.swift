import Foundation
import SAMLPin

/// The identity provider and service provider that test responses are made for.
public enum TestIdentityProviders {
    /// The IdP's entity ID, shaped like an Okta app's.
    public static let oktaEntityID = "http://www.okta.com/exkTESTPIN0000000001"
    /// The IdP's slug.
    public static let oktaSlug = "test-okta"
    /// The SP's entity ID.
    public static let serviceProviderEntityID = "https://sp.test.example/saml/metadata"
    /// The SP's AssertionConsumerService URL.
    public static let assertionConsumerServiceURL = "https://sp.test.example/saml/sso/test-okta"
    /// The request ID default responses answer.
    public static let requestID = "_req-2b8a1c4f0d9e4e7a"

    /// The SP the test responses are addressed to.
    public static let serviceProvider = ServiceProvider(
        entityID: serviceProviderEntityID,
        assertionConsumerServiceURL: assertionConsumerServiceURL
    )

    /// A pinned certificate for a test key pair.
    public static func pinned(_ pair: TestKeyPair) -> PinnedCertificate {
        PinnedCertificate(
            der: pair.certificateDER,
            sha256Fingerprint: pair.sha256Fingerprint,
            subject: pair.subject,
            notBefore: pair.notBefore,
            notAfter: pair.notAfter
        )
    }

    /// The test IdP, pinned to `keys` (by default the shared IdP RSA certificate only).
    ///
    /// - Parameters:
    ///   - keys: the certificates to pin, in order.
    ///   - policy: the verification policy.
    ///   - entityID: the entity ID.
    ///   - slug: the slug.
    public static func okta(
        pinning keys: [TestKeyPair]? = nil,
        policy: IdentityProviderPolicy = IdentityProviderPolicy(),
        entityID: String = oktaEntityID,
        slug: String = oktaSlug
    ) throws -> IdentityProvider {
        let pinnedKeys = try keys ?? [TestKeys.shared().identityProvider]
        return IdentityProvider(
            slug: slug,
            entityID: entityID,
            displayName: "Test Okta",
            singleSignOnServices: [
                Endpoint(binding: .httpPOST, location: "https://idp.test.example/app/test/sso/saml"),
                Endpoint(binding: .httpRedirect, location: "https://idp.test.example/app/test/sso/saml"),
            ],
            signingCertificates: pinnedKeys.map(pinned),
            nameIDFormats: [.emailAddress, .unspecified],
            policy: policy,
            provenance: Provenance(
                sourceFile: "test-okta-metadata.xml",
                sourceSHA256: String(repeating: "0", count: 64),
                generatorVersion: "test"
            )
        )
    }
}
