import Foundation
import Testing
@testable import _SAMLPinGeneratorCore

/// Build-time inputs still handled unsafely. Each test states the safe outcome; it fails until
/// the generator enforces it.
@Suite("Attack review: open metadata findings")
struct AttackReviewMetadataFindingsTests {
    /// Diagnostics are printed one per line as `path:line: severity: message` and build tools
    /// read them back that way; a line break taken from metadata would forge a second diagnostic.
    @Test("an entity ID with a line break cannot forge a second compiler-style diagnostic line")
    func diagnosticLineForgery() throws {
        let idp = try AttackReviewMetadataTests.idpKey.get()
        let forged = "https://idp.review.test/x&#10;metadata.xml:1: note: metadata checked, no problems"
        let xml = "<md:EntitiesDescriptor \(AttackReviewMetadataTests.namespaces)>"
            + "<md:EntityDescriptor entityID=\"\(forged)\" validUntil=\"2000-01-01T00:00:00Z\">"
            + AttackReviewMetadataTests.identityProviderRole(keys: AttackReviewMetadataTests.keyDescriptor(idp.base64))
            + "</md:EntityDescriptor></md:EntitiesDescriptor>"
        let diagnostics = GeneratorHarness.lint(xml, configuration: nil, now: AttackReviewMetadataTests.now(idp))
        let expired = diagnostics.matching(.error, "expired")
        #expect(!expired.isEmpty, "\(diagnostics.rendered)")
        for diagnostic in diagnostics {
            #expect(!diagnostic.description.contains("\n"), "\(diagnostic.description)")
        }
    }

    /// An X509Data with several certificates is usually a chain: the IdP's certificate and its
    /// issuer's. Pinning the issuer's key as a signing key trusts every response that CA's key
    /// holder signs; it must be refused or at least reported.
    @Test("a second certificate in the IdP's X509Data is not silently pinned as a signing key")
    func twoCertificatesInOneX509Data() throws {
        let idp = try AttackReviewMetadataTests.idpKey.get()
        let issuer = try AttackReviewMetadataTests.otherKey.get()
        let keys = "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>"
            + "<ds:X509Certificate>\(idp.base64)</ds:X509Certificate>"
            + "<ds:X509Certificate>\(issuer.base64)</ds:X509Certificate>"
            + "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        let xml = AttackReviewMetadataTests.entity(
            AttackReviewMetadataTests.entityID, AttackReviewMetadataTests.identityProviderRole(keys: keys)
        )
        let result = try AttackReviewMetadataTests.generate(xml, now: AttackReviewMetadataTests.now(idp))
        let signing = AttackReviewMetadataTests.signingSection(result)
        #expect(signing.contains(idp.base64.prefix(76)), "\(result.diagnostics.rendered)")
        let reported = result.diagnostics.contains { $0.severity != .note }
        #expect(
            !signing.contains(issuer.base64.prefix(76)) || reported,
            "the second certificate is pinned as a signing key without any diagnostic"
        )
    }

    /// The SP sends the browser to the SSO endpoint, for HTTP-POST through an auto-submitting form
    /// whose action is this URL: a `javascript:` or `data:` URL from metadata runs script on the
    /// SP's origin (crewjam/saml CVE-2023-45683). Only http(s) endpoints may be generated.
    @Test(
        "an SSO endpoint with a script or data URL is refused, never generated",
        arguments: ["javascript:alert(document.domain)//", "data:text/html,<script>alert(1)</script>", "JavaScript:x"]
    )
    func scriptEndpoint(location: String) throws {
        let idp = try AttackReviewMetadataTests.idpKey.get()
        var builder = MetadataBuilder(certificate: idp.base64)
        builder.singleSignOnServices = [(MetadataBuilder.post, location)]
        let result = try AttackReviewMetadataTests.generate(builder.document, now: AttackReviewMetadataTests.now(idp))
        let refused = result.hasErrors
        let generated = result.files.contains { $0.contents.contains(location.prefix(11)) }
        #expect(refused, "no error; diagnostics: '\(result.diagnostics.rendered)'")
        #expect(!generated, "the endpoint was written into the generated Swift")
    }
}
