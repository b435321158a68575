import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Attacks on parsing and document shape: DTDs, parser differentials, roots, IDs, namespaces,
/// assertion counts, sizes and encodings (catalogue sections 3, 11, 12, 16, 17, 20, 26).
@Suite("Attack: parsing and shape")
struct AttackParsingTests {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// The assertion-signed fixture with `prefix` put between the XML declaration and the root.
    static func prefixed(_ prefix: String) throws -> AttackInput {
        let xml = try AttackFixtures.assertionSigned().xml
        return .xml(xml.replacingOccurrences(of: declaration, with: declaration + prefix))
    }

    static let documentType: [AttackCase] = [
        // Section 17: billion laughs.
        AttackCase("DOCTYPE billion laughs", [.documentTypeDeclaration]) {
            var entities = "<!ENTITY lol0 \"lol\">"
            for level in 1...9 {
                entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
            }
            return try prefixed("<!DOCTYPE saml2p:Response [\(entities)]>\n")
        },
        // Section 17: quadratic blowup.
        AttackCase("DOCTYPE quadratic blowup", [.documentTypeDeclaration]) {
            let original = try AttackFixtures.assertionSigned()
            let entity = "<!DOCTYPE saml2p:Response [<!ENTITY a \"\(String(repeating: "a", count: 20_000))\">]>\n"
            var text = XMLText(original.xml.replacingOccurrences(of: declaration, with: declaration + entity))
            text.setContent(of: "saml2:NameID", to: String(repeating: "&a;", count: 2_000))
            return .xml(text.text)
        },
        // Section 17: external entity reading a local file.
        AttackCase("DOCTYPE XXE file", [.documentTypeDeclaration]) {
            let original = try AttackFixtures.assertionSigned()
            var text = XMLText(
                original.xml.replacingOccurrences(
                    of: declaration,
                    with: declaration + "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n"
                )
            )
            text.setContent(of: "saml2:NameID", to: "&xxe;")
            return .xml(text.text)
        },
        // Section 17: external parameter entity to the network.
        AttackCase("DOCTYPE external parameter entity", [.documentTypeDeclaration]) {
            try prefixed("<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %p;]>\n")
        },
        // Section 17: external DTD by SYSTEM identifier.
        AttackCase("DOCTYPE with SYSTEM DTD", [.documentTypeDeclaration]) {
            try prefixed("<!DOCTYPE saml2p:Response SYSTEM \"http://127.0.0.1:9/saml.dtd\">\n")
        },
        // Section 3/16/17 (CVE-2025-25292): ATTLIST defaulting the namespace of Signature elements.
        AttackCase("DOCTYPE ATTLIST default xmlns", [.documentTypeDeclaration]) {
            try prefixed(
                "<!DOCTYPE saml2p:Response [<!ATTLIST Signature xmlns CDATA \"http://www.w3.org/2000/09/xmldsig#\">]>\n"
            )
        },
        // Section 17: a DOCTYPE holding nothing but a comment.
        AttackCase("DOCTYPE with only a comment", [.documentTypeDeclaration]) {
            try prefixed("<!DOCTYPE saml2p:Response [<!-- nothing -->]>\n")
        },
        // Section 3 (CVE-2025-25291): DOCTYPE whose SYSTEM literal hides a quote and a comment opener,
        // with the signed document inside CDATA.
        AttackCase("DOCTYPE quote and comment differential", [.documentTypeDeclaration]) {
            let original = try AttackFixtures.assertionSigned()
            let body = original.xml.replacingOccurrences(of: declaration, with: "")
            return .xml(
                declaration + "<!DOCTYPE x [ <!ENTITY a SYSTEM \"'<!--\"> ]>\n"
                    + body.replacingOccurrences(
                        of: "</saml2p:Response>",
                        with: "<x><![CDATA[\(body)]]></x></saml2p:Response>"
                    ) + "<!-- -->"
            )
        },
        // Section 17: DOCTYPE after the root element (not well-formed).
        AttackCase("DOCTYPE after the root", [.malformedXML]) {
            .xml(try AttackFixtures.assertionSigned().xml + "<!DOCTYPE r []>")
        },
    ]

