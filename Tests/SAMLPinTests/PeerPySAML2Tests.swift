import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Real IdP software as the peer: pysaml2's IdP server (`saml2.server.Server`) issues signed
/// Responses through `Tests/peers/pysaml2_idp.py`, and the verifier must accept them.
///
/// The project's virtual environment (`.venv`, made by `Scripts/bootstrap`) must exist; without it
/// these tests fail, unless `SAML_PIN_SKIP_PEERS=1` is set.
@Suite("Peer: pysaml2 IdP")
struct PeerPySAML2Tests {
    static let entityID = "https://idp.pysaml2.test/idp"
    static let setupHint = "run Scripts/bootstrap to create .venv with pysaml2 (or set SAML_PIN_SKIP_PEERS=1)"
    static let skipped = ProcessInfo.processInfo.environment["SAML_PIN_SKIP_PEERS"] == "1"

    struct Variant: Sendable, CustomTestStringConvertible {
        let sign: String
        let digest: String
        let requestID: String?
        var testDescription: String {
            "\(sign) signed, \(digest)" + (requestID == nil ? ", IdP-initiated" : "")
        }
    }

    static let variants: [Variant] = [
        Variant(sign: "both", digest: "sha256", requestID: "_pysaml2-req-both"),
        Variant(sign: "assertion", digest: "sha256", requestID: "_pysaml2-req-assertion"),
        Variant(sign: "response", digest: "sha256", requestID: "_pysaml2-req-response"),
        Variant(sign: "both", digest: "sha1", requestID: "_pysaml2-req-sha1"),
        Variant(sign: "assertion", digest: "sha256", requestID: nil),
    ]

    @Test(
        "responses issued by pysaml2 are accepted with their NameID and attributes", .disabled(if: skipped),
        arguments: variants)
    func accepted(_ variant: Variant) throws {
        let python = Fixtures.repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record(
"'\(python)' is missing: \(Self.setupHint)"
            )
            return
        }
        let keys = try TestKeys.shared()
        var arguments = [
            Fixtures.repositoryRoot.appendingPathComponent("Tests/peers/pysaml2_idp.py").path,
            "--key", keys.identityProvider.privateKeyPath,
            "--cert", keys.identityProvider.certificatePath,
            "--idp-entity-id", Self.entityID,
            "--sp-entity-id", TestIdentityProviders.serviceProviderEntityID,
            "--acs", TestIdentityProviders.assertionConsumerServiceURL,
            "--name-id", "jane.doe@example.com",
            "--sign", variant.sign,
            "--digest", variant.digest,
        ]
        if let requestID = variant.requestID { arguments += ["--request-id", requestID] }
        let xml = try CommandLineTool.run(python, arguments, environment: ["PYTHONWARNINGS": "ignore"])

        let policy = IdentityProviderPolicy(
            allowsSHA1: variant.digest == "sha1",
            allowsUnsolicitedResponses: variant.requestID == nil
        )
        let verifier = try ResponseVerifier(
            serviceProvider: TestIdentityProviders.serviceProvider,
            identityProviders: [
                TestIdentityProviders.okta(policy: policy, entityID: Self.entityID, slug: "pysaml2")
            ],
            clock: FixedClock(Date().addingTimeInterval(1))
        ).crossChecked
        let verified = try verifier.verify(
            samlResponse: xml.base64EncodedString(),
            expectedRequestID: variant.requestID
        )

        #expect(verified.issuer == Self.entityID)
        #expect(verified.identityProviderSlug == "pysaml2")
        #expect(verified.inResponseTo == variant.requestID)
        #expect(verified.nameID.value == "jane.doe@example.com")
        #expect(verified.nameID.format == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        #expect(verified.authnContextClassRef == "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
        #expect(verified.sessionIndex?.isEmpty == false)
        #expect(verified.signedElements.response == (variant.sign != "assertion"))
        #expect(verified.signedElements.assertion == (variant.sign != "response"))
        #expect(verified.signingCertificateFingerprint == keys.identityProvider.sha256Fingerprint)
        #expect(verified.values(of: "urn:oid:0.9.2342.19200300.100.1.3") == ["jane.doe@example.com"])
        #expect(verified.values(of: "urn:oid:2.5.4.42") == ["Jane"])
        #expect(verified.values(of: "urn:oid:1.3.6.1.4.1.5923.1.1.1.1") == ["member", "staff"])
        #expect(verified.attribute(named: "urn:oid:2.5.4.42")?.friendlyName == "givenName")
    }

    @Test("a pysaml2 response with its NameID changed is refused", .disabled(if: skipped))
    func tampered() throws {
        let python = Fixtures.repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record(
"'\(python)' is missing: \(Self.setupHint)"
            )
            return
        }
        let keys = try TestKeys.shared()
        let xml = try CommandLineTool.run(
            python,
            [
                Fixtures.repositoryRoot.appendingPathComponent("Tests/peers/pysaml2_idp.py").path,
                "--key", keys.identityProvider.privateKeyPath, "--cert", keys.identityProvider.certificatePath,
                "--idp-entity-id", Self.entityID,
                "--sp-entity-id", TestIdentityProviders.serviceProviderEntityID,
                "--acs", TestIdentityProviders.assertionConsumerServiceURL,
                "--name-id", "jane.doe@example.com", "--request-id", "_pysaml2-tamper", "--sign", "assertion",
            ],
            environment: ["PYTHONWARNINGS": "ignore"]
        )
        let tampered = String(decoding: xml, as: UTF8.self)
            .replacingOccurrences(of: ">jane.doe@example.com</ns1:NameID>", with: ">admin@example.com</ns1:NameID>")
        try #require(
            tampered.contains(">admin@example.com</ns1:NameID>"), "pysaml2's NameID was not found to tamper with")
        let verifier = try ResponseVerifier(
            serviceProvider: TestIdentityProviders.serviceProvider,
            identityProviders: [TestIdentityProviders.okta(entityID: Self.entityID, slug: "pysaml2")],
            clock: FixedClock(Date().addingTimeInterval(1))
        ).crossChecked
        let outcome = verdict(tampered, with: verifier, expectedRequestID: "_pysaml2-tamper")
        guard case .failure(let error) = outcome else {
            Issue.record("tampered pysaml2 response accepted")
            return
        }
        #expect(error.code == .digestMismatch)
    }
}
