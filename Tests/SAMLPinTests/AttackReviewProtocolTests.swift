import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Protocol-check variants the first attack suites leave out: URL look-alikes, several
/// confirmations or audience restrictions, unsigned correlation grafted onto a signed
/// assertion, issuer forms, inverted or clamped time windows (catalogue sections 13, 20-24).
@Suite("Attack review: protocol variants")
struct AttackReviewProtocolTests {
    /// Signs a response after changing its parameters and, optionally, its unsigned template.
    static func signed(
        _ name: String,
        parts: SignedParts = .assertion,
        _ change: @escaping @Sendable (inout ResponseParameters) -> Void = { _ in },
        editing edit: @escaping @Sendable (inout XMLText) -> Void = { _ in }
    ) throws -> SignedResponse {
        try TestResponses.cached("review-protocol-\(name)") {
            var parameters = ResponseParameters()
            change(&parameters)
            return try TestResponses.signed(parameters, parts: parts, editingTemplate: edit)
        }
    }

    static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    static let acs = TestIdentityProviders.assertionConsumerServiceURL

    static let cases: [AttackCase] = [
        // Section 23: a Recipient is compared as a string; a trailing slash is another endpoint.
        AttackCase("Recipient with a trailing slash", [.subjectConfirmationInvalid]) {
            .xml(try signed("recipient-slash") { $0.recipient = acs + "/" }.xml)
        },
        // Section 23: nor is the host's case folded.
        AttackCase("Recipient with an upper-case host", [.subjectConfirmationInvalid]) {
            .xml(
                try signed("recipient-case") {
                    $0.recipient = acs.replacingOccurrences(of: "sp.test", with: "SP.TEST")
                }.xml)
        },
        // Section 23: a query string makes the Destination another URL.
        AttackCase("signed Destination with a query string", [.destinationMismatch]) {
            .xml(try signed("destination-query", parts: .response) { $0.destination = acs + "?next=/admin" }.xml)
        },
        // Section 23: a fragment, too.
        AttackCase("signed Destination with a fragment", [.destinationMismatch]) {
            .xml(try signed("destination-fragment", parts: .response) { $0.destination = acs + "#x" }.xml)
        },
        // Section 23: every AudienceRestriction must name this SP (SAML core 2.5.1.4).
        AttackCase("second AudienceRestriction naming another SP", [.audienceMismatch]) {
            .xml(
                try signed("two-audience-restrictions", editing: {
                    $0.insert(
                        "<saml2:AudienceRestriction><saml2:Audience>https://other-sp.example/metadata"
                            + "</saml2:Audience></saml2:AudienceRestriction>",
                        after: "saml2:AudienceRestriction"
                    )
                }).xml)
        },
        // Section 24: no bearer confirmation holds when one has another Recipient and the other expired.
        AttackCase("two bearer confirmations, neither valid", [.subjectConfirmationInvalid]) {
            .xml(
                try signed("two-bad-bearers", { $0.recipient = "https://other-sp.example/acs" }, editing: {
                    let expired = TestClock.format(TestClock.issueInstant.addingTimeInterval(-3600))
                    $0.insert(
                        "<saml2:SubjectConfirmation Method=\"\(bearer)\"><saml2:SubjectConfirmationData"
                            + " NotOnOrAfter=\"\(expired)\" Recipient=\"\(acs)\"/></saml2:SubjectConfirmation>",
                        after: "saml2:SubjectConfirmation"
                    )
                }).xml)
        },
        // Section 24: a Method with a trailing space is not the bearer method.
        AttackCase("bearer Method with a trailing space", [.subjectConfirmationMissing]) {
            .xml(try signed("bearer-space", editing: { $0.replaceAll("cm:bearer\"", with: "cm:bearer \"") }).xml)
        },
        // Section 24: a bearer confirmation must not carry NotBefore (profiles 4.1.4.2).
        AttackCase("bearer confirmation with NotBefore", [.subjectConfirmationInvalid]) {
            .xml(
                try signed("bearer-not-before", editing: {
                    let instant = TestClock.format(TestClock.issueInstant)
                    $0.replaceFirst(
                        "<saml2:SubjectConfirmationData",
                        with: "<saml2:SubjectConfirmationData NotBefore=\"\(instant)\""
                    )
                }).xml)
        },
        // Section 23: the signed Assertion must carry its own Issuer; the Response's is unsigned.
        AttackCase("signed Assertion without Issuer", [.issuerMismatch]) {
            .xml(try signed("no-assertion-issuer", editing: { $0.remove("saml2:Issuer", occurrence: 1) }).xml)
        },
        // Section 0.1.4: Version is part of the shape.
        AttackCase("Assertion Version 2.1", [.versionMismatch]) {
            .xml(
                try signed("assertion-version", editing: {
                    $0.replaceFirst("Version=\"2.0\"", with: "Version=\"2.1\"", inside: "saml2:Assertion")
                }).xml)
        },
        // Section 0.1.4: one Conditions element only.
        AttackCase("two Conditions", [.schemaViolation]) {
            .xml(
                try signed("two-conditions", editing: {
                    guard let conditions = $0.element("saml2:Conditions") else { return }
                    $0.insert(conditions, after: "saml2:Conditions")
                }).xml)
        },
        // Section 21: a configured skew above the maximum is clamped to 300 seconds.
        AttackCase(
            "Conditions expired 301 s ago, skew configured at 100,000 s", [.conditionsExpired],
            policy: IdentityProviderPolicy(clockSkewSeconds: 100_000)
        ) {
            .xml(
                try signed("skew-clamp") {
                    $0.notOnOrAfter = TestClock.verificationInstant.addingTimeInterval(-301)
                    $0.confirmationNotOnOrAfter = TestClock.verificationInstant.addingTimeInterval(600)
                }.xml)
        },
    ]