    static let structure: [AttackCase] = [
        // Section 12: a second root element.
        AttackCase("two root elements", [.malformedXML]) {
            let original = try AttackFixtures.assertionSigned()
            return .xml(original.xml + original.xml.replacingOccurrences(of: declaration, with: ""))
        },
        // Section 12: no assertion in a successful Response.
        AttackCase("signed success Response without assertion", [.noAssertion]) {
            .xml(
                try TestResponses.cached("parsing-no-assertion") {
                    try TestResponses.signed(parts: .response) { $0.remove("saml2:Assertion") }
                }.xml)
        },
        // Section 12: the signed Assertion followed by an unsigned one.
        AttackCase("signed assertion then unsigned assertion", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let copy = AttackFixtures.unsignedAssertionCopy(of: original, id: "_second", nameID: "admin@example.com")
            return AttackFixtures.edited(original) { $0.insert(copy, after: "saml2:Assertion") }
        },
        // Section 12/20: Assertion plus EncryptedAssertion.
        AttackCase("assertion plus EncryptedAssertion", [.multipleAssertions]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert(AttackParsingTests.encryptedAssertion, after: "saml2:Assertion")
            }
        },
        // Section 12: a Response nested in the Response.
        AttackCase("nested Response", [.multipleAssertions]) {
            let original = try AttackFixtures.assertionSigned()
            let nested = original.xml.replacingOccurrences(of: declaration, with: "")
                .replacingOccurrences(of: original.parameters.responseID, with: "_nested")
                .replacingOccurrences(of: original.parameters.assertionID, with: "_nestedassertion")
            return AttackFixtures.edited(original) {
                $0.insert("<saml2p:Extensions>\(nested)</saml2p:Extensions>", after: "saml2:Issuer")
            }
        },
        // Section 16: root in a lookalike protocol namespace.
        AttackCase("root in a lookalike namespace", [.unexpectedRoot]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(
                    "xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\"",
                    with: "xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol/\""
                )
            }
        },
        // Section 16: a root that is not a Response at all.
        AttackCase("LogoutResponse root", [.unexpectedRoot]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                text.replaceFirst("<saml2p:Response ", with: "<saml2p:LogoutResponse ")
                text.replaceFirst("</saml2p:Response>", with: "</saml2p:LogoutResponse>")
            }
        },
        // Section 16: the Assertion re-namespaced into a lookalike URI (trailing space, which libxml2
        // already reports as a namespace error).
        AttackCase("assertion in a lookalike namespace", [.malformedXML]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(
                    "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"",
                    with: "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion \""
                )
            }
        },
        // Section 16: the Assertion re-namespaced into a well-formed lookalike URI.
        AttackCase("assertion in a well-formed lookalike namespace", [.noAssertion]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(
                    "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"",
                    with: "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion:v2\""
                )
            }
        },
        // Section 16: the Signature in a lookalike dsig namespace (so the Assertion looks unsigned).
        AttackCase("Signature in a lookalike namespace", [.signatureMissing]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(
                    "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"",
                    with: "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#/\""
                )
            }
        },
        // Section 16 (CVE-2020-15216): xmlns:ds="" undeclaration, not namespace-well-formed.
        AttackCase("prefix undeclared with xmlns:ds=\"\"", [.malformedXML]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst("<ds:SignedInfo>", with: "<ds:SignedInfo xmlns:ds=\"\">")
            }
        },
        // Section 16/I-08: xsi:type with an undeclared xsi prefix, signed as such.
        AttackCase("undeclared xsi prefix in a signed attribute value", [.malformedXML]) {
            var parameters = ResponseParameters()
            parameters.attributes = [
                TestAttribute(
                    name: "role", rawValues: ["<saml2:AttributeValue xsi:type=\"xs:string\">x</saml2:AttributeValue>"])
            ]
            return .xml(try TestResponses.signed(parameters, parts: .assertion).xml)
        },
        // Section 26: nesting far beyond any SAML document.
        AttackCase("10,000-deep nesting", [.malformedXML]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert(
                    "<saml2p:Extensions>" + String(repeating: "<d>", count: 10_000)
                        + String(repeating: "</d>", count: 10_000) + "</saml2p:Extensions>",
                    after: "saml2:Issuer"
                )
            }
        },
        // Not XML at all.
        AttackCase("truncated document", [.malformedXML]) {
            let xml = try AttackFixtures.assertionSigned().xml
            return .xml(String(xml.prefix(xml.count / 2)))
        },
    ]

    static let identifiers: [AttackCase] = [
        // Section 11: the Response carries the Assertion's ID.
        AttackCase("Response ID equals Assertion ID", [.duplicateID]) {
            let original = try AttackFixtures.assertionSigned()
            return AttackFixtures.edited(original) {
                $0.replaceFirst(
                    "ID=\"\(original.parameters.responseID)\"", with: "ID=\"\(original.parameters.assertionID)\"")
            }
        },
        // Section 11: another element (Issuer) carries the Assertion's ID.
        AttackCase("Issuer carries the Assertion ID", [.duplicateID]) {
            let original = try AttackFixtures.assertionSigned()
            return AttackFixtures.edited(original) {
                $0.replaceFirst("<saml2:Issuer ", with: "<saml2:Issuer ID=\"\(original.parameters.assertionID)\" ")
            }
        },
        // Section 11: a namespace-prefixed ID attribute repeating the Assertion's ID.
        AttackCase("prefixed saml2p:ID repeating the Assertion ID", [.duplicateID]) {
            let original = try AttackFixtures.assertionSigned()
            return AttackFixtures.edited(original) {
                $0.replaceFirst(
                    "<saml2p:Status ", with: "<saml2p:Status saml2p:ID=\"\(original.parameters.assertionID)\" ")
            }
        },
        // Section 11: xml:id repeating the Assertion's ID.
        AttackCase("xml:id repeating the Assertion ID", [.duplicateID]) {
            let original = try AttackFixtures.assertionSigned()
            return AttackFixtures.edited(original) {
                $0.replaceFirst(
                    "<saml2p:Status ", with: "<saml2p:Status xml:id=\"\(original.parameters.assertionID)\" ")
            }
        },
        // Section 11: an `Id` attribute (xmldsig spelling) repeating the Assertion's ID.
        AttackCase("Id attribute repeating the Assertion ID", [.duplicateID]) {
            let original = try AttackFixtures.assertionSigned()
            return AttackFixtures.edited(original) {
                $0.replaceFirst(
                    "<ds:SignatureValue>", with: "<ds:SignatureValue Id=\"\(original.parameters.assertionID)\">")
            }
        },
        // Section 11: the Assertion's ID again in another Unicode form, canonically equal (`é` as
        // U+00E9 in the ID, as `e` and U+0301 in the copy): equal for any reader that compares
        // Swift Strings, though not byte for byte.
        AttackCase("Issuer carries the Assertion ID decomposed", [.duplicateID]) {
            let original = try AttackFixtures.signedWithAssertionID("_\u{00E9}d2c0e6a4b1f4c3e9a8b5d6f0e1a2b3c")
            let decoy = "_e\u{0301}d2c0e6a4b1f4c3e9a8b5d6f0e1a2b3c"
            return AttackFixtures.edited(original) {
                $0.replaceFirst("<saml2:Issuer ", with: "<saml2:Issuer ID=\"\(decoy)\" ")
            }
        },
        // Section 11: an ASCII Assertion ID copied with the Kelvin sign (U+212A) for its `K`.
        AttackCase("Issuer carries the Assertion ID with a Kelvin sign", [.duplicateID]) {
            let original = try AttackFixtures.signedWithAssertionID("_K2c0e6a4b1f4c3e9a8b5d6f0e1a2b3cd")
            let decoy = "_\u{212A}2c0e6a4b1f4c3e9a8b5d6f0e1a2b3cd"
            return AttackFixtures.edited(original) {
                $0.replaceFirst("<saml2:Issuer ", with: "<saml2:Issuer ID=\"\(decoy)\" ")
            }
        },
        // Section 11: an ID with a leading digit (not an NCName).
        AttackCase("Response ID with a leading digit", [.invalidID]) {
            let original = try AttackFixtures.assertionSigned()
            return AttackFixtures.edited(original) {
                $0.replaceFirst("ID=\"\(original.parameters.responseID)\"", with: "ID=\"1abc\"")
            }
        },
        // Section 2/11: an ID built for XPath injection.
        AttackCase("Response ID with quotes and brackets", [.invalidID]) {
            let original = try AttackFixtures.assertionSigned()
            return AttackFixtures.edited(original) {
                $0.replaceFirst("ID=\"\(original.parameters.responseID)\"", with: "ID=\"x' or '1'='1] | //*[@ID\"")
            }
        },
        // Section 11: no ID on the Assertion.
        AttackCase("Assertion without ID", [.invalidID]) {
            let original = try AttackFixtures.assertionSigned()
            return AttackFixtures.edited(original) {
                $0.replaceFirst("ID=\"\(original.parameters.assertionID)\"", with: "")
            }
        },
    ]

    static let encoding: [AttackCase] = [
        // Section 26: a 10 MB form value.
        AttackCase("10 MB base64 form value", [.messageTooLarge]) {
            .form(String(repeating: "QUFB", count: 2_621_440))
        },
        // Section 26: XML over the IdP policy's maximum.
        AttackCase(
            "XML over maximumMessageSize",
            [.messageTooLarge],
            policy: IdentityProviderPolicy(maximumMessageSize: 16 * 1024)
        ) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert(String(repeating: " ", count: 32 * 1024), after: "saml2:Issuer")
            }
        },
        // Section 26/I-06: characters outside the base64 alphabet.
        AttackCase("form value with non-base64 characters", [.invalidBase64]) {
            let encoded = Data(try AttackFixtures.assertionSigned().xml.utf8).base64EncodedString()
            return .form(String(encoded.prefix(40)) + "*!" + encoded.dropFirst(40))
        },
        // Section 26: data after padding (a spliced value).
        AttackCase("form value with data after padding", [.invalidBase64]) {
            .form("PHg+PC94Pg==PHg+")
        },
        // Section 26: an empty form value.
        AttackCase("empty form value", [.invalidBase64]) {
            .form("")
        },
        // Section 26: URL-safe alphabet is not the POST binding's.
        AttackCase("base64url alphabet", [.invalidBase64]) {
            .form(
                Data(try AttackFixtures.assertionSigned().xml.utf8).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") + "-_")
        },
    ]

    /// An EncryptedAssertion with well-formed but meaningless content.
    static let encryptedAssertion =
        "<saml2:EncryptedAssertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
        + "<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\""
        + " Type=\"http://www.w3.org/2001/04/xmlenc#Element\"><xenc:EncryptionMethod"
        + " Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/><xenc:CipherData>"
        + "<xenc:CipherValue>QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=</xenc:CipherValue></xenc:CipherData>"
        + "</xenc:EncryptedData></saml2:EncryptedAssertion>"

    @Test("any DTD is refused before anything else", arguments: documentType)
    func documentTypeRefused(_ attack: AttackCase) throws { try attack.check() }

    @Test("documents of the wrong shape are refused", arguments: structure)
    func structureRefused(_ attack: AttackCase) throws { try attack.check() }

    @Test("ID confusion is refused", arguments: identifiers)
    func identifiersRefused(_ attack: AttackCase) throws { try attack.check() }

    @Test("oversized or badly encoded messages are refused", arguments: encoding)
    func encodingRefused(_ attack: AttackCase) throws { try attack.check() }
}
