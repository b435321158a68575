import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Protocol checks on validly signed responses: issuer, audience, recipient, destination, time,
/// correlation, status, encryption and replay (catalogue sections 13, 20-24).
@Suite("Attack: protocol checks")
struct AttackProtocolTests {
    /// Signs a default response after `change` (cached under `name`).
    static func signed(
        _ name: String,
        parts: SignedParts = .assertion,
        _ change: @escaping @Sendable (inout ResponseParameters) -> Void
    ) throws -> AttackInput {
        .xml(
            try TestResponses.cached("protocol-\(name)") {
                var parameters = ResponseParameters()
                change(&parameters)
                return try TestResponses.signed(parameters, parts: parts)
            }.xml)
    }

    static let cases: [AttackCase] = [
        // Section 23: Issuer of an IdP that is not pinned.
        AttackCase("issuer not pinned", [.unknownIssuer]) {
            try signed("unknown-issuer", parts: .both) {
                $0.responseIssuer = "http://www.okta.com/exkOTHER"
                $0.assertionIssuer = "http://www.okta.com/exkOTHER"
            }
        },
        // Section 23: Assertion Issuer differs from the Response Issuer.
        AttackCase("assertion issuer differs", [.issuerMismatch]) {
            try signed("assertion-issuer", parts: .both) { $0.assertionIssuer = "http://www.okta.com/exkOTHER" }
        },
        // Section 23: Response Issuer differs from the (pinned) Assertion Issuer.
        AttackCase("response issuer differs", [.issuerMismatch]) {
            try signed("response-issuer") { $0.responseIssuer = "http://www.okta.com/exkOTHER" }
        },
        // Section 23: audience of another SP.
        AttackCase("audience of another SP", [.audienceMismatch]) {
            try signed("audience") { $0.audience = "https://other-sp.example/metadata" }
        },
        // Section 23: empty Audience.
        AttackCase("empty audience", [.audienceMismatch]) {
            try signed("audience-empty") { $0.audience = "" }
        },
        // Section 23: no AudienceRestriction.
        AttackCase("no AudienceRestriction", [.audienceRestrictionMissing]) {
            .xml(
                try TestResponses.cached("protocol-no-audience") {
                    try TestResponses.signed(parts: .assertion) { $0.remove("saml2:AudienceRestriction") }
                }.xml)
        },
        // Section 23: Recipient of another ACS.
        AttackCase("recipient of another ACS", [.subjectConfirmationInvalid]) {
            try signed("recipient") { $0.recipient = "https://other-sp.example/acs" }
        },
        // Section 23: Destination of another ACS.
        AttackCase("destination of another ACS", [.destinationMismatch]) {
            try signed("destination", parts: .response) { $0.destination = "https://other-sp.example/acs" }
        },
        // Section 23: a signed Response without Destination.
        AttackCase("signed response without Destination", [.destinationMissing]) {
            .xml(
                try TestResponses.cached("protocol-no-destination") {
                    let parameters = ResponseParameters()
                    return try TestResponses.signed(parameters, parts: .response) {
                        $0.replaceFirst("Destination=\"\(XMLEscaping.attribute(parameters.destination))\" ", with: "")
                    }
                }.xml)
        },
        // Section 23: Conditions expired beyond the skew.
        AttackCase("conditions expired", [.conditionsExpired]) {
            try signed("expired") {
                $0.notBefore = $0.issueInstant.addingTimeInterval(-3_600)
                $0.notOnOrAfter = $0.issueInstant.addingTimeInterval(-600)
            }
        },
        // Section 23: Conditions not yet valid beyond the skew.
        AttackCase("conditions not yet valid", [.conditionsNotYetValid]) {
            try signed("not-yet-valid") { $0.notBefore = $0.issueInstant.addingTimeInterval(600) }
        },
        // Section 23: bearer confirmation expired.
        AttackCase("bearer confirmation expired", [.subjectConfirmationInvalid]) {
            try signed("confirmation-expired") {
                $0.confirmationNotOnOrAfter = $0.issueInstant.addingTimeInterval(-600)
            }
        },
        // Section 21/23: bearer confirmation without NotOnOrAfter.
        AttackCase("bearer confirmation without NotOnOrAfter", [.subjectConfirmationInvalid]) {
            .xml(
                try TestResponses.cached("protocol-confirmation-no-expiry") {
                    let parameters = ResponseParameters()
                    return try TestResponses.signed(parameters, parts: .assertion) {
                        $0.replaceFirst(
                            " NotOnOrAfter=\"\(TestClock.format(parameters.confirmationNotOnOrAfter))\" Recipient",
                            with: " Recipient")
                    }
                }.xml)
        },
        // Section 23 (CVE-2020-5268): holder-of-key confirmation treated as bearer.
        AttackCase("holder-of-key instead of bearer", [.subjectConfirmationMissing]) {
            .xml(
                try TestResponses.cached("protocol-holder-of-key") {
                    try TestResponses.signed(parts: .assertion) {
                        $0.replaceFirst(
                            "urn:oasis:names:tc:SAML:2.0:cm:bearer",
                            with: "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key")
                    }
                }.xml)
        },
        // Section 23: IssueInstant in the future.
        AttackCase("issue instant in the future", [.issueInstantInFuture]) {
            try signed("future-issue-instant", parts: .both) {
                $0.issueInstant = $0.issueInstant.addingTimeInterval(3_600)
                $0.notOnOrAfter = $0.issueInstant.addingTimeInterval(3_600)
                $0.confirmationNotOnOrAfter = $0.issueInstant.addingTimeInterval(3_600)
            }
        },
        // Section 23: a malformed xs:dateTime before any other time check.
        AttackCase("malformed NotOnOrAfter", [.schemaViolation]) {
            .xml(
                try TestResponses.cached("protocol-bad-datetime") {
                    let parameters = ResponseParameters()
                    return try TestResponses.signed(parameters, parts: .assertion) {
                        $0.replaceFirst(
                            "NotOnOrAfter=\"\(TestClock.format(parameters.notOnOrAfter))\"",
                            with: "NotOnOrAfter=\"tomorrow\"")
                    }
                }.xml)
        },
        // Section 22: unsolicited response while unsolicited responses are not allowed.
        AttackCase("unsolicited response without opt-in", [.unsolicitedResponse], expectedRequestID: nil) {
            try signed("unsolicited") {
                $0.inResponseTo = nil
                $0.confirmationInResponseTo = nil
            }
        },
        // Section 22: a request was pending but the response names none.
        AttackCase("no InResponseTo while a request is pending", [.inResponseToMismatch]) {
            try signed("unsolicited") {
                $0.inResponseTo = nil
                $0.confirmationInResponseTo = nil
            }
        },
        // Section 22: InResponseTo of another request.
        AttackCase("InResponseTo of another request", [.inResponseToMismatch]) {
            try signed("other-request") {
                $0.inResponseTo = "_another-request"
                $0.confirmationInResponseTo = "_another-request"
            }
        },
        // Section 22: Response InResponseTo right, bearer confirmation's differs.
        AttackCase("confirmation InResponseTo differs", [.inResponseToMismatch]) {
            try signed("confirmation-other-request") { $0.confirmationInResponseTo = "_another-request" }
        },
        // Section 22: a solicited response arriving when no request is pending, even with the opt-in.
        AttackCase(
            "solicited response with no pending request",
            [.unsolicitedResponse],
            policy: IdentityProviderPolicy(allowsUnsolicitedResponses: true),
            expectedRequestID: nil
        ) {
            .xml(try AttackFixtures.assertionSigned().xml)
        },
        // Section 24: non-Success status with an assertion.
        AttackCase("status Responder with an assertion", [.statusNotSuccess]) {
            try signed("status-responder", parts: .both) {
                $0.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder"
            }
        },
        // Section 24: the signed error response itself.
        AttackCase("signed error response", [.statusNotSuccess]) {
            .xml(try AttackFixtures.signedErrorResponse().xml)
        },
        // Section 24: Success only as a second-level code.
        AttackCase("Success only as the nested status code", [.statusNotSuccess]) {
            .xml(
                try TestResponses.cached("protocol-nested-success") {
                    var parameters = ResponseParameters()
                    parameters.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Requester"
                    return try TestResponses.signed(parameters, parts: .both) {
                        $0.replaceFirst(
                            "status:Requester\"/>",
                            with:
                                "status:Requester\"><saml2p:StatusCode"
                                + " Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></saml2p:StatusCode>"
                        )
                    }
                }.xml)
        },
        // Section 13/24: signed error Response with an injected assertion (breaks the Response digest).
        AttackCase("signed error response with an injected assertion", [.statusNotSuccess]) {
            let donor = try AttackFixtures.signedErrorResponse()
            let evil = AttackFixtures.unsignedAssertionCopy(
                of: try AttackFixtures.assertionSigned(), nameID: "admin@example.com")
            return AttackFixtures.edited(donor) { $0.insert(evil, after: "saml2p:Status") }
        },
        // Section 13/20: unsigned Response carrying only an EncryptedAssertion.
        AttackCase(
            "unsigned response with only an EncryptedAssertion", [.encryptedAssertionUnsupported]
        ) {
            AttackFixtures.edited(try TestResponses.unsigned()) {
                $0.replaceElement("saml2:Assertion", with: AttackParsingTests.encryptedAssertion)
            }
        },
        // Section 4: nothing signed at all.
        AttackCase("nothing signed", [.signatureMissing]) {
            .xml(try TestResponses.unsigned().xml)
        },
    ]

