import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// The pipeline's steps, one by one, on a real Keycloak response (assertion signed, RSA-SHA256)
/// and on hand-made documents that fail before any signature is needed.
@Suite struct ResponseVerifierTests {
    private static let keycloak = "keycloak-signed-assertion.xml"

    private static func entry() throws -> CorpusResponse { try Corpus.response(keycloak) }

    private static func verifier(
        policy: IdentityProviderPolicy = IdentityProviderPolicy(),
        clockOffset: TimeInterval = 0,
        acs: String? = nil,
        replayCache: any ReplayCache = InMemoryReplayCache()
    ) throws -> ResponseVerifier {
        let entry = try entry()
        let base = try Corpus.verifier(for: entry, policy: policy, replayCache: replayCache)
        return try ResponseVerifier(
            serviceProvider: ServiceProvider(
                entityID: base.serviceProvider.entityID,
                assertionConsumerServiceURL: acs ?? entry.acs
            ),
            identityProviders: base.identityProviders,
            clock: FixedClock(try Corpus.freezeInstant(of: entry).addingTimeInterval(clockOffset)),
            replayCache: replayCache
        ).crossChecked
    }

    private static func xml() throws -> [UInt8] { try Corpus.bytes(of: entry()) }

    private static func requestID() throws -> String? { try entry().expectedRequestID }

