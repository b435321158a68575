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

    /// The oktadev test IdP: RSA-SHA1, IdP-initiated (corpus `oktadev-response-00-valid.xml`).
    private enum Oktadev {
        static let issuer = "http://example.com/saml/acs/example"
        static let acs = "http://dba9a5fc.ngrok.io/v1/_saml_callback"
        static let response = Fixtures.corpusResponse("oktadev-response-00-valid.xml")
        static let certificate = "oktadev-idp-cert.pem"

        static func arguments(_ metadata: URL, _ extra: [String]) -> [String] {
            [
                "verify", response.path, "--metadata", metadata.path, "--sp-entity-id", issuer, "--acs", acs,
                "--now", "2017-04-04T17:54:00Z",
            ] + extra
        }
    }

    /// Metadata for the Keycloak realm whose certificate the corpus pins for this response.
    private static func metadata(in directory: TemporaryDirectory) throws -> URL {
        let url = directory.file("keycloak-idp.xml")
        try Data(entityDescriptor(issuer, certificate: "keycloak-saml-broker-realm-idp-cert.pem").utf8).write(to: url)
        return url
    }

    /// An aggregate holding the Keycloak realm and the oktadev IdP.
    private static func aggregate(in directory: TemporaryDirectory) throws -> URL {
        let url = directory.file("aggregate.xml")
        let xml = """
            <md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">
            \(try entityDescriptor(issuer, certificate: "keycloak-saml-broker-realm-idp-cert.pem"))
            \(try entityDescriptor(Oktadev.issuer, certificate: Oktadev.certificate))
            </md:EntitiesDescriptor>
            """
        try Data(xml.utf8).write(to: url)
        return url
    }

    /// One IdP EntityDescriptor that pins the corpus certificate `certificateFile`.
    private static func entityDescriptor(_ entityID: String, certificate certificateFile: String) throws -> String {
        let pem = try String(contentsOf: Fixtures.corpusResponse(certificateFile), encoding: .utf8)
        let certificate = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return """
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="\(entityID)">
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

    @Test func timeAndCorrelationRefusalsSayWhichOptionToTry() throws {
        let directory = try TemporaryDirectory()
        let metadata = try Self.metadata(in: directory)
        let base = Self.arguments(Self.response.path, metadata: metadata)

        // Checked today, years after it was issued: the instants and the --now hint.
        var late = base
        late.removeSubrange(late.firstIndex(of: "--now")!...late.firstIndex(of: "--now")! + 1)
        let expired = try SAMLPinExecutable.run(late)
        #expect(expired.exitCode == 1)
        let expiredLine = try #require(expired.errorLines.first)
        #expect(expiredLine.hasPrefix(
            "error: assertion.conditionsExpired: the Assertion expired at its Conditions NotOnOrAfter 2017-05-04T22:19:11Z (now "
        ))
        #expect(expiredLine.hasSuffix("; pass --now <ISO-8601 instant> to check it as of the time it was received"))

        // Solicited, but no request ID given.
        var unsolicited = base
        unsolicited.removeSubrange(unsolicited.firstIndex(of: "--in-response-to")!...unsolicited.count - 1)
        let refused = try SAMLPinExecutable.run(unsolicited)
        #expect(refused.exitCode == 1)
        #expect(refused.errorLines == [
            "error: response.unsolicited: the Response answers request '\(Self.requestID)', but none is pending; "
                + "pass --in-response-to <AuthnRequest ID> to check it as the answer to that request",
        ])
    }

    @Test func missingOptionIsAUsageError() throws {
        let run = try SAMLPinExecutable.run(["verify", Self.response.path])
        #expect(run.exitCode == 64)
        #expect(run.standardError.contains("--metadata"))
    }

    @Test func responseOnStandardInputIsVerified() throws {
        let directory = try TemporaryDirectory()
        let arguments = Self.arguments("-", metadata: try Self.metadata(in: directory))
        let run = try SAMLPinExecutable.run(arguments, standardInput: try Data(contentsOf: Self.response))
        #expect(run.exitCode == 0, "\(run.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        #expect(object?["assertionID"] as? String == "ID_e9d22a60-7954-48b2-ad97-700d70e332f5")

        // The base64 form value on stdin works the same way; an empty stdin is refused.
        let encoded = try Data(contentsOf: Self.response).base64EncodedString(options: [.lineLength64Characters])
        let posted = try SAMLPinExecutable.run(arguments, standardInput: Data(encoded.utf8))
        #expect(posted.exitCode == 0, "\(posted.standardError)")
        let empty = try SAMLPinExecutable.run(arguments, standardInput: Data())
        #expect(empty.exitCode == 1)
        #expect(empty.standardOutput.isEmpty)
    }

    @Test func sha1AndUnsolicitedResponsesNeedTheirFlags() throws {
        let directory = try TemporaryDirectory()
        let metadata = directory.file("oktadev-idp.xml")
        try Data(Self.entityDescriptor(Oktadev.issuer, certificate: Oktadev.certificate).utf8).write(to: metadata)

        // RSA-SHA1 is refused by default, before the missing request is looked at.
        let noFlags = try SAMLPinExecutable.run(Oktadev.arguments(metadata, ["--allow-unsolicited"]))
        #expect(noFlags.exitCode == 1)
        #expect(noFlags.errorLines.first?.hasPrefix("error: signature.disallowedAlgorithm: ") == true)
        // With SHA-1 allowed, an IdP-initiated response still needs its own opt-in.
        let sha1Only = try SAMLPinExecutable.run(Oktadev.arguments(metadata, ["--allow-sha1"]))
        #expect(sha1Only.exitCode == 1)
        #expect(sha1Only.errorLines.first?.hasPrefix("error: response.unsolicited: ") == true)
        // Both opt-ins: verified, and it answers no request.
        let both = try SAMLPinExecutable.run(Oktadev.arguments(metadata, ["--allow-sha1", "--allow-unsolicited"]))
        #expect(both.exitCode == 0, "\(both.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(both.standardOutput.utf8)) as? [String: Any]
        #expect(object?["issuer"] as? String == Oktadev.issuer)
        #expect(object?["inResponseTo"] == nil)
    }

    @Test func inResponseToAndAllowUnsolicitedExcludeEachOther() throws {
        let directory = try TemporaryDirectory()
        let run = try SAMLPinExecutable.run(
            Self.arguments(Self.response.path, metadata: try Self.metadata(in: directory)) + ["--allow-unsolicited"]
        )
        #expect(run.exitCode == 64)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("exclude each other"))
    }

    @Test func entityIDPicksOneIdentityProviderOfAnAggregate() throws {
        let directory = try TemporaryDirectory()
        let aggregate = try Self.aggregate(in: directory)
        let arguments = Self.arguments(Self.response.path, metadata: aggregate)

        let picked = try SAMLPinExecutable.run(arguments + ["--entity-id", Self.issuer])
        #expect(picked.exitCode == 0, "\(picked.standardError)")
        // Pinning only the other IdP leaves the response's issuer untrusted.
        let other = try SAMLPinExecutable.run(arguments + ["--entity-id", Oktadev.issuer])
        #expect(other.exitCode == 1)
        #expect(other.errorLines.first?.hasPrefix("error: response.unknownIssuer: ") == true)
        // An entity the file does not hold is a usage error.
        let absent = try SAMLPinExecutable.run(arguments + ["--entity-id", "urn:example:absent"])
        #expect(absent.exitCode == 64)
        #expect(absent.standardError.contains("urn:example:absent"))
    }
}
