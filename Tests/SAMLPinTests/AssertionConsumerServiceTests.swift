import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

@Suite("the ACS URL a response arrived at")
struct AssertionConsumerServiceTests {
    static let first = TestIdentityProviders.assertionConsumerServiceURL
    static let second = "https://sp.test.example/saml/sso/second-tenant"

    private func verifier() throws -> ResponseVerifier {
        try ResponseVerifier(
            serviceProvider: ServiceProvider(
                entityID: TestIdentityProviders.serviceProviderEntityID,
                assertionConsumerServiceURLs: [Self.first, Self.second]
            ),
            identityProviders: [TestIdentityProviders.okta()],
            clock: FixedClock(TestClock.verificationInstant)
        ).crossChecked
    }

    private func response() throws -> SignedResponse {
        try TestResponses.cached("acs-binding-both-signed") { try TestResponses.signed(parts: .both) }
    }

    @Test("a response addressed to one ACS URL is accepted there")
    func acceptedWhereAddressed() throws {
        let response = try response()
        #expect(response.parameters.destination == Self.first)
        let verified = try verifier().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID,
            assertionConsumerServiceURL: Self.first
        )
        #expect(verified.nameID.value == response.parameters.nameID)
    }

    @Test("the same response posted to another ACS URL of the SP is refused")
    func refusedAtAnotherEndpoint() throws {
        let verifier = try verifier()
        let bytes = try response().bytes
        let outcome = Result { () throws(SAMLError) in
            try verifier.verify(
                responseXML: bytes, expectedRequestID: TestIdentityProviders.requestID,
                assertionConsumerServiceURL: Self.second
            )
        }
        guard case .failure(let error) = outcome else {
            Issue.record("a response for '\(Self.first)' was accepted at '\(Self.second)'")
            return
        }
        #expect(error.code == .destinationMismatch, "\(error)")
    }

    @Test("an ACS URL the SP does not have is a configuration error, not a verdict on the message")
    func unknownEndpoint() throws {
        let verifier = try verifier()
        let bytes = try response().bytes
        let outcome = Result { () throws(SAMLError) in
            try verifier.verify(
                responseXML: bytes, expectedRequestID: TestIdentityProviders.requestID,
                assertionConsumerServiceURL: "https://sp.test.example/elsewhere"
            )
        }
        guard case .failure(let error) = outcome else {
            Issue.record("an unknown ACS URL was accepted")
            return
        }
        #expect(error.code == .invalidConfiguration, "\(error)")
    }
}