    @Test("protocol checks refuse validly signed but wrong responses", arguments: cases)
    func refused(_ attack: AttackCase) throws { try attack.check() }

    @Test("the error of a non-Success response carries its status")
    func statusDetail() throws {
        let response = try AttackFixtures.signedErrorResponse()
        guard case .failure(let error) = verdict(response.xml, with: try TestVerifiers.okta()) else {
            Issue.record("error response accepted")
            return
        }
        #expect(error.code == .statusNotSuccess)
        #expect(error.status?.code == "urn:oasis:names:tc:SAML:2.0:status:Responder")
    }

    // Section 21: the same bytes twice.
    @Test("a replayed response is refused the second time")
    func replaySameBytes() throws {
        let response = try TestResponses.signed(parts: .both)
        let verifier = try TestVerifiers.okta()
        #expect(throws: Never.self) { try verdict(response.xml, with: verifier).get() }
        guard case .failure(let error) = verdict(response.xml, with: verifier) else {
            Issue.record("replay accepted")
            return
        }
        #expect(error.code == .replayDetected)
    }

    // Section 21: the same signed Assertion re-wrapped in a fresh unsigned Response.
    @Test("a replayed assertion in a new Response is refused")
    func replayRewrapped() throws {
        let response = try TestResponses.signed(parts: .assertion)
        let verifier = try TestVerifiers.okta()
        #expect(throws: Never.self) { try verdict(response.xml, with: verifier).get() }
        var text = XMLText(response.xml)
        text.replaceFirst("ID=\"\(response.parameters.responseID)\"", with: "ID=\"_rewrapped0001\"")
        guard case .failure(let error) = verdict(text.text, with: verifier) else {
            Issue.record("re-wrapped replay accepted")
            return
        }
        #expect(error.code == .replayDetected)
    }

