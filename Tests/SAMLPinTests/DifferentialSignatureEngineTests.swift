@preconcurrency import CLibXML2
import Foundation
import SAMLPin
import SAMLPinSupport
import SAMLPinTestSupport
import Testing

/// Every input the suite feeds the verifier, run through both signature engines: the narrow
/// verifier (libxml2 exclusive c14n + OpenSSL) and libxmlsec1, its reference. Both must give the
/// same verdict: accepted with the same values, or refused with the same error code. Every other
/// suite checks the same through `ResponseVerifier.crossChecked`; this one also compares the
/// engines on their own, without the signature profile in front of them.
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

    @Test("every vendored corpus response, with the policy its manifest entry calls for")
    func corpus() throws {
        let entries = try Corpus.allResponses()
        var accepted: [String] = []
        for entry in entries {
            let verifier = try Corpus.verifier(for: entry, policy: Corpus.manifestPolicy(for: entry))
            if Self.compareBytes(
                entry.file, try Corpus.bytes(of: entry), verifier: verifier, expectedRequestID: entry.expectedRequestID
            ) {
                accepted.append(String(entry.file.dropFirst("responses/".count)))
            }
        }
        #expect(entries.count == 24)
        // The non-encrypted responses MANIFEST.md calls valid, SHA-1 ones included; the node-saml
        // fixture it also calls valid has no AudienceRestriction and is refused after both engines
        // verified its signatures (see CorpusResponseTests).
        #expect(
            accepted.sorted() == [
                "adfs-signed-assertion-sha256.xml", "ecdsa-sha256-signature-sha1-digest.xml",
                "keycloak-signed-assertion-2025.xml", "keycloak-signed-assertion.xml",
                "oktadev-response-00-valid.xml", "onelogin-olgn09-01-valid.xml",
                "pingfederate-signed-response-no-keyinfo.xml",
            ]
        )
    }

    /// Every attack case of every attack suite.
    static let attackCases: [AttackCase] =
        AttackParsingTests.documentType + AttackParsingTests.structure + AttackParsingTests.identifiers
        + AttackParsingTests.encoding + AttackProtocolTests.cases + AttackSignatureTests.exclusion
        + AttackSignatureTests.keys + AttackSignatureTests.algorithms + AttackSignatureTests.profile
        + AttackSignatureTests.keyInfo + AttackSignatureWrappingTests.cases + AttackReviewCorrelationTests.cases
        + AttackReviewFindingsTests.repeatedElements + AttackReviewProtocolTests.cases
        + AttackReviewSignatureTests.cases

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
        #expect(Self.attackCases.count > 150)
        #expect(accepted == 0)
    }

    /// The test keys every engine-level comparison tries, each loaded for both engines.
    private static func engineKeys() throws -> [(name: String, narrow: PinnedPublicKey, xmlsec: XMLSecPinnedKey)] {
        let keys = try TestKeys.shared()
        return try [keys.identityProvider, keys.identityProviderRollover, keys.identityProviderEC, keys.attacker].map {
            pair in
            (pair.name, try PinnedPublicKey(certificateDER: pair.certificateDER),
                try XMLSecPinnedKey(certificateDER: pair.certificateDER))
        }
    }

    /// Registers every `ID` attribute of `document` (the first of equal values wins, as in libxml2)
    /// and returns every `ds:Signature` element, without any of the verifier's profile or shape checks.
    private static func signaturesWithIDsRegistered(_ document: HardenedXMLDocument) -> [xmlNodePtr] {
        var signatures: [xmlNodePtr] = []
        var stack: [xmlNodePtr] = document.root.map { [$0] } ?? []
        while let node = stack.popLast() {
            if let attribute = xmlHasNsProp(node, "ID", nil), let value = xmlGetProp(node, "ID") {
                if xmlGetID(document.pointer, value) == nil { _ = xmlAddID(nil, document.pointer, value, attribute) }
                samlpin_xml_free(value)
            }
            if xmlStrEqual(node.pointee.name, "Signature") != 0,
                let href = node.pointee.ns?.pointee.href, xmlStrEqual(href, "http://www.w3.org/2000/09/xmldsig#") != 0
            {
                signatures.append(node)
            }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append(current) }
                child = current.pointee.next
            }
        }
        return signatures
    }

    /// The attack inputs go straight to both engines, with every test key and SHA-1 on and off:
    /// no shape check and no SignatureProfile stands in front, so agreement is not just "both never ran".
    ///
    /// Without the profile in front, the narrow engine may refuse more than libxmlsec1 (it reads
    /// only the one accepted shape, which libxmlsec1 does not require): that is allowed only for
    /// inputs the verifier refuses by the profile anyway. It must never accept more, and where
    /// both verify they must name the same element.
    @Test("every signature of every attack input, given to both engines directly with every key")
    func engineLevelAttacks() throws {
        try LibraryInitialization.ensure()
        let keys = try Self.engineKeys()
        let profileCodes: Set<SAMLError.Code> = [.signatureProfileViolation, .disallowedAlgorithm]
        var kinds: [String: Int] = [:]
        var documents = 0
        var narrowStricter: Set<String> = []
        let inputs = try Self.attackCases.map { ($0.name, $0.expected, try $0.build()) }
            + XMLSec1SignedResponseTests.variants.map { variant in
                let response = try TestResponses.signed(
                    ResponseParameters(), parts: variant.parts, template: variant.template,
                    key: .keyPair(try variant.key())
                )
                return (variant.name, Set<SAMLError.Code>(), AttackInput.xml(response.xml))
            }
        for (name, expected, input) in inputs {
            let bytes: [UInt8]
            switch input {
            case .xml(let xml): bytes = Array(xml.utf8)
            case .form(let value):
                guard let data = Data(base64Encoded: value, options: .ignoreUnknownCharacters) else { continue }
                bytes = [UInt8](data)
            }
            // Inputs the hardened parser refuses never reach any engine.
            guard let document = try? HardenedXMLDocument(parsing: bytes, maximumSize: 1 << 22) else { continue }
            documents += 1
            for signature in Self.signaturesWithIDsRegistered(document) {
                for key in keys {
                    for allowsSHA1 in [false, true] {
                        let narrow = NarrowSignatureVerifier.verify(
                            signature: signature, document: document.pointer, key: key.narrow, allowsSHA1: allowsSHA1
                        )
                        let reference = XMLSecSignatureVerifier.verify(
                            signature: signature, document: document.pointer, key: key.xmlsec, allowsSHA1: allowsSHA1
                        )
                        kinds[narrow.kind, default: 0] += 1
                        let detail =
                            "\(name), key \(key.name), SHA-1 \(allowsSHA1): narrow \(narrow), xmlsec \(reference)"
                        switch (narrow, reference) {
                        case (.verified, _):
                            #expect(narrow.agrees(with: reference), "narrow engine more permissive: \(detail)")
                        case (_, .verified):
                            // Only a shape the profile refuses before any engine runs may split them.
                            #expect(
                                !expected.isEmpty && expected.isSubset(of: profileCodes),
                                "narrow engine refuses what the profile allows: \(detail)"
                            )
                            narrowStricter.insert(name)
                        default:
                            break
                        }
                    }
                }
            }
        }
        #expect(documents > 150)
        // Every verdict kind must occur, or the comparison is one-sided.
        for kind in SignatureOutcome.allKinds {
            #expect(kinds[kind, default: 0] > 0, "no engine-level verdict '\(kind)': \(kinds)")
        }
        // The shapes libxmlsec1 verifies and the profile (and the narrow engine) refuse: extra
        // transforms it runs without complaint. Any other split is a new difference to look at.
        #expect(narrowStricter.sorted() == ["enveloped transform twice", "three transforms"])
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
