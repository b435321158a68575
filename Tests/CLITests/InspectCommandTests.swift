import Foundation
import SAMLPinTestSupport
import Testing

/// `saml-pin inspect` on real metadata from the corpus.
@Suite struct InspectCommandTests {
    static let okta = Fixtures.corpusMetadata("okta-exkppsa1-idp.xml").path
    static let oktaSSO =
        "https://dev-513394.oktapreview.com/app/rstudioincdev513394_dev_1/exkppsa1qwuFV4D7z0h7/sso/saml"

    @Test func oktaSummaryNamesEntityEndpointsAndCertificate() throws {
        let run = try SAMLPinExecutable.run(["inspect", Self.okta, "--now", "2026-12-01T00:00:00Z"])
        #expect(run.exitCode == 0)
        #expect(run.standardError.isEmpty)

        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("identity provider: http://www.okta.com/exkppsa1qwuFV4D7z0h7"))
        #expect(lines.contains("  WantAuthnRequestsSigned: false"))

        // Both SSO bindings are listed, each followed by its location.
        let post = try #require(lines.firstIndex(of: "    HTTP-POST:"))
        let redirect = try #require(lines.firstIndex(of: "    HTTP-Redirect:"))
        #expect(lines[post + 1] == "      \(Self.oktaSSO)")
        #expect(lines[redirect + 1] == "      \(Self.oktaSSO)")
        #expect(post < redirect)

        #expect(lines.contains("    urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"))
        #expect(lines.contains("    urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"))

        // Fingerprint and expiry as `openssl x509 -fingerprint -sha256 -enddate` reports them for the
        // corpus copy of this certificate (responses/okta-exkppsa1-idp-cert.pem).
        let fingerprint =
            "D4:0D:F0:1C:CE:DE:49:D2:07:CB:6D:8A:BD:15:77:0A"
            + ":4B:6E:CA:14:A8:54:48:C2:95:9A:98:F8:5D:C3:1E:D4"
        #expect(lines.contains("      SHA-256: \(fingerprint)"))
        #expect(lines.contains("      notAfter: 2028-09-07T14:33:59Z (in 646 days)"))
        #expect(lines.contains("      key: RSA 2048 bits"))
        #expect(lines.contains { $0.hasPrefix("    - signing (line ") })
    }

    @Test func expiryIsCountedFromNow() throws {
        let run = try SAMLPinExecutable.run(["inspect", Self.okta, "--now", "2028-09-17T00:00:00Z"])
        #expect(run.exitCode == 0)
        #expect(run.standardOutput.contains("      notAfter: 2028-09-07T14:33:59Z (expired 9 days ago)\n"))
    }

    @Test func aggregateListsEveryIdentityProvider() throws {
        let path = Fixtures.corpusMetadata("spring-entitiesdescriptor-two-idps.xml").path
        let run = try SAMLPinExecutable.run(["inspect", path, "--now", "2026-12-01T00:00:00Z"])
        #expect(run.exitCode == 0)
        #expect(run.standardOutput.contains("root: EntitiesDescriptor (2 entities, 2 identity providers)\n"))
        let idpLines = run.standardOutput.split(separator: "\n").filter { $0.hasPrefix("identity provider: ") }
        #expect(idpLines.count == 2)
        #expect(idpLines.first == "identity provider: https://idp.example.com/idp/shibboleth")
    }

    @Test func outputIsDeterministic() throws {
        let path = Fixtures.corpusMetadata("swamid-test-aggregate.xml").path
        let first = try SAMLPinExecutable.run(["inspect", path, "--now", "2026-12-01T00:00:00Z"])
        let second = try SAMLPinExecutable.run(["inspect", path, "--now", "2026-12-01T00:00:00Z"])
        #expect(first.exitCode == 0)
        #expect(first.standardOutput.utf8.count > 1000)
        #expect(Array(first.standardOutput.utf8) == Array(second.standardOutput.utf8))
    }
}
