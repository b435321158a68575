import Foundation
import SAMLPinTestSupport
import Testing

/// `saml-pin verify` on a real Keycloak response, pinned through metadata written for its certificate.
@Suite struct VerifyCommandTests {
    private static let issuer = "http://localhost:8080/auth/realms/saml-broker-realm"
    private static let audience = "http://localhost:8080/auth/realms/saml-broker-authentication-realm"
    private static let acs = audience + "/broker/saml-identity-provider/endpoint"
    private static let requestID = "ID_2d81575a-0bde-488a-b69d-0b78c0fcf521"
    private static let response = Fixtures.corpusResponse("keycloak-signed-assertion.xml")

    /// Metadata for the Keycloak realm whose certificate the corpus pins for this response.
    private static func metadata(in directory: TemporaryDirectory) throws -> URL {
        let pem = try String(
            contentsOf: Fixtures.corpusResponse("keycloak-saml-broker-realm-idp-cert.pem"), encoding: .utf8
        )
        let certificate = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let xml = """
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="\(issuer)">
              <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:KeyDescriptor use="signing">
                  <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                    <ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate></ds:X509Data>
                  </ds:KeyInfo>
                </md:KeyDescriptor>
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
                    Location="http://localhost:8080/auth/realms/saml-broker-realm/protocol/saml"/>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """
        let url = directory.file("keycloak-idp.xml")
        try Data(xml.utf8).write(to: url)
        return url
    }

    private static func arguments(_ responsePath: String, metadata: URL, spEntityID: String = audience) -> [String] {
        [
            "verify", responsePath, "--metadata", metadata.path, "--sp-entity-id", spEntityID, "--acs", acs,
            "--now", "2017-05-04T22:18:13Z", "--in-response-to", requestID,
        ]
    }

    @Test func validResponsePrintsTheVerifiedAssertionAsJSON() throws {
        let directory = try TemporaryDirectory()
        let run = try SAMLPinExecutable.run(Self.arguments(Self.response.path, metadata: Self.metadata(in: directory)))
        #expect(run.exitCode == 0, "\(run.standardError)")

        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        #expect(object?["issuer"] as? String == Self.issuer)
        #expect(object?["assertionID"] as? String == "ID_e9d22a60-7954-48b2-ad97-700d70e332f5")
        #expect(object?["inResponseTo"] as? String == Self.requestID)
        let nameID = object?["nameID"] as? [String: Any]
        #expect(nameID?["value"] as? String == "G-ebb3a66f-686f-4bb9-8a8b-20b566ca747b")
        #expect((object?["signingCertificateFingerprint"] as? String)?.hasPrefix("A7:C0:A8:4D") == true)
    }

    @Test func base64ResponseWithLineBreaksIsAcceptedToo() throws {
        let directory = try TemporaryDirectory()
        let encoded = try Data(contentsOf: Self.response).base64EncodedString(options: [.lineLength76Characters])
        let posted = directory.file("posted.b64")
        try Data(encoded.utf8).write(to: posted)
        let run = try SAMLPinExecutable.run(Self.arguments(posted.path, metadata: Self.metadata(in: directory)))
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("\"sessionIndex\""))
    }

    @Test func responseForAnotherServiceProviderFailsWithItsCode() throws {
        let directory = try TemporaryDirectory()
        let run = try SAMLPinExecutable.run(
            Self.arguments(
                Self.response.path, metadata: Self.metadata(in: directory), spEntityID: "https://other.example"
            )
        )
        #expect(run.exitCode == 1)
        #expect(run.standardOutput.isEmpty)
        #expect(run.errorLines.first?.hasPrefix("error: assertion.audienceMismatch: ") == true)
    }

    @Test func missingOptionIsAUsageError() throws {
        let run = try SAMLPinExecutable.run(["verify", Self.response.path])
        #expect(run.exitCode == 64)
        #expect(run.standardError.contains("--metadata"))
    }
}
