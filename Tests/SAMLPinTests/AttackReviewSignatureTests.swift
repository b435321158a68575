import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Signature-profile and ID variants the first attack suites leave out: XPointer reference forms,
/// whitespace and case variants of algorithm URIs, IDs with spaces, an `Id` on the Signature
/// itself, and a signature moved to a parent it does not reference (catalogue sections 1-5, 0.1.5).
@Suite("Attack review: signature profile variants")
struct AttackReviewSignatureTests {
    static func assertionID() throws -> String {
        try AttackFixtures.assertionSigned().parameters.assertionID
    }

    /// The assertion-signed fixture with `target` replaced by `replacement` inside the Assertion's Signature.
    static func signatureEdit(_ target: String, _ replacement: String) throws -> AttackInput {
        AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
            $0.replaceFirst(target, with: replacement, inside: "ds:Signature")
        }
    }

    static let cases: [AttackCase] = [
        // Section 0.1.5: an XPointer id() form names the same element but is not the bare '#ID' the profile allows.
        AttackCase("Reference URI as #xpointer(id('ID'))", [.signatureProfileViolation]) {
            let id = try assertionID()
            return try signatureEdit("URI=\"#\(id)\"", "URI=\"#xpointer(id('\(id)'))\"")
        },
        // Section 0.1.5: the whole-document XPointer.
        AttackCase("Reference URI as #xpointer(/)", [.signatureProfileViolation]) {
            try signatureEdit("URI=\"#\(try assertionID())\"", "URI=\"#xpointer(/)\"")
        },
        // Section 0.1.5: a fragment with a trailing space is not the parent's ID.
        AttackCase("Reference URI with a trailing space", [.signatureProfileViolation]) {
            let id = try assertionID()
            return try signatureEdit("URI=\"#\(id)\"", "URI=\"#\(id) \"")
        },
        // Section 0.1.7: the allow-list compares URIs exactly; a trailing space makes another URI.
        AttackCase("SignatureMethod URI with a trailing space", [.disallowedAlgorithm]) {
            try signatureEdit("\(SignatureTemplate.rsaSHA256)\"", "\(SignatureTemplate.rsaSHA256) \"")
        },
        // Section 0.1.7: the allow-list compares URIs exactly; case variants are other URIs.
        AttackCase("SignatureMethod URI in upper case", [.disallowedAlgorithm]) {
            try signatureEdit(SignatureTemplate.rsaSHA256, SignatureTemplate.rsaSHA256.uppercased())
        },
        // Section 0.1.7: a line feed written as a character reference survives attribute normalisation.
        AttackCase("DigestMethod URI with a leading &#10;", [.disallowedAlgorithm]) {
            try signatureEdit("\"\(SignatureTemplate.sha256)\"", "\"&#10;\(SignatureTemplate.sha256)\"")
        },
        // Section 0.1.7: a tab after the enveloped-signature URI.
        AttackCase("enveloped transform URI with a trailing &#9;", [.disallowedAlgorithm]) {
            let uri = SignatureTemplate.envelopedSignature
            return try signatureEdit("\(uri)\"", "\(uri)&#9;\"")
        },
        // Section 15: C14N 1.1 is not exclusive c14n.
        AttackCase("CanonicalizationMethod C14N 1.1", [.disallowedAlgorithm]) {
            try signatureEdit(
                "<ds:CanonicalizationMethod Algorithm=\"\(SignatureTemplate.exclusiveC14N)\"",
                "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2006/12/xml-c14n11\""
            )
        },
        // Section 0.1.5: PrefixList tokens must be NCNames or #default.
        AttackCase("PrefixList naming a QName", [.signatureProfileViolation]) {
            try signatureEdit("PrefixList=\"xs\"", "PrefixList=\"xs saml2:x\"")
        },
        // Section 0.1.5: InclusiveNamespaces in a look-alike namespace is an unknown parameter.
        AttackCase("InclusiveNamespaces in a look-alike namespace", [.signatureProfileViolation]) {
            try signatureEdit(
                "xmlns:ec=\"\(SignatureTemplate.exclusiveC14N)\"",
                "xmlns:ec=\"\(SignatureTemplate.exclusiveC14N)x\""
            )
        },
        // Section 3: a NUL character reference is not XML.
        AttackCase("SignatureValue holding &#0;", [.malformedXML]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst("<ds:SignatureValue>", with: "<ds:SignatureValue>&#0;", inside: "ds:Signature")
            }
        },
        // Section 3: padding in the middle of a DigestValue must not be decoded as two values.
        AttackCase("DigestValue with padding in the middle", [.signatureInvalid]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst("<ds:DigestValue>", with: "<ds:DigestValue>AA==", inside: "ds:Signature")
            }
        },
        // Section 2: an ID with a leading space is not the NCName the Reference names.
        AttackCase("Assertion ID with a leading space", [.invalidID]) {
            let id = try assertionID()
            return AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst("ID=\"\(id)\"", with: "ID=\" \(id)\"")
            }
        },
        // Section 2: and with a trailing one.
        AttackCase("Assertion ID with a trailing space", [.invalidID]) {
            let id = try assertionID()
            return AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst("ID=\"\(id)\"", with: "ID=\"\(id) \"")
            }
        },
        // Section 2: the Signature itself carrying the Assertion's ID is a second target for the Reference.
        AttackCase("ds:Signature with Id equal to the Assertion ID", [.duplicateID]) {
            let id = try assertionID()
            return AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst("<ds:Signature ", with: "<ds:Signature Id=\"\(id)\" ")
            }
        },
        // Section 1: the Assertion's signature moved under the Response still references the Assertion.
        AttackCase("assertion signature moved under the Response", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                let signature = $0.remove("ds:Signature")
                $0.insert(signature, after: "saml2:Issuer")
            }
        },
        // Section 1: the Response's signature moved into the Assertion keeps referencing the Response.
        AttackCase("response signature moved into the Assertion", [.signatureProfileViolation]) {
            let signed = try AttackFixtures.responseSigned()
            return AttackFixtures.edited(signed) {
                let signature = $0.remove("ds:Signature")
                $0.insert(signature, after: "saml2:Issuer", occurrence: 1)
            }
        },
    ]

    @Test(arguments: cases)
    func refused(_ attack: AttackCase) throws {
        try attack.check()
    }

    @Test("an Id on the ds:Signature element is outside the digest and changes nothing that is read")
    func signatureWithUniqueId() throws {
        let signed = try AttackFixtures.assertionSigned()
        var text = XMLText(signed.xml)
        text.replaceFirst("<ds:Signature ", with: "<ds:Signature Id=\"sig-unique-1\" ")
        #expect(text.text != signed.xml)
        let verified = try TestVerifiers.okta().verify(
            responseXML: Array(text.text.utf8), expectedRequestID: TestIdentityProviders.requestID
        )
        #expect(verified.nameID.value == signed.parameters.nameID)
        #expect(verified.assertionID == signed.parameters.assertionID)
    }
}
