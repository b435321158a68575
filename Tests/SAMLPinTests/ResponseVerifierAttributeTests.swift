import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Values read from a verified assertion: xsi:type with any prefix, nested NameIDs, odd values.
@Suite struct ResponseVerifierAttributeTests {
    private static let schema = "http://www.w3.org/2001/XMLSchema"
    private static let instance = "http://www.w3.org/2001/XMLSchema-instance"

    @Test func attributeValuesAreReadWithTypesAndNestedNameIDs() throws {
        var parameters = ResponseParameters()
        parameters.attributes = [
            TestAttribute(name: "urn:oid:1.3.6.1.4.1.5923.1.1.1.10", nameFormat: TestAttribute.uri, rawValues: [
                "<saml2:AttributeValue><saml2:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\""
                    + " NameQualifier=\"https://idp\" SPNameQualifier=\"https://sp\">opaque-42</saml2:NameID>"
                    + "</saml2:AttributeValue>"
            ]),
            TestAttribute(name: "typed", rawValues: [
                "<saml2:AttributeValue xmlns:xsi=\"\(Self.instance)\" xmlns:q=\"\(Self.schema)\" xsi:type=\"q:date\">"
                    + "2024-01-01</saml2:AttributeValue>",
                "<saml2:AttributeValue xmlns:i=\"\(Self.instance)\" i:type=\"xs:string\">b</saml2:AttributeValue>",
                "<saml2:AttributeValue xmlns:xsi=\"\(Self.instance)\" xsi:type=\"zz:odd\">c</saml2:AttributeValue>",
                "<saml2:AttributeValue xmlns:xsi=\"\(Self.instance)\" xsi:nil=\"true\"/>",
            ]),
            TestAttribute(name: "markup", nameFormat: nil, rawValues: [
                "<saml2:AttributeValue><x>one</x><y>two</y></saml2:AttributeValue>",
                "<saml2:AttributeValue>a<!--c-->b</saml2:AttributeValue>",
            ]),
            TestAttribute(name: "empty", rawValues: []),
        ]
        let response = try TestResponses.signed(parameters, parts: .assertion)
        let assertion = try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID
        )

        let targeted = try #require(assertion.attribute(named: "urn:oid:1.3.6.1.4.1.5923.1.1.1.10"))
        let nameID = try #require(targeted.values.first?.nameID)
        #expect(nameID.value == "opaque-42")
        #expect(nameID.nameQualifier == "https://idp")
        #expect(nameID.spNameQualifier == "https://sp")
        #expect(nameID.format == "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")

        let typed = try #require(assertion.attribute(named: "typed")).values
        #expect(typed.count == 4)
        // 'q' is used only inside the value, so exclusive c14n does not sign its binding.
        #expect(typed[0].type == QualifiedName(namespaceURI: nil, localName: "date"))
        #expect(typed[0].lexicalType == "q:date")
        #expect(typed[0].text == "2024-01-01")
        // 'xs' is in the signature's InclusiveNamespaces PrefixList, so its binding is signed.
        #expect(typed[1].type?.isXMLSchema("string") == true)
        // An undeclared type prefix is well-formed XML; the type is just unknown.
        #expect(typed[2].type == QualifiedName(namespaceURI: nil, localName: "odd"))
        #expect(typed[2].text == "c")
        #expect(typed[3].isNil)

        let markup = try #require(assertion.attribute(named: "markup"))
        #expect(markup.nameFormat == nil)
        #expect(assertion.attribute(named: "markup", nameFormat: Attribute.unspecifiedNameFormat) != nil)
        #expect(markup.values[0].containsElements && markup.values[0].text.isEmpty)
        // A comment never truncates a value.
        #expect(markup.values[1].text == "ab")

        #expect(assertion.attribute(named: "empty")?.values.isEmpty == true)
    }
}