    // Section 21: an IdP-initiated response replayed within its validity window.
    @Test("a replayed IdP-initiated response is refused")
    func replayUnsolicited() throws {
        let response = try TestResponses.signed(ResponseParameters(requestID: nil), parts: .assertion)
        let verifier = try TestVerifiers.okta(policy: IdentityProviderPolicy(allowsUnsolicitedResponses: true))
        #expect(throws: Never.self) { try verdict(response.xml, with: verifier, expectedRequestID: nil).get() }
        guard case .failure(let error) = verdict(response.xml, with: verifier, expectedRequestID: nil) else {
            Issue.record("unsolicited replay accepted")
            return
        }
        #expect(error.code == .replayDetected)
    }

    // Section 23/28 (Sustainsys CVE-2023-41890): one pinned IdP's key never vouches for another's Issuer.
    @Test("a response naming IdP B but signed with IdP A's key is refused")
    func crossIdentityProviderKey() throws {
        let keys = try TestKeys.shared()
        let other = try TestIdentityProviders.okta(
            pinning: [keys.attacker],
            entityID: "http://www.okta.com/exkOTHER",
            slug: "other-okta"
        )
        let verifier = try TestVerifiers.okta(extraIdentityProviders: [other])
        var parameters = ResponseParameters()
        parameters.responseIssuer = other.entityID
        parameters.assertionIssuer = other.entityID
        let response = try TestResponses.signed(parameters, parts: .both)
        guard case .failure(let error) = verdict(response.xml, with: verifier) else {
            Issue.record("accepted with another IdP's key")
            return
        }
        #expect(error.code == .signatureInvalid)
    }
}
