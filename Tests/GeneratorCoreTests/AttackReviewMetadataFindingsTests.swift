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
}