    private static func code(_ body: () throws -> VerifiedAssertion) -> SAMLError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as SAMLError {
            return error.code
        } catch {
            return .internalError
        }
    }

    // MARK: Form value decoding

    @Test(arguments: [64, 76])
    func base64WrappedWithCRLFIsAccepted(_ width: Int) throws {
        let encoded = Data(try Self.xml()).base64EncodedString()
        var wrapped = ""
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: width, limitedBy: encoded.endIndex) ?? encoded.endIndex
            wrapped += encoded[index..<end] + "\r\n"
            index = end
        }
        let assertion = try Self.verifier().verify(
            samlResponse: " " + wrapped, relayState: "/next", expectedRequestID: try Self.entry().expectedRequestID
        )
        #expect(assertion.nameID.value == "G-ebb3a66f-686f-4bb9-8a8b-20b566ca747b")
        #expect(assertion.relayState == "/next")
    }

    @Test(arguments: [
        ("PD94bWwg*dmVyc2lvbj0iMS4wIj8+", "character outside the alphabet"),
        ("PD94bWw=PD94", "data after padding"),
        ("PD94b", "a lone trailing character"),
        ("   \n", "nothing but whitespace"),
    ])
    func malformedBase64IsRefused(_ value: String, _ why: String) throws {
        let error = #expect(throws: SAMLError.self, "\(why)") {
            try Self.verifier().verify(samlResponse: value, expectedRequestID: nil)
        }
        #expect(error?.code == .invalidBase64, "\(why)")
    }

    @Test func sizeLimitAppliesToTheFormValueAndToRawXML() throws {
        let verifier = try Self.verifier(policy: IdentityProviderPolicy(maximumMessageSize: 1024))
        let xml = try Self.xml()
        #expect(xml.count > 1024)
        let encoded = Data(xml).base64EncodedString()
        #expect(Self.code { try verifier.verify(samlResponse: encoded, expectedRequestID: nil) } == .messageTooLarge)
        #expect(Self.code { try verifier.verify(responseXML: xml, expectedRequestID: nil) } == .messageTooLarge)
    }

    // MARK: Parsing and shape

    @Test(arguments: [
        ("<!DOCTYPE r [<!ENTITY a \"b\">]><r>&a;</r>", SAMLError.Code.documentTypeDeclaration),
        ("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">", .malformedXML),
        ("<Response xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\" Version=\"2.0\"/>", .unexpectedRoot),
        ("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" Version=\"1.1\"/>", .versionMismatch),
    ])
    func documentsOfTheWrongKindAreRefused(_ xml: String, _ expected: SAMLError.Code) throws {
        let verifier = try Self.verifier()
        #expect(Self.code { try verifier.verify(responseXML: Array(xml.utf8), expectedRequestID: nil) } == expected)
    }

    @Test func failedLoginCarriesTheIdPStatus() throws {
        let xml = """
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" \
            IssueInstant="2017-05-04T22:18:13Z"><samlp:Status><samlp:StatusCode \
            Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode \
            Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>\
            <samlp:StatusMessage>wrong password</samlp:StatusMessage></samlp:Status></samlp:Response>
            """
        let error = #expect(throws: SAMLError.self) {
            try Self.verifier().verify(responseXML: Array(xml.utf8), expectedRequestID: "_req")
        }
        #expect(error?.code == .statusNotSuccess)
        #expect(error?.status?.code == "urn:oasis:names:tc:SAML:2.0:status:Responder")
        #expect(error?.status?.subCode == "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed")
        #expect(error?.status?.message == "wrong password")
    }

    // MARK: Protocol checks on a verified assertion

    @Test func requestCorrelationIsEnforced() throws {
        let verifier = try Self.verifier()
        let xml = try Self.xml()
        let mismatch = Self.code { try verifier.verify(responseXML: xml, expectedRequestID: "_other") }
        #expect(mismatch == .inResponseToMismatch)
        // The response names a request, but the SP is not waiting for one.
        #expect(Self.code { try verifier.verify(responseXML: xml, expectedRequestID: nil) } == .unsolicitedResponse)
    }

    @Test func destinationForAnotherEndpointIsRefused() throws {
        let verifier = try Self.verifier(acs: "https://sp.example/other-acs")
        let code = Self.code { try verifier.verify(responseXML: Self.xml(), expectedRequestID: Self.requestID()) }
        #expect(code == .destinationMismatch)
    }

    @Test(arguments: [
        (-3600.0, SAMLError.Code.issueInstantInFuture),
        (3600.0, .conditionsExpired),
        (0.0, nil),
    ])
    func timeIsCheckedAgainstTheClockWithSkew(_ offset: TimeInterval, _ expected: SAMLError.Code?) throws {
        let verifier = try Self.verifier(clockOffset: offset)
        let code = Self.code { try verifier.verify(responseXML: Self.xml(), expectedRequestID: Self.requestID()) }
        #expect(code == expected)
    }

    // MARK: Replay

    @Test func secondUseOfAnAssertionIsAReplay() throws {
        let cache = InMemoryReplayCache()
        let first = try Self.verifier(replayCache: cache)
        let requestID = try Self.entry().expectedRequestID
        let xml = try Self.xml()
        _ = try first.verify(responseXML: xml, expectedRequestID: requestID)
        #expect(Self.code { try first.verify(responseXML: xml, expectedRequestID: requestID) } == .replayDetected)
        // Another verifier sharing the cache (another task or instance) sees the replay too.
        let second = try Self.verifier(replayCache: cache)
        #expect(Self.code { try second.verify(responseXML: xml, expectedRequestID: requestID) } == .replayDetected)
    }

    @Test func fullReplayCacheRefusesInsteadOfForgetting() throws {
        let cache = InMemoryReplayCache(capacity: 1)
        let now = try Corpus.freezeInstant(of: Self.entry())
        #expect(cache.insertIfAbsent(assertionID: "_x", issuer: "i", expiresAt: now + 3600, now: now) == .inserted)
        let verifier = try Self.verifier(replayCache: cache)
        let code = Self.code { try verifier.verify(responseXML: Self.xml(), expectedRequestID: Self.requestID()) }
        #expect(code == .replayCacheFull)
    }

    // MARK: Configuration

    @Test func pinnedCertificateMustMatchItsFingerprint() throws {
        let genuine = try Corpus.pinnedCertificate(for: Self.entry())
        let wrong = PinnedCertificate(
            der: genuine.der, sha256Fingerprint: String(repeating: "AB:", count: 31) + "AB", subject: "x",
            notBefore: .distantPast, notAfter: .distantFuture
        )
        let garbage = PinnedCertificate(
            der: [0x30, 0x03, 0x02, 0x01, 0x01], sha256Fingerprint: "", subject: "x",
            notBefore: .distantPast, notAfter: .distantFuture
        )
        for certificate in [wrong, garbage, PinnedCertificate(with: garbage.der)] {
            let error = #expect(throws: SAMLError.self) {
                try ResponseVerifier(
                    serviceProvider: ServiceProvider(entityID: "sp", assertionConsumerServiceURL: "https://sp/acs"),
                    identityProviders: [Self.identityProvider(certificate)]
                )
            }
            #expect(error?.code == .pinnedCertificateInvalid)
        }
        #expect(genuine.matchesFingerprint)
    }

    @Test func emptyOrDuplicateIdentityProvidersAreAConfigurationError() throws {
        let certificate = try Corpus.pinnedCertificate(for: Self.entry())
        let serviceProvider = ServiceProvider(entityID: "sp", assertionConsumerServiceURL: "https://sp/acs")
        for identityProviders in [[], [Self.identityProvider(certificate), Self.identityProvider(certificate)]] {
            let error = #expect(throws: SAMLError.self) {
                try ResponseVerifier(serviceProvider: serviceProvider, identityProviders: identityProviders)
            }
            #expect(error?.code == .invalidConfiguration)
        }
    }

    private static func identityProvider(_ certificate: PinnedCertificate) -> IdentityProvider {
        IdentityProvider(
            slug: "idp", entityID: "https://idp.example", singleSignOnServices: [],
            signingCertificates: [certificate],
            provenance: Provenance(sourceFile: "t", sourceSHA256: "", generatorVersion: "t")
        )
    }

    @Test func everyErrorCodeHasADistinctStableRawValue() {
        let raw = SAMLError.Code.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        #expect(raw.allSatisfy { $0.contains(".") && !$0.contains(" ") })
        #expect(SAMLError.Code.destinationMismatch.rawValue == "response.destinationMismatch")
    }
}

extension PinnedCertificate {
    /// A certificate whose fingerprint is computed from `der` itself, so only loading can fail.
    fileprivate init(with der: [UInt8]) {
        let probe = PinnedCertificate(der: der, sha256Fingerprint: "", subject: "", notBefore: .now, notAfter: .now)
        self.init(
            der: der, sha256Fingerprint: probe.computedSHA256Fingerprint, subject: "x",
            notBefore: .distantPast, notAfter: .distantFuture
        )
    }
}
