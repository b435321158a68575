import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Whole-message variants: several IdPs or ACS URLs behind one verifier, document encodings,
/// NUL bytes, base64 framing, and documents at the size limit built from many declarations or
/// attributes (catalogue sections 3, 11, 21-23, 0.1.11).
@Suite("Attack review: messages, encodings, multi-IdP and multi-ACS")
struct AttackReviewMessageTests {
    static let otherEntityID = "http://www.okta.com/exkREVIEWOTHER"

    /// IdP B, pinned to the attacker's key pair (the attacker runs a pinned IdP of their own).
    static func otherIdentityProvider(policy: IdentityProviderPolicy = IdentityProviderPolicy()) throws
        -> IdentityProvider
    {
        try TestIdentityProviders.okta(
            pinning: [TestKeys.shared().attacker], policy: policy, entityID: otherEntityID, slug: "review-other"
        )
    }

    static func verifier(
        serviceProvider: ServiceProvider = TestIdentityProviders.serviceProvider,
        identityProviders: [IdentityProvider]? = nil,
        replayCache: any ReplayCache = InMemoryReplayCache()
    ) throws -> ResponseVerifier {
        try ResponseVerifier(
            serviceProvider: serviceProvider,
            identityProviders: try identityProviders ?? [TestIdentityProviders.okta(), otherIdentityProvider()],
            clock: FixedClock(TestClock.verificationInstant),
            replayCache: replayCache
        ).crossChecked
    }

    static func refusal(
        _ xml: String,
        _ verifier: ResponseVerifier,
        expectedRequestID: String? = TestIdentityProviders.requestID
    ) -> SAMLError? {
        guard case .failure(let error) = verdict(xml, with: verifier, expectedRequestID: expectedRequestID) else {
            return nil
        }
        return error
    }

    // MARK: Multi-IdP

    @Test("IdP A's signed assertion inside a Response naming IdP B is refused")
    func assertionOfAInResponseOfB() throws {
        let response = try AttackFixtures.assertionSigned()
        var text = XMLText(response.xml)
        text.setContent(of: "saml2:Issuer", to: Self.otherEntityID)
        let error = Self.refusal(text.text, try Self.verifier())
        #expect(error?.code == .issuerMismatch, "\(String(describing: error))")
    }

    @Test("IdP A's signed assertion inside a Response that IdP B signed is refused")
    func assertionOfAInResponseSignedByB() throws {
        let response = try AttackFixtures.assertionSigned()
        var text = XMLText(response.xml)
        text.setContent(of: "saml2:Issuer", to: Self.otherEntityID)
        text.insert(SignatureTemplate.okta.xml(referencing: response.parameters.responseID), after: "saml2:Issuer")
        let resigned = try XMLSec1Signer.sign(text.text, with: .keyPair(TestKeys.shared().attacker))
        #expect(XMLText(resigned).count(of: "ds:Signature") == 2)
        let error = Self.refusal(resigned, try Self.verifier())
        #expect(error?.code == .issuerMismatch, "\(String(describing: error))")
    }

    @Test("without a Response Issuer, the key is chosen by the signed Assertion Issuer and IdP A is reported")
    func keyChosenByAssertionIssuer() throws {
        let response = try AttackFixtures.assertionSigned()
        var text = XMLText(response.xml)
        text.remove("saml2:Issuer")
        let verified = try Self.verifier().verify(
            responseXML: Array(text.text.utf8), expectedRequestID: TestIdentityProviders.requestID
        )
        #expect(verified.identityProviderSlug == TestIdentityProviders.oktaSlug)
        #expect(verified.issuer == TestIdentityProviders.oktaEntityID)
    }

    @Test("one assertion ID from two IdPs: each accepted once, each replay refused")
    func replayCacheAcrossIdentityProviders() throws {
        let sharedID = "idREVIEWSHARED0000000000000001"
        let fromA = try TestResponses.cached("review-shared-id-a") {
            var parameters = ResponseParameters()
            parameters.assertionID = sharedID
            return try TestResponses.signed(parameters, parts: .both)
        }
        let fromB = try TestResponses.cached("review-shared-id-b") {
            var parameters = ResponseParameters()
            parameters.assertionID = sharedID
            parameters.responseIssuer = Self.otherEntityID
            parameters.assertionIssuer = Self.otherEntityID
            return try TestResponses.signed(parameters, parts: .both, key: .keyPair(TestKeys.shared().attacker))
        }
        let verifier = try Self.verifier()
        let first = verdict(fromA.xml, with: verifier)
        let second = verdict(fromB.xml, with: verifier)
        #expect((try? first.get())?.identityProviderSlug == TestIdentityProviders.oktaSlug, "\(first)")
        #expect((try? second.get())?.identityProviderSlug == "review-other", "\(second)")
        #expect(Self.refusal(fromA.xml, verifier)?.code == .replayDetected)
        #expect(Self.refusal(fromB.xml, verifier)?.code == .replayDetected)
    }

    // MARK: Encodings and bytes

    @Test("a UTF-16 copy of a signed response is read as the same values or refused as malformed")
    func utf16Document() throws {
        let response = try AttackFixtures.assertionSigned()
        let text = response.xml.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let verifier = try TestVerifiers.okta()
        let outcome = Result { () throws(SAMLError) in
            try verifier.verify(responseXML: bytes, expectedRequestID: TestIdentityProviders.requestID)
        }
        switch outcome {
        case .success(let verified):
            #expect(verified.nameID.value == response.parameters.nameID)
            #expect(verified.values(of: "groups") == ["Everyone", "Engineering", "Admins"])
        case .failure(let error):
            #expect(error.code == .malformedXML, "\(error)")
        }
    }

