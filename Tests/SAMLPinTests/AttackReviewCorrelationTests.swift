import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Findings of the attack review that the verifier now refuses: an unsigned InResponseTo grafted
/// onto an unsolicited assertion, Destination and Recipient naming different ACS URLs, an
/// inverted validity window, a non-entity Issuer Format, and unverified text in error reasons.
@Suite("Attack review: correlation, ACS binding, validity window, Issuer form, log-safe reasons")
struct AttackReviewCorrelationTests {
    static let secondACS = "https://sp.test.example/saml/sso/second"

    static func signed(
        _ name: String,
        parts: SignedParts = .assertion,
        _ change: @escaping @Sendable (inout ResponseParameters) -> Void = { _ in },
        editing edit: @escaping @Sendable (inout XMLText) -> Void = { _ in }
    ) throws -> SignedResponse {
        try TestResponses.cached("review-correlation-\(name)") {
            var parameters = ResponseParameters()
            change(&parameters)
            return try TestResponses.signed(parameters, parts: parts, editingTemplate: edit)
        }
    }

    static let cases: [AttackCase] = [
        // Section 22: a signed assertion answering no request, wrapped in an unsigned Response that
        // claims to answer the pending one, turns an unsolicited assertion into a solicited login
        // (profiles 4.1.4.2: a solicited bearer confirmation carries the request's InResponseTo).
        AttackCase(
            "unsigned Response InResponseTo grafted onto an unsolicited signed assertion",
            [.inResponseToMismatch]
        ) {
            let response = try signed("grafted-in-response-to") {
                $0.inResponseTo = nil
                $0.confirmationInResponseTo = nil
            }
            return AttackFixtures.edited(response) {
                $0.replaceFirst(
                    "ID=\"\(response.parameters.responseID)\"",
                    with: "ID=\"\(response.parameters.responseID)\""
                        + " InResponseTo=\"\(TestIdentityProviders.requestID)\""
                )
            }
        },
        // Section 23: an Issuer whose Format says it is a user's persistent ID is not an entity ID
        // (profiles 4.1.4.2: Format omitted or entity).
        AttackCase("Assertion Issuer with a persistent Format", [.issuerMismatch]) {
            .xml(
                try signed("issuer-format", editing: {
                    $0.replaceFirst(
                        "nameid-format:entity", with: "nameid-format:persistent", inside: "saml2:Assertion"
                    )
                }).xml)
        },
        // Section 21: NotBefore after NotOnOrAfter is no window at all (core 2.5.1.2), even when
        // the skew would let each bound pass on its own.
        AttackCase(
            "inverted Conditions window within the skew",
            [.schemaViolation]
        ) {
            .xml(
                try signed("inverted-window") {
                    $0.notBefore = TestClock.verificationInstant.addingTimeInterval(100)
                    $0.notOnOrAfter = TestClock.verificationInstant.addingTimeInterval(-100)
                }.xml)
        },
    ]

    @Test(arguments: cases)
    func refused(_ attack: AttackCase) throws {
        try attack.check()
    }

    static func refusal(_ xml: [UInt8], _ verifier: ResponseVerifier) -> SAMLError? {
        let outcome = Result { () throws(SAMLError) in
            try verifier.verify(responseXML: xml, expectedRequestID: TestIdentityProviders.requestID)
        }
        guard case .failure(let error) = outcome else { return nil }
        return error
    }

    @Test("a Response whose Destination and Recipient name two different ACS URLs of the SP is refused")
    func destinationAndRecipientDisagree() throws {
        let serviceProvider = ServiceProvider(
            entityID: TestIdentityProviders.serviceProviderEntityID,
            assertionConsumerServiceURLs: [TestIdentityProviders.assertionConsumerServiceURL, Self.secondACS]
        )
        let response = try Self.signed("two-acs", parts: .both) { $0.destination = Self.secondACS }
        let verifier = try ResponseVerifier(
            serviceProvider: serviceProvider,
            identityProviders: [TestIdentityProviders.okta()],
            clock: FixedClock(TestClock.verificationInstant)
        ).crossChecked
        let error = Self.refusal(response.bytes, verifier)
        #expect(
            error?.code == .destinationMismatch || error?.code == .subjectConfirmationInvalid,
            "Destination '\(Self.secondACS)', Recipient '\(response.parameters.recipient)': \(error as Any)"
        )
    }

    /// `reason` is written for logs; values copied from an unverified message must not forge log
    /// lines (CR, LF) nor flood them.
    @Test("an unverified Issuer with line breaks and 100 KB of text does not reach the error reason verbatim")
    func logInjectionThroughUnverifiedIssuer() throws {
        let response = try AttackFixtures.assertionSigned()
        let forged = "http://evil.test\r\n2026-12-03T20:00:00Z INFO login accepted user=admin\n"
            + String(repeating: "A", count: 100_000)
        var text = XMLText(response.xml)
        text.setContent(of: "saml2:Issuer", to: forged)
        text.setContent(of: "saml2:Issuer", occurrence: 1, to: forged)
        let error = Self.refusal(Array(text.text.utf8), try TestVerifiers.okta())
        #expect(error?.code == .unknownIssuer, "\(error as Any)")
        let reason = error?.reason ?? ""
        #expect(!reason.contains("\n") && !reason.contains("\r"), "the reason carries a line break")
        #expect(reason.utf8.count <= 1_024, "the reason has \(reason.utf8.count) bytes")
    }
}
