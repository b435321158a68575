import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Inputs the verifier still handles unsafely. Each test states the safe outcome; it fails until
/// the verifier enforces it.
@Suite("Attack review: open findings")
struct AttackReviewFindingsTests {
    static func refusal(_ xml: [UInt8], _ verifier: ResponseVerifier) -> SAMLError? {
        let outcome = Result { () throws(SAMLError) in
            try verifier.verify(responseXML: xml, expectedRequestID: TestIdentityProviders.requestID)
        }
        guard case .failure(let error) = outcome else { return nil }
        return error
    }

    /// libxml2 2.9 looks a prefix up by scanning every namespace declaration in scope, so
    /// declarations spread over nested elements (each under the per-element limit) make every
    /// prefixed name below them cost tens of thousands of comparisons: 200 levels of 185
    /// declarations over 85,000 `<z:e/>` (1 MB) take about 12 s to parse.
    @Test("namespace declarations spread over nested elements are bounded for the whole document")
    func namespaceDeclarationsSpreadOverNestedElements() throws {
        let response = try AttackFixtures.assertionSigned()
        let declarations = (0..<150).map { " xmlns:p\($0)=\"u\"" }.joined()
        let levels = 150
        let nested = String(repeating: "<x\(declarations)>", count: levels)
            + String(repeating: "<z:e/>", count: 20_000) + String(repeating: "</x>", count: levels)
        var text = XMLText(response.xml)
        text.insert(
            "<saml2p:Extensions xmlns:z=\"urn:z\">\(nested)</saml2p:Extensions>", after: "saml2:Issuer"
        )
        #expect(text.text.utf8.count < 1 << 20)
        let error = Self.refusal(Array(text.text.utf8), try TestVerifiers.okta())
        #expect(error?.code == .malformedXML || error?.code == .messageTooLarge, "\(error as Any)")
    }

    /// A condition the SP does not understand makes the assertion's validity Indeterminate
    /// (SAML core 2.5.1.1): an IdP may restrict an assertion in ways this SP cannot check.
    @Test("a signed assertion with a Condition this SP does not understand is refused")
    func unknownCondition() throws {
        let response = try TestResponses.cached("review-finding-unknown-condition") {
            try TestResponses.signed(parts: .assertion) {
                $0.insert(
                    "<saml2:Condition xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                        + " xmlns:ext=\"urn:example:conditions\" xsi:type=\"ext:DeviceRestriction\"/>",
                    after: "saml2:AudienceRestriction"
                )
            }
        }
        #expect(response.xml.contains("ext:DeviceRestriction"))
        let error = Self.refusal(response.bytes, try TestVerifiers.okta())
        #expect(error?.code == .schemaViolation, "\(error as Any)")
    }

    /// The Web SSO profile (SAML profiles 4.1.4.2) needs an AuthnStatement: an assertion without
    /// one (an attribute statement issued for an attribute query, say) says nobody logged in.
    @Test("a signed assertion without AuthnStatement does not log anyone in")
    func noAuthnStatement() throws {
        let response = try TestResponses.cached("review-finding-no-authn-statement") {
            try TestResponses.signed(parts: .assertion) { $0.remove("saml2:AuthnStatement") }
        }
        #expect(!response.xml.contains("AuthnStatement"))
        let error = Self.refusal(response.bytes, try TestVerifiers.okta())
        #expect(error?.code == .schemaViolation, "\(error as Any)")
    }

    /// SessionNotOnOrAfter is when the IdP wants the SP session to end (SAML core 2.7.2); one that
    /// has already passed leaves no session to establish.
    @Test("an AuthnStatement whose SessionNotOnOrAfter has passed does not log anyone in")
    func sessionAlreadyOver() throws {
        let ended = TestClock.format(TestClock.issueInstant.addingTimeInterval(-3600))
        let response = try TestResponses.cached("review-finding-session-over") {
            try TestResponses.signed(parts: .assertion) {
                $0.replaceFirst(
                    "<saml2:AuthnStatement ", with: "<saml2:AuthnStatement SessionNotOnOrAfter=\"\(ended)\" "
                )
            }
        }
        #expect(response.xml.contains("SessionNotOnOrAfter"))
        let error = Self.refusal(response.bytes, try TestVerifiers.okta())
        #expect(
            error?.code == .conditionsExpired || error?.code == .schemaViolation,
            "session ended at \(ended): \(error as Any)"
        )
    }

    static func signedWith(_ name: String, _ edit: @escaping @Sendable (inout XMLText) -> Void) throws -> AttackInput {
        .xml(
            try TestResponses.cached("review-finding-shape-\(name)") {
                try TestResponses.signed(parts: .assertion, editingTemplate: edit)
            }.xml)
    }

    /// Elements the SAML schema allows once, repeated inside a signed assertion: an SP reading the
    /// first copy and one reading the last see different users, so only one copy is acceptable.
    static let repeatedElements: [AttackCase] = [
        // Section 0.1.4: Subject holds one identifier (BaseID, NameID or EncryptedID).
        AttackCase("two NameIDs in the Subject", [.schemaViolation]) {
            try signedWith("two-nameids") {
                $0.insert("<saml2:NameID>admin@example.com</saml2:NameID>", after: "saml2:NameID")
            }
        },
        // Section 0.1.4: an Assertion has at most one Subject.
        AttackCase("two Subjects in the Assertion", [.schemaViolation]) {
            try signedWith("two-subjects") {
                guard var subject = $0.element("saml2:Subject") else { return }
                subject = subject.replacingOccurrences(of: ">jane.doe@example.com<", with: ">admin@example.com<")
                $0.insert(subject, after: "saml2:Subject")
            }
        },
        // Section 0.1.4: an Assertion has exactly one Issuer.
        AttackCase("two Issuers in the Assertion", [.schemaViolation]) {
            try signedWith("two-issuers") {
                guard let issuer = $0.element("saml2:Issuer", occurrence: 1) else { return }
                $0.insert(issuer, after: "saml2:Issuer", occurrence: 1)
            }
        },
    ]

    @Test(arguments: repeatedElements)
    func repeatedElementRefused(_ attack: AttackCase) throws {
        try attack.check()
    }
}
