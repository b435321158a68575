import COpenSSL
import SAMLPinSupport

/// A pinned identity provider with its signing keys loaded for both signature engines.
struct TrustedIssuer: Sendable {
    /// One pinned signing key and the fingerprint that names it in results.
    struct SigningKey: Sendable {
        let fingerprint: String
        /// The key as libxmlsec1 holds it, for the reference engine.
        let key: XMLSecPinnedKey
        /// The key as an OpenSSL `EVP_PKEY`, for the narrow engine.
        let publicKey: PinnedPublicKey
    }

    let identityProvider: IdentityProvider
    let signingKeys: [SigningKey]

    /// Loads every IdP's signing keys, keyed by entity ID.
    ///
    /// - Throws: `invalidConfiguration` or `pinnedCertificateInvalid`, as `ResponseVerifier.init` documents.
    static func load(
        _ identityProviders: [IdentityProvider],
        serviceProvider: ServiceProvider
    ) throws(SAMLError) -> [String: TrustedIssuer] {
        guard !identityProviders.isEmpty else {
            throw SAMLError(.invalidConfiguration, "no identity provider is configured")
        }
        guard !serviceProvider.entityID.isEmpty, !serviceProvider.assertionConsumerServiceURLs.isEmpty else {
            throw SAMLError(.invalidConfiguration, "the service provider needs an entity ID and at least one ACS URL")
        }
        var issuers: [String: TrustedIssuer] = [:]
        var slugs: Set<String> = []
        for identityProvider in identityProviders {
            // Two IdPs with one entity ID would make key selection ambiguous.
            guard issuers[identityProvider.entityID] == nil, slugs.insert(identityProvider.slug).inserted else {
                throw SAMLError(
                    .invalidConfiguration,
                    "identity provider '\(identityProvider.slug)' (\(identityProvider.entityID)) is configured twice"
                )
            }
            // An IdP without a key could never be verified; refuse rather than fail every login later.
            guard !identityProvider.signingCertificates.isEmpty else {
                throw SAMLError(
                    .invalidConfiguration, "identity provider '\(identityProvider.slug)' has no signing certificate"
                )
            }
            var keys: [SigningKey] = []
            for certificate in identityProvider.signingCertificates {
                keys.append(try loadKey(certificate, slug: identityProvider.slug))
            }
            issuers[identityProvider.entityID] = TrustedIssuer(identityProvider: identityProvider, signingKeys: keys)
        }
        return issuers
    }

    private static func loadKey(_ certificate: PinnedCertificate, slug: String) throws(SAMLError) -> SigningKey {
        // A certificate whose bytes changed after pinning (or a generator bug) must not become a trust anchor.
        guard certificate.matchesFingerprint else {
            throw SAMLError(
                .pinnedCertificateInvalid,
                "a signing certificate of '\(slug)' does not match its fingerprint \(certificate.sha256Fingerprint)"
            )
        }
        do {
            let key = try XMLSecPinnedKey(certificateDER: certificate.der)
            let publicKey = try PinnedPublicKey(certificateDER: certificate.der)
            return SigningKey(fingerprint: certificate.sha256Fingerprint, key: key, publicKey: publicKey)
        } catch {
            throw SAMLError(
                .pinnedCertificateInvalid,
                "signing certificate \(certificate.sha256Fingerprint) of '\(slug)' does not load: \(error.reason)"
            )
        }
    }
}
