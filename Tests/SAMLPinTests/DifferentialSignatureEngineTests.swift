import Foundation
import SAMLPin
import SAMLPinSupport
import SAMLPinTestSupport
import Testing

/// Every input the suite feeds the verifier, run through both signature engines: the narrow
/// verifier (libxml2 exclusive c14n + OpenSSL) and libxmlsec1, its reference. Both must give the
/// same verdict: accepted with the same values, or refused with the same error code.
@Suite("differential: narrow signature engine against libxmlsec1")
struct DifferentialSignatureEngineTests {
    /// One input and the verifier configuration it is checked under.
    struct Input {
        let name: String
        let message: AttackInput
        let verifier: ResponseVerifier
        let expectedRequestID: String?
    }

    /// Runs `input` through both engines, each with a fresh replay cache, and records any difference.
    ///
    /// - Returns: whether the narrow engine accepted it.
    @discardableResult
    static func compare(_ input: Input, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let narrow = verdict(input, engine: .narrow)
        let reference = verdict(input, engine: .xmlsec)
        switch (narrow, reference) {
        case (.success(let fast), .success(let slow)):
            #expect(fast.assertionID == slow.assertionID, "\(input.name)", sourceLocation: sourceLocation)
            #expect(fast.nameID == slow.nameID, "\(input.name)", sourceLocation: sourceLocation)
            #expect(fast.attributes == slow.attributes, "\(input.name)", sourceLocation: sourceLocation)
            #expect(
                fast.signingCertificateFingerprint == slow.signingCertificateFingerprint, "\(input.name)",
                sourceLocation: sourceLocation
            )
            return true
        case (.failure(let fast), .failure(let slow)):
            #expect(
                fast.code == slow.code, "\(input.name): narrow \(fast), xmlsec \(slow)", sourceLocation: sourceLocation
            )
            return false
        case (.success, .failure(let slow)):
            Issue.record("\(input.name): narrow accepted, xmlsec refused with \(slow)", sourceLocation: sourceLocation)
            return true
        case (.failure(let fast), .success):
            Issue.record("\(input.name): narrow refused with \(fast), xmlsec accepted", sourceLocation: sourceLocation)
            return false
        }
    }

    private static func verdict(_ input: Input, engine: SignatureEngine) -> Result<VerifiedAssertion, SAMLError> {
        let verifier = ResponseVerifier(
            copying: input.verifier, signatureEngine: engine, replayCache: InMemoryReplayCache()
        )
        return Result { () throws(SAMLError) in
            switch input.message {
            case .xml(let xml):
                return try verifier.verify(responseXML: Array(xml.utf8), expectedRequestID: input.expectedRequestID)
            case .form(let value):
                return try verifier.verify(samlResponse: value, expectedRequestID: input.expectedRequestID)
            }
        }
    }

    /// Byte-exact XML (the corpus and mutations need bytes that may not be UTF-8).
    private static func compareBytes(
        _ name: String,
        _ bytes: [UInt8],
        verifier: ResponseVerifier,
        expectedRequestID: String?
    ) -> Bool {
        let form = Data(bytes).base64EncodedString()
        let input = Input(name: name, message: .form(form), verifier: verifier, expectedRequestID: expectedRequestID)
        return compare(input)
    }

    @Test("every vendored corpus response")
    func corpus() throws {
        let entries = try Corpus.allResponses()
        var accepted = 0
        for entry in entries {
            let verifier = try Corpus.verifier(for: entry)
            if Self.compareBytes(
                entry.file, try Corpus.bytes(of: entry), verifier: verifier, expectedRequestID: entry.expectedRequestID
            ) {
                accepted += 1
            }
        }
        #expect(entries.count >= 10)
        // The corpus holds genuine signed responses: an engine that accepts none of them is broken.
        #expect(accepted > 0)
    }

    static let attackCases: [AttackCase] =
        AttackParsingTests.documentType + AttackParsingTests.structure + AttackParsingTests.identifiers
        + AttackParsingTests.encoding + AttackProtocolTests.cases + AttackSignatureTests.exclusion
        + AttackSignatureTests.keys + AttackSignatureTests.algorithms + AttackSignatureTests.profile
        + AttackSignatureTests.keyInfo + AttackSignatureWrappingTests.cases

    @Test("every attack case of the catalogue suites")
    func attacks() throws {
        var accepted = 0
        for attack in Self.attackCases {
            let input = Input(
                name: attack.name, message: try attack.build(), verifier: try TestVerifiers.okta(policy: attack.policy),
                expectedRequestID: attack.expectedRequestID
            )
            if Self.compare(input) { accepted += 1 }
        }
        #expect(Self.attackCases.count > 100)
        #expect(accepted == 0)
    }

    @Test("every xmlsec1-signed variant, intact and with its NameID changed")
    func xmlsec1Variants() throws {
        var accepted = 0
        for variant in XMLSec1SignedResponseTests.variants {
            let key = try variant.key()
            let response = try TestResponses.signed(
                ResponseParameters(), parts: variant.parts, template: variant.template, key: .keyPair(key)
            )
            let verifier = try TestVerifiers.okta(policy: variant.policy, pinning: [key])
            let xml = String(decoding: response.bytes, as: UTF8.self)
            let requestID = TestIdentityProviders.requestID
            let intact = Input(name: variant.name, message: .xml(xml), verifier: verifier, expectedRequestID: requestID)
            if Self.compare(intact) { accepted += 1 }
            let tampered = xml.replacingOccurrences(of: ResponseParameters().nameID, with: "admin@example.com")
            let changed = Input(
                name: variant.name + " tampered", message: .xml(tampered), verifier: verifier,
                expectedRequestID: requestID
            )
            #expect(!Self.compare(changed), "\(variant.name) tampered")
        }
        #expect(accepted == XMLSec1SignedResponseTests.variants.count)
    }

    @Test("the 400 seeded mutations of a signed corpus response")
    func mutations() throws {
        let entry = try Corpus.response("keycloak-signed-assertion.xml")
        let original = try Corpus.bytes(of: entry)
        var refused = 0
        for (round, bytes) in SeededMutations.variants(of: original).enumerated() {
            let verifier = try Corpus.verifier(for: entry)
            let requestID = entry.expectedRequestID
            if !Self.compareBytes("mutation \(round)", bytes, verifier: verifier, expectedRequestID: requestID) {
                refused += 1
            }
        }
        #expect(refused > 200)
    }

    @Test("pysaml2 peer responses", .disabled(if: PeerPySAML2Tests.skipped))
    func peers() throws {
        let python = Fixtures.repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("'\(python)' is missing: \(PeerPySAML2Tests.setupHint)")
            return
        }
        let keys = try TestKeys.shared()
        for variant in PeerPySAML2Tests.variants {
            var arguments = [
                Fixtures.repositoryRoot.appendingPathComponent("Tests/peers/pysaml2_idp.py").path,
                "--key", keys.identityProvider.privateKeyPath, "--cert", keys.identityProvider.certificatePath,
                "--idp-entity-id", PeerPySAML2Tests.entityID,
                "--sp-entity-id", TestIdentityProviders.serviceProviderEntityID,
                "--acs", TestIdentityProviders.assertionConsumerServiceURL,
                "--name-id", "jane.doe@example.com", "--sign", variant.sign, "--digest", variant.digest,
            ]
            if let requestID = variant.requestID { arguments += ["--request-id", requestID] }
            let xml = try CommandLineTool.run(python, arguments, environment: ["PYTHONWARNINGS": "ignore"])
            let policy = IdentityProviderPolicy(
                allowsSHA1: variant.digest == "sha1", allowsUnsolicitedResponses: variant.requestID == nil
            )
            let verifier = try ResponseVerifier(
                serviceProvider: TestIdentityProviders.serviceProvider,
                identityProviders: [
                    TestIdentityProviders.okta(policy: policy, entityID: PeerPySAML2Tests.entityID, slug: "pysaml2")
                ],
                clock: FixedClock(Date().addingTimeInterval(1))
            )
            let accepted = Self.compare(
                Input(
                    name: variant.testDescription, message: .form(xml.base64EncodedString()), verifier: verifier,
                    expectedRequestID: variant.requestID
                )
            )
            #expect(accepted, "\(variant.testDescription)")
        }
    }
}
