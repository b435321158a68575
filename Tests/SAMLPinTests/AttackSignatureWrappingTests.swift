import SAMLPin
import SAMLPinTestSupport
import Testing

/// XML Signature Wrapping (catalogue section 1): SAML Raider's XSW1-8, XSW10 and the related
/// placements, generated from valid responses signed at test time.
@Suite("Attack: signature wrapping")
struct AttackSignatureWrappingTests {
    static let evilNameID = "admin@example.com"
    static let evilID = "_evil0000000000000000000000000001"

    static let cases: [AttackCase] = [
        // Section 1, XSW1: signed Response copied into its own Signature; outer Response edited.
        AttackCase("XSW1 response copy inside Signature", [.multipleAssertions]) {
            let original = try AttackFixtures.responseSigned()
            var copy = XMLText(
                original.xml.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: ""))
            copy.remove("ds:Signature")
            return AttackFixtures.edited(original) { text in
                text.replaceFirst("ID=\"\(original.parameters.responseID)\"", with: "ID=\"\(evilID)\"")
                text.setContent(of: "saml2:NameID", to: evilNameID)
                text.insert(copy.text, asLastChildOf: "ds:Signature")
            }
        },
        // Section 1, XSW2: the untouched copy is a sibling before the Signature.
        AttackCase("XSW2 response copy before Signature", [.multipleAssertions]) {
            let original = try AttackFixtures.responseSigned()
            var copy = XMLText(
                original.xml.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: ""))
            copy.remove("ds:Signature")
            return AttackFixtures.edited(original) { text in
                text.replaceFirst("ID=\"\(original.parameters.responseID)\"", with: "ID=\"\(evilID)\"")
                text.setContent(of: "saml2:NameID", to: evilNameID)
                text.insert(copy.text, before: "ds:Signature")
            }
        },
        // Section 1/13, XSW1 with a signed error Response as donor: only one Assertion, so the
        // Reference target (a Response inside the Signature) is what must be refused.
        AttackCase(
            "XSW1 signed error response donor inside Signature",
            [.signatureProfileViolation]
        ) {
            let donor = try AttackFixtures.signedErrorResponse()
            let valid = try AttackFixtures.assertionSigned()
            var copy = XMLText(
                donor.xml.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: ""))
            copy.remove("ds:Signature")
            let evilAssertion = AttackFixtures.unsignedAssertionCopy(of: valid, nameID: evilNameID)
            return AttackFixtures.edited(donor) { text in
                text.replaceFirst("ID=\"\(donor.parameters.responseID)\"", with: "ID=\"\(evilID)\"")
                text.replaceFirst(
                    "urn:oasis:names:tc:SAML:2.0:status:Responder",
                    with: "urn:oasis:names:tc:SAML:2.0:status:Success",
                    inside: "saml2p:Status"
                )
                text.insert(evilAssertion, after: "saml2p:Status")
                text.insert(copy.text, asLastChildOf: "ds:Signature")
            }
        },
        // Section 1, XSW2 with the donor placed before the Signature.
        AttackCase(
            "XSW2 signed error response donor before Signature",
            [.signatureProfileViolation]
        ) {
            let donor = try AttackFixtures.signedErrorResponse()
            let valid = try AttackFixtures.assertionSigned()
            var copy = XMLText(
                donor.xml.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: ""))
            copy.remove("ds:Signature")
            let evilAssertion = AttackFixtures.unsignedAssertionCopy(of: valid, nameID: evilNameID)
            return AttackFixtures.edited(donor) { text in
                text.replaceFirst("ID=\"\(donor.parameters.responseID)\"", with: "ID=\"\(evilID)\"")
                text.replaceFirst(
                    "urn:oasis:names:tc:SAML:2.0:status:Responder",
                    with: "urn:oasis:names:tc:SAML:2.0:status:Success",
                    inside: "saml2p:Status"
                )
                text.insert(evilAssertion, after: "saml2p:Status")
                text.insert(copy.text, before: "ds:Signature")
            }
        },
        // Section 1, XSW3: evil unsigned copy (new ID) before the signed Assertion.
        AttackCase("XSW3 evil assertion before signed assertion", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let evil = AttackFixtures.unsignedAssertionCopy(of: original, id: evilID, nameID: evilNameID)
            return AttackFixtures.edited(original) { $0.insert(evil, before: "saml2:Assertion") }
        },
        // Section 1, XSW4: evil copy appended, original moved inside it.
        AttackCase("XSW4 signed assertion inside evil assertion", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            var evil = XMLText(AttackFixtures.unsignedAssertionCopy(of: original, id: evilID, nameID: evilNameID))
            let signed = XMLText(original.xml).element("saml2:Assertion") ?? ""
            evil.insert(signed, asLastChildOf: "saml2:Assertion")
            return AttackFixtures.edited(original) { $0.replaceElement("saml2:Assertion", with: evil.text) }
        },
        // Section 1, XSW5: signed Assertion edited in place (new ID), pristine unsigned copy appended.
        AttackCase("XSW5 edited signed assertion plus pristine copy", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let pristine = AttackFixtures.unsignedAssertionCopy(of: original)
            return AttackFixtures.edited(original) { text in
                text.replaceFirst("ID=\"\(original.parameters.assertionID)\"", with: "ID=\"\(evilID)\"")
                text.setContent(of: "saml2:NameID", to: evilNameID)
                text.insert(pristine, after: "saml2:Assertion")
            }
        },
        // Section 1, XSW6: edited in place; pristine copy inside the Signature.
        AttackCase("XSW6 pristine copy inside the assertion's Signature", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let pristine = AttackFixtures.unsignedAssertionCopy(of: original)
            return AttackFixtures.edited(original) { text in
                text.replaceFirst("ID=\"\(original.parameters.assertionID)\"", with: "ID=\"\(evilID)\"")
                text.setContent(of: "saml2:NameID", to: evilNameID)
                text.insert(pristine, asLastChildOf: "ds:Signature")
            }
        },
        // Section 1, XSW7: evil copy inside an Extensions element before the Assertion.
        AttackCase("XSW7 evil assertion inside Extensions", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let evil = AttackFixtures.unsignedAssertionCopy(of: original, nameID: evilNameID)
            return AttackFixtures.edited(original) {
                $0.insert("<saml2p:Extensions>\(evil)</saml2p:Extensions>", after: "saml2:Issuer")
            }
        },
        // Section 1, XSW8: edited in place; pristine copy in a ds:Object inside the Signature.
        AttackCase("XSW8 pristine copy in ds:Object", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let pristine = AttackFixtures.unsignedAssertionCopy(of: original)
            return AttackFixtures.edited(original) { text in
                text.replaceFirst("ID=\"\(original.parameters.assertionID)\"", with: "ID=\"\(evilID)\"")
                text.setContent(of: "saml2:NameID", to: evilNameID)
                text.insert("<ds:Object>\(pristine)</ds:Object>", asLastChildOf: "ds:Signature")
            }
        },
        // Section 1, XSW10: Response signature removed; the Assertion's signature moved under the
        // Response with the original Assertion in a ds:Object; the visible Assertion renamed.
        AttackCase("XSW10 assertion signature moved to response with Object", [.multipleAssertions]) {
            let original = try AttackFixtures.bothSigned()
            var text = XMLText(original.xml)
            text.remove("ds:Signature", occurrence: 0)
            let signedAssertion = text.element("saml2:Assertion") ?? ""
            var signature = XMLText(XMLText(signedAssertion).element("ds:Signature") ?? "")
            signature.insert("<ds:Object>\(signedAssertion)</ds:Object>", asLastChildOf: "ds:Signature")
            var visible = XMLText(signedAssertion)
            visible.remove("ds:Signature")
            visible.replaceFirst(
                "ID=\"\(original.parameters.assertionID)\"",
                with: "ID=\"\(original.parameters.assertionID)-1\""
            )
            visible.setContent(of: "saml2:NameID", to: evilNameID)
            text.replaceElement("saml2:Assertion", with: visible.text)
            text.insert(signature.text, after: "saml2:Issuer")
            return .xml(text.text)
        },
        // Section 1 placements: an evil Assertion inside Advice of the signed one.
        AttackCase("evil assertion inside Advice", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let evil = AttackFixtures.unsignedAssertionCopy(of: original, id: evilID, nameID: evilNameID)
            return AttackFixtures.edited(original) {
                $0.insert("<saml2:Advice>\(evil)</saml2:Advice>", asLastChildOf: "saml2:Conditions")
            }
        },
        // Section 1 placements: inside StatusDetail.
        AttackCase("evil assertion inside StatusDetail", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let evil = AttackFixtures.unsignedAssertionCopy(of: original, id: evilID, nameID: evilNameID)
            return AttackFixtures.edited(original) {
                $0.insert("<saml2p:StatusDetail>\(evil)</saml2p:StatusDetail>", asLastChildOf: "saml2p:Status")
            }
        },
        // Section 1 placements: inside SubjectConfirmationData.
        AttackCase("evil assertion inside SubjectConfirmationData", [.multipleAssertions]) {
            let original = try AttackFixtures.bothSigned()
            let evil = AttackFixtures.unsignedAssertionCopy(of: original, id: evilID, nameID: evilNameID)
            return AttackFixtures.edited(original) { text in
                text.replaceElement(
                    "saml2:SubjectConfirmationData",
                    with: (text.element("saml2:SubjectConfirmationData") ?? "")
                        .replacingOccurrences(of: "/>", with: ">\(evil)</saml2:SubjectConfirmationData>")
                )
            }
        },
        // Section 1 placements: pristine copy inside KeyInfo.
        AttackCase("pristine copy inside KeyInfo", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let pristine = AttackFixtures.unsignedAssertionCopy(of: original)
            return AttackFixtures.edited(original) { text in
                text.replaceFirst("ID=\"\(original.parameters.assertionID)\"", with: "ID=\"\(evilID)\"")
                text.setContent(of: "saml2:NameID", to: evilNameID)
                text.insert(pristine, asLastChildOf: "ds:KeyInfo")
            }
        },
        // Section 1/11: forged Assertion with the same ID and a copied signature, signed one hidden
        // in Extensions (OneUptime #2949 shape).
        AttackCase("same-ID forged assertion, signed one in Extensions", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            var forged = XMLText(XMLText(original.xml).element("saml2:Assertion") ?? "")
            forged.setContent(of: "saml2:NameID", to: evilNameID)
            let signed = XMLText(original.xml).element("saml2:Assertion") ?? ""
            return AttackFixtures.edited(original) { text in
                text.replaceElement("saml2:Assertion", with: forged.text)
                text.insert("<saml2p:Extensions>\(signed)</saml2p:Extensions>", after: "saml2:Issuer")
            }
        },
    ]

    @Test("wrapped responses are refused with the specific check", arguments: cases)
    func refused(_ attack: AttackCase) throws {
        try attack.check()
    }
}