    @Test("declaring ISO-8859-1 on a UTF-8 document changes the signed text, so the signature fails")
    func encodingDeclarationSwap() throws {
        let response = try TestResponses.cached("review-latin1-swap") {
            var parameters = ResponseParameters()
            parameters.nameID = "j\u{00F6}rg.m\u{00FC}ller@example.com"
            return try TestResponses.signed(parameters, parts: .assertion)
        }
        #expect(try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID
        ).nameID.value == response.parameters.nameID)
        let swapped = response.xml.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
        let error = Self.refusal(swapped, try TestVerifiers.okta())
        #expect(error?.code == .digestMismatch, "\(String(describing: error))")
    }

    @Test("a NUL byte followed by more markup after the root element is refused as malformed")
    func nulAfterRoot() throws {
        let response = try AttackFixtures.assertionSigned()
        let bytes = response.bytes + [0x00] + Array("<saml2p:Response/>".utf8)
        let verifier = try TestVerifiers.okta()
        let outcome = Result { () throws(SAMLError) in
            try verifier.verify(responseXML: bytes, expectedRequestID: TestIdentityProviders.requestID)
        }
        guard case .failure(let error) = outcome else {
            Issue.record("accepted a document with a NUL byte and trailing markup")
            return
        }
        #expect(error.code == .malformedXML, "\(error)")
    }

    @Test("a NUL byte inside an unsigned comment is refused as malformed")
    func nulInComment() throws {
        let response = try AttackFixtures.assertionSigned()
        var text = XMLText(response.xml)
        text.insert("<!-- a\u{0}b -->", before: "saml2:Assertion")
        let error = Self.refusal(text.text, try TestVerifiers.okta())
        #expect(error?.code == .malformedXML, "\(String(describing: error))")
    }

    @Test("two base64 blocks joined with padding in the middle are refused, not concatenated")
    func base64PaddingInTheMiddle() throws {
        let bytes = try AttackFixtures.assertionSigned().bytes
        let split = 100
        #expect(split % 3 != 0)
        let joined = Data(bytes[..<split]).base64EncodedString() + Data(bytes[split...]).base64EncodedString()
        #expect(joined.dropLast(2).contains("="))
        let verifier = try TestVerifiers.okta()
        let outcome = Result { () throws(SAMLError) in
            try verifier.verify(samlResponse: joined, expectedRequestID: TestIdentityProviders.requestID)
        }
        guard case .failure(let error) = outcome else {
            Issue.record("accepted base64 with padding in the middle")
            return
        }
        #expect(error.code == .invalidBase64, "\(error)")
    }

    @Test("a no-break space inside the base64 form value is not whitespace")
    func base64WithNoBreakSpace() throws {
        var encoded = Data(try AttackFixtures.assertionSigned().bytes).base64EncodedString()
        encoded.insert("\u{00A0}", at: encoded.index(encoded.startIndex, offsetBy: 40))
        let verifier = try TestVerifiers.okta()
        let outcome = Result { () throws(SAMLError) in
            try verifier.verify(samlResponse: encoded, expectedRequestID: TestIdentityProviders.requestID)
        }
        guard case .failure(let error) = outcome else {
            Issue.record("accepted base64 holding U+00A0")
            return
        }
        #expect(error.code == .invalidBase64, "\(error)")
    }

    // MARK: Documents at the size limit

    @Test("40,000 namespace declarations on one start tag are refused by the per-element limit")
    func manyNamespaceDeclarations() throws {
        let response = try AttackFixtures.assertionSigned()
        let declarations = (0..<40_000).map { " xmlns:n\($0)=\"urn:n\"" }.joined()
        var text = XMLText(response.xml)
        text.replaceFirst("<saml2p:Response ", with: "<saml2p:Response\(declarations) ")
        #expect(text.text.utf8.count < 1 << 20)
        let error = Self.refusal(text.text, try TestVerifiers.okta())
        #expect(error?.code == .malformedXML, "\(String(describing: error))")
    }

    /// libxml2 2.9 checks each attribute of a start tag against all earlier ones, so 60,000
    /// attributes (590 KB) cost seconds of CPU before any check runs: the pre-parse limit refuses them first.
    @Test("60,000 attributes on one start tag are refused by a limit before libxml2 parses them")
    func manyAttributes() throws {
        let response = try AttackFixtures.assertionSigned()
        let attributes = (0..<60_000).map { " a\($0)=\"\"" }.joined()
        var text = XMLText(response.xml)
        text.replaceFirst("<saml2p:Response ", with: "<saml2p:Response\(attributes) ")
        #expect(text.text.utf8.count < 1 << 20)
        let error = Self.refusal(text.text, try TestVerifiers.okta())
        #expect(
            error?.code == .messageTooLarge || error?.code == .schemaViolation || error?.code == .malformedXML,
            "\(error as Any)"
        )
    }

    @Test("20,000 prefixed elements under 30,000 declarations on one tag, in a signed Response: refused")
    func prefixLookupsUnderManyDeclarations() throws {
        let response = try AttackFixtures.responseSigned()
        let declarations = (0..<30_000).map { " xmlns:n\($0)=\"urn:n\"" }.joined()
        let elements = String(repeating: "<n0:e/>", count: 20_000)
        var text = XMLText(response.xml)
        text.replaceFirst("<saml2p:Response ", with: "<saml2p:Response\(declarations) ")
        text.insert("<saml2p:Extensions>\(elements)</saml2p:Extensions>", after: "saml2:Issuer")
        #expect(text.text.utf8.count < 1 << 20)
        let error = Self.refusal(text.text, try TestVerifiers.okta())
        #expect(error?.code == .malformedXML, "\(String(describing: error))")
    }
}