    @Test(arguments: cases)
    func refused(_ attack: AttackCase) throws {
        try attack.check()
    }

    // MARK: Time boundaries

    static func boundaryVerdict(
        _ response: SignedResponse,
        at instant: Date
    ) throws -> Result<VerifiedAssertion, SAMLError> {
        let verifier = try TestVerifiers.okta(policy: IdentityProviderPolicy(clockSkewSeconds: 0), now: instant)
        return verdict(response.xml, with: verifier)
    }

    @Test("Conditions NotOnOrAfter is exclusive: valid one second before, expired at the instant")
    func conditionsNotOnOrAfterBoundary() throws {
        let end = TestClock.issueInstant.addingTimeInterval(300)
        let response = try Self.signed("boundary-conditions") {
            $0.notOnOrAfter = end
            $0.confirmationNotOnOrAfter = end.addingTimeInterval(600)
        }
        if case .failure(let error) = try Self.boundaryVerdict(response, at: end.addingTimeInterval(-1)) {
            Issue.record("refused one second before NotOnOrAfter: \(error)")
        }
        let atEnd = try Self.boundaryVerdict(response, at: end)
        guard case .failure(let error) = atEnd else {
            Issue.record("accepted at exactly Conditions NotOnOrAfter")
            return
        }
        #expect(error.code == .conditionsExpired)
    }

    @Test("bearer NotOnOrAfter is exclusive: valid one second before, refused at the instant")
    func bearerNotOnOrAfterBoundary() throws {
        let end = TestClock.issueInstant.addingTimeInterval(200)
        let response = try Self.signed("boundary-bearer") {
            $0.notOnOrAfter = end.addingTimeInterval(600)
            $0.confirmationNotOnOrAfter = end
        }
        if case .failure(let error) = try Self.boundaryVerdict(response, at: end.addingTimeInterval(-1)) {
            Issue.record("refused one second before the bearer NotOnOrAfter: \(error)")
        }
        guard case .failure(let error) = try Self.boundaryVerdict(response, at: end) else {
            Issue.record("accepted at exactly the bearer NotOnOrAfter")
            return
        }
        #expect(error.code == .subjectConfirmationInvalid)
    }

    @Test("Conditions NotBefore is inclusive: refused one second before, valid at the instant")
    func notBeforeBoundary() throws {
        let start = TestClock.issueInstant.addingTimeInterval(10)
        let response = try Self.signed("boundary-not-before") { $0.notBefore = start }
        guard case .failure(let error) = try Self.boundaryVerdict(response, at: start.addingTimeInterval(-1)) else {
            Issue.record("accepted one second before NotBefore")
            return
        }
        #expect(error.code == .conditionsNotYetValid)
        if case .failure(let error) = try Self.boundaryVerdict(response, at: start) {
            Issue.record("refused at exactly NotBefore: \(error)")
        }
    }

    // MARK: Shapes that are allowed and must read what was signed

    @Test("one failing and one valid bearer confirmation: accepted, values unchanged")
    func oneOfTwoBearersHolds() throws {
        let response = try Self.signed("one-good-bearer", editing: {
            $0.insert(
                "<saml2:SubjectConfirmation Method=\"\(Self.bearer)\"><saml2:SubjectConfirmationData"
                    + " NotOnOrAfter=\"\(TestClock.format(TestClock.issueInstant.addingTimeInterval(300)))\""
                    + " Recipient=\"https://other-sp.example/acs\"/></saml2:SubjectConfirmation>",
                before: "saml2:SubjectConfirmation"
            )
        })
        let verified = try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID
        )
        #expect(verified.nameID.value == response.parameters.nameID)
    }

    @Test("OneTimeUse and ProxyRestriction are honoured by the replay cache: accepted once, then replay")
    func oneTimeUse() throws {
        let response = try Self.signed("one-time-use", editing: {
            $0.insert(
                "<saml2:OneTimeUse/><saml2:ProxyRestriction Count=\"0\"/>", after: "saml2:AudienceRestriction"
            )
        })
        let verifier = try TestVerifiers.okta()
        let first = verdict(response.xml, with: verifier)
        #expect((try? first.get())?.nameID.value == response.parameters.nameID, "\(first)")
        guard case .failure(let error) = verdict(response.xml, with: verifier) else {
            Issue.record("a OneTimeUse assertion was accepted twice")
            return
        }
        #expect(error.code == .replayDetected)
    }

    @Test("a NameID with surrounding whitespace is returned exactly as signed")
    func nameIDWhitespaceIsKept() throws {
        let response = try Self.signed("nameid-spaces") { $0.nameID = "  jane.doe@example.com\n" }
        let verified = try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID
        )
        #expect(verified.nameID.value == "  jane.doe@example.com\n")
    }

    @Test("a NameID split by a CDATA section is returned whole, as its canonical form was signed")
    func nameIDWithCDATAIsWhole() throws {
        let response = try Self.signed("nameid-cdata", editing: {
            $0.setContent(of: "saml2:NameID", to: "jane.doe<![CDATA[@example.com<&>]]>.evil.test")
        })
        let verified = try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID
        )
        #expect(verified.nameID.value == "jane.doe@example.com<&>.evil.test")
    }
}
