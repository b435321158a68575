import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// What an attack hands to the verifier.
enum AttackInput: Sendable {
    /// Raw XML bytes, as after base64 decoding.
    case xml(String)
    /// The `SAMLResponse` form value.
    case form(String)
}

/// One hostile input from the attack catalogue and the checks allowed to refuse it.
///
/// `expected` names the specific code that is correct for the input: the check that must catch it
/// first in the verifier's fixed order. Every case of the suites names exactly one; a set remains
/// so that a case the pipeline could legitimately catch at two steps can say so, and
/// `internalError` is never one.
struct AttackCase: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: Set<SAMLError.Code>
    var policy = IdentityProviderPolicy()
    var expectedRequestID: String? = TestIdentityProviders.requestID
    let build: @Sendable () throws -> AttackInput

    init(
        _ name: String,
        _ expected: Set<SAMLError.Code>,
        policy: IdentityProviderPolicy = IdentityProviderPolicy(),
        expectedRequestID: String? = TestIdentityProviders.requestID,
        build: @escaping @Sendable () throws -> AttackInput
    ) {
        self.name = name
        self.expected = expected
        self.policy = policy
        self.expectedRequestID = expectedRequestID
        self.build = build
    }

    var testDescription: String { name }

    /// Builds the input, verifies it with a fresh verifier and checks the refusal's code.
    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let input = try build()
        let verifier = try TestVerifiers.okta(policy: policy)
        let outcome = verify(input, with: verifier)
        switch outcome {
        case .success(let verified):
            Issue.record(
                "\(name): accepted as NameID '\(verified.nameID.value)'; expected \(Self.list(expected))",
                sourceLocation: sourceLocation
            )
        case .failure(let error):
            #expect(
                expected.contains(error.code),
                "\(name): refused with \(error); expected \(Self.list(expected))",
                sourceLocation: sourceLocation
            )
        }
    }

    private static func list(_ codes: Set<SAMLError.Code>) -> String {
        codes.map(\.rawValue).sorted().joined(separator: " or ")
    }

    private func verify(_ input: AttackInput, with verifier: ResponseVerifier) -> Result<VerifiedAssertion, SAMLError> {
        Result { () throws(SAMLError) in
            switch input {
            case .xml(let xml):
                return try verifier.verify(responseXML: Array(xml.utf8), expectedRequestID: expectedRequestID)
            case .form(let value):
                return try verifier.verify(samlResponse: value, expectedRequestID: expectedRequestID)
            }
        }
    }
}

/// Verifies `xml` with `verifier`, returning the verdict as a value.
func verdict(
    _ xml: String,
    with verifier: ResponseVerifier,
    expectedRequestID: String? = TestIdentityProviders.requestID
) -> Result<VerifiedAssertion, SAMLError> {
    Result { () throws(SAMLError) in
        try verifier.verify(responseXML: Array(xml.utf8), expectedRequestID: expectedRequestID)
    }
}

/// The valid responses every attack starts from, signed once per test process.
enum AttackFixtures {
    /// NameID of `nameIDSuffixed`: the victim's address followed by an attacker-held suffix.
    static let suffixedNameID = "jane.doe@example.com.evil.test"

    /// Only the Assertion signed (RSA-SHA256).
    static func assertionSigned() throws -> SignedResponse {
        try TestResponses.cached("attack-assertion-signed") { try TestResponses.signed(parts: .assertion) }
    }

    /// Only the Assertion signed, with `id` as the Assertion's ID.
    static func signedWithAssertionID(_ id: String) throws -> SignedResponse {
        try TestResponses.cached("attack-assertion-id-\(id)") {
            var parameters = ResponseParameters()
            parameters.assertionID = id
            return try TestResponses.signed(parameters, parts: .assertion)
        }
    }

    /// Only the Response signed.
    static func responseSigned() throws -> SignedResponse {
        try TestResponses.cached("attack-response-signed") { try TestResponses.signed(parts: .response) }
    }

    /// Both signed.
    static func bothSigned() throws -> SignedResponse {
        try TestResponses.cached("attack-both-signed") { try TestResponses.signed(parts: .both) }
    }

    /// A signed error Response (status Responder, no assertion): a signature donor.
    static func signedErrorResponse() throws -> SignedResponse {
        try TestResponses.cached("attack-signed-error-response") {
            var parameters = ResponseParameters()
            parameters.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder"
            return try TestResponses.signed(parameters, parts: .response) { $0.remove("saml2:Assertion") }
        }
    }

    /// Assertion signed, NameID `suffixedNameID`.
    static func suffixedNameIDSigned() throws -> SignedResponse {
        try TestResponses.cached("attack-suffixed-nameid") {
            var parameters = ResponseParameters()
            parameters.nameID = suffixedNameID
            parameters.attributes = [
                .string("email", [suffixedNameID]),
                .string("groups", ["Everyone", "Admins.evil.test"]),
            ]
            return try TestResponses.signed(parameters, parts: .assertion)
        }
    }

    /// Edits `response` as text and hands the result to the verifier as XML.
    static func edited(_ response: SignedResponse, _ edit: (inout XMLText) -> Void) -> AttackInput {
        var text = XMLText(response.xml)
        edit(&text)
        return .xml(text.text)
    }

    /// The Assertion element of `response` without its Signature, its ID replaced by `id`.
    static func unsignedAssertionCopy(of response: SignedResponse, id: String? = nil, nameID: String? = nil) -> String {
        var assertion = XMLText(XMLText(response.xml).element("saml2:Assertion") ?? "")
        assertion.remove("ds:Signature")
        if let id { assertion.replaceFirst("ID=\"\(response.parameters.assertionID)\"", with: "ID=\"\(id)\"") }
        if let nameID { assertion.setContent(of: "saml2:NameID", to: nameID) }
        return assertion.text
    }
}
