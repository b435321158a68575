import Foundation
import SAMLPin
import Testing

/// Uses the generated file of every corpus metadata file that generates (kept in `Golden/Corpus` by
/// GeneratorCoreTests' corpus test): each must compile, pin exactly one IdP, and carry certificates whose
/// fingerprints are the SHA-256 of their DER.
@Suite("Corpus configurations, compiled")
struct CorpusConsumerTests {
    /// Source file name → the identity providers its generated file pins.
    static let pinned: [(file: String, providers: [IdentityProvider])] = [
        ("adfs-federationmetadata-sustainsys.xml", CorpusAdfsFederationmetadataSustainsysPins.identityProviders),
        (
            "azure-ad-federationmetadata-multiple-signing-certs.xml",
            CorpusAzureAdFederationmetadataMultipleSigningCertsPins.identityProviders
        ),
        ("azure-ad-federationmetadata-signed.xml", CorpusAzureAdFederationmetadataSignedPins.identityProviders),
        ("ecdsa-p256-samling-idp.xml", CorpusEcdsaP256SamlingIdpPins.identityProviders),
        ("google-workspace-two-signing-certs.xml", CorpusGoogleWorkspaceTwoSigningCertsPins.identityProviders),
        ("jumpcloud-entityid-is-sp-url.xml", CorpusJumpcloudEntityidIsSpUrlPins.identityProviders),
        ("okta-exkjl16j-idp-wrapped-cert.xml", CorpusOktaExkjl16jIdpWrappedCertPins.identityProviders),
        ("okta-exkppsa1-idp.xml", CorpusOktaExkppsa1IdpPins.identityProviders),
        ("onelogin-503983-idp.xml", CorpusOnelogin503983IdpPins.identityProviders),
        ("onelogin-645460-idp.xml", CorpusOnelogin645460IdpPins.identityProviders),
        ("sambi-aggregate.xml", CorpusSambiAggregatePins.identityProviders),
        ("shibboleth-samltest-id-idp.xml", CorpusShibbolethSamltestIdIdpPins.identityProviders),
        ("shibboleth-testshib-entities.xml", CorpusShibbolethTestshibEntitiesPins.identityProviders),
        (
            "simplesamlphp-idp-in-federation-odd-cacheduration.xml",
            CorpusSimplesamlphpIdpInFederationOddCachedurationPins.identityProviders
        ),
        ("simplesamlphp-idp-signed-selfsigned.xml", CorpusSimplesamlphpIdpSignedSelfsignedPins.identityProviders),
        ("swamid-test-aggregate.xml", CorpusSwamidTestAggregatePins.identityProviders),
    ]

    static let corpusGoldenDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Golden/Corpus")

    @Test func everyCorpusGoldenIsUsedHere() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpusGoldenDirectory.path)
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count == Self.pinned.count)
        #expect(Set(Self.pinned.map(\.file)).count == Self.pinned.count)
    }

    @Test func eachPinsOneIdentityProviderFromItsFile() {
        for (file, providers) in Self.pinned {
            #expect(providers.count == 1, "\(file)")
            guard let provider = providers.first else { continue }
            #expect(provider.slug == "corpus-idp", "\(file)")
            #expect(provider.provenance.sourceFile == file)
            #expect(provider.provenance.sourceSHA256.count == 64, "\(file)")
            #expect(!provider.entityID.isEmpty, "\(file)")
            #expect(!provider.signingCertificates.isEmpty, "\(file)")
            #expect(
                provider.singleSignOnServices.contains { [.httpPOST, .httpRedirect].contains($0.binding) }, "\(file)"
            )
        }
    }

    @Test func everyFingerprintIsTheSHA256OfItsDER() throws {
        for (file, providers) in Self.pinned {
            for certificate in providers.flatMap({ $0.signingCertificates + $0.encryptionCertificates }) {
                #expect(certificate.der.count > 200, "\(file)")
                #expect(try OpenSSLDigest.sha256Fingerprint(certificate.der) == certificate.sha256Fingerprint,
                        "\(file)")
                #expect(certificate.notBefore < certificate.notAfter, "\(file)")
            }
        }
    }

    @Test func chosenEntitiesOfAggregatesAreTheConfiguredOnes() {
        #expect(CorpusSambiAggregatePins.corpusIdp.entityID == "http://idp-acc.test.ek.sll.se/neas")
        #expect(CorpusSwamidTestAggregatePins.corpusIdp.entityID == "https://idp.umu.se/saml2/idp/metadata.php")
        #expect(CorpusGoogleWorkspaceTwoSigningCertsPins.corpusIdp.signingCertificates.count == 2)
    }
}
