import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Responses signed by the xmlsec1 CLI, in every supported variant, are accepted and every
/// field of the `VerifiedAssertion` is read correctly.
@Suite("xmlsec1-signed responses")
struct XMLSec1SignedResponseTests {
    /// A signing variant: which elements, which algorithms, which key, which policy.
    struct Variant: Sendable, CustomTestStringConvertible {
        let name: String
        let parts: SignedParts
        let template: SignatureTemplate
        let key: @Sendable () throws -> TestKeyPair
        let policy: IdentityProviderPolicy

        var testDescription: String { name }
    }

    /// RSA and ECDSA with each SHA-2 size, each digest size under RSA-SHA256, and SHA-1 by opt-in.
    static let variants: [Variant] = SignedParts.allCases.flatMap { parts in
        let rsa: @Sendable () throws -> TestKeyPair = { try TestKeys.shared().identityProvider }
        let ec: @Sendable () throws -> TestKeyPair = { try TestKeys.shared().identityProviderEC }
        let sizes: [(name: String, method: String, digest: String, key: @Sendable () throws -> TestKeyPair)] = [
            ("rsa-sha384", SignatureTemplate.rsaSHA384, SignatureTemplate.sha384, rsa),
            ("rsa-sha512", SignatureTemplate.rsaSHA512, SignatureTemplate.sha512, rsa),
            ("rsa-sha256 with a sha384 digest", SignatureTemplate.rsaSHA256, SignatureTemplate.sha384, rsa),
            ("rsa-sha256 with a sha512 digest", SignatureTemplate.rsaSHA256, SignatureTemplate.sha512, rsa),
            ("ecdsa-sha384", SignatureTemplate.ecdsaSHA384, SignatureTemplate.sha384, ec),
            ("ecdsa-sha512", SignatureTemplate.ecdsaSHA512, SignatureTemplate.sha512, ec),
        ]
        return sizes.map { size in
            Variant(
                name: "\(parts) \(size.name)",
                parts: parts,
                template: SignatureTemplate(signatureMethod: size.method, digestMethod: size.digest),
                key: size.key,
                policy: IdentityProviderPolicy()
            )
        } + [
            Variant(
                name: "\(parts) rsa-sha256",
                parts: parts,
                template: .okta,
                key: { try TestKeys.shared().identityProvider },
                policy: IdentityProviderPolicy()
            ),
            Variant(
                name: "\(parts) rsa-sha1 with the SHA-1 opt-in",
                parts: parts,
                template: .rsaSHA1Legacy,
                key: { try TestKeys.shared().identityProvider },
                policy: IdentityProviderPolicy(allowsSHA1: true)
            ),
            Variant(
                name: "\(parts) ecdsa-sha256",
                parts: parts,
                template: .ecdsa,
                key: { try TestKeys.shared().identityProviderEC },
                policy: IdentityProviderPolicy()
            ),
        ]
    }

    @Test("accepted with every field read from the signed assertion", arguments: variants)
    func acceptedVariant(_ variant: Variant) throws {
        let key = try variant.key()
        let parameters = ResponseParameters()
        let response = try TestResponses.signed(
            parameters, parts: variant.parts, template: variant.template, key: .keyPair(key))
        let verifier = try TestVerifiers.okta(policy: variant.policy, pinning: [key])

        let verified = try verifier.verify(
            responseXML: response.bytes, relayState: "/after/login", expectedRequestID: TestIdentityProviders.requestID)

        #expect(verified.identityProviderSlug == TestIdentityProviders.oktaSlug)
        #expect(verified.issuer == TestIdentityProviders.oktaEntityID)
        #expect(verified.responseID == parameters.responseID)
        #expect(verified.assertionID == parameters.assertionID)
        #expect(verified.inResponseTo == TestIdentityProviders.requestID)
        #expect(verified.issueInstant == parameters.issueInstant)
        #expect(verified.nameID.value == parameters.nameID)
        #expect(verified.nameID.format == parameters.nameIDFormat)
        #expect(verified.sessionIndex == parameters.sessionIndex)
        #expect(verified.authnInstant == parameters.issueInstant)
        #expect(verified.authnContextClassRef == parameters.authnContextClassRef)
        #expect(verified.notOnOrAfter == parameters.notOnOrAfter)
        // The template's AuthnStatement has no SessionNotOnOrAfter.
        #expect(verified.sessionNotOnOrAfter == nil)
        #expect(verified.relayState == "/after/login")
        #expect(verified.signingCertificateFingerprint == key.sha256Fingerprint)
        #expect(verified.signedElements.response == (variant.parts != .assertion))
        #expect(verified.signedElements.assertion == (variant.parts != .response))
        #expect(verified.attributes.map(\.name) == ["email", "firstName", "lastName", "groups"])
        #expect(verified.values(of: "groups") == ["Everyone", "Engineering", "Admins"])
        #expect(verified.attributes.allSatisfy { $0.nameFormat == TestAttribute.unspecified })
        #expect(verified.attributes.flatMap(\.values).allSatisfy { $0.type?.isXMLSchema("string") == true })
    }

    @Test("SessionNotOnOrAfter is read from the signed AuthnStatement")
    func sessionNotOnOrAfter() throws {
        let parameters = ResponseParameters()
        let sessionEnd = parameters.issueInstant.addingTimeInterval(8 * 3600)
        let response = try TestResponses.signed(parameters, parts: .assertion) { text in
            text.replaceFirst(
                "<saml2:AuthnStatement ",
                with: "<saml2:AuthnStatement SessionNotOnOrAfter=\"\(TestClock.format(sessionEnd))\" "
            )
        }
        let verified = try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)
        #expect(verified.sessionNotOnOrAfter == sessionEnd)
    }

    @Test("the same response verifies from a base64 form value, wrapped or not")
    func formValue() throws {
        let response = try TestResponses.signed(parts: .both)
        let encoded = Data(response.xml.utf8).base64EncodedString()
        let wrappings: [String] = [
            encoded,
            Self.wrap(encoded, every: 64, with: "\r\n"),
            Self.wrap(encoded, every: 76, with: "\n"),
            encoded + "\n",
        ]
        for value in wrappings {
            let verifier = try TestVerifiers.okta()
            let verified = try verifier.verify(samlResponse: value, expectedRequestID: TestIdentityProviders.requestID)
            #expect(verified.nameID.value == response.parameters.nameID)
        }
    }

    @Test("a rollover key is accepted when both keys are pinned, and names the key that verified")
    func rolloverKey() throws {
        let keys = try TestKeys.shared()
        let response = try TestResponses.signed(parts: .assertion, key: .keyPair(keys.identityProviderRollover))
        let verifier = try TestVerifiers.okta(pinning: [keys.identityProvider, keys.identityProviderRollover])
        let verified = try verifier.verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)
        #expect(verified.signingCertificateFingerprint == keys.identityProviderRollover.sha256Fingerprint)
    }

    @Test("an IdP-initiated response is accepted only with the per-IdP opt-in, and carries no request ID")
    func unsolicitedOptIn() throws {
        let response = try TestResponses.signed(ResponseParameters(requestID: nil), parts: .assertion)
        let verifier = try TestVerifiers.okta(policy: IdentityProviderPolicy(allowsUnsolicitedResponses: true))
        let verified = try verifier.verify(responseXML: response.bytes, expectedRequestID: nil)
        #expect(verified.inResponseTo == nil)
        #expect(verified.nameID.value == response.parameters.nameID)
    }

    @Test("both signed with the Response signature removed still passes on the Assertion's signature")
    func bothSignedResponseSignatureRemoved() throws {
        var text = XMLText(try TestResponses.signed(parts: .both).xml)
        text.remove("ds:Signature", occurrence: 0)
        let verified = try TestVerifiers.okta().verify(
            responseXML: Array(text.text.utf8),
            expectedRequestID: TestIdentityProviders.requestID
        )
        #expect(verified.signedElements == .init(response: false, assertion: true))
    }

    /// Attributes typed through four different prefixes, three of them declared on the value itself.
    private static func typedAttributeParameters() -> ResponseParameters {
        var parameters = ResponseParameters()
        let xsi = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
        parameters.attributes = [
            TestAttribute(
                name: "xs",
                rawValues: ["<saml2:AttributeValue \(xsi) xsi:type=\"xs:string\">one</saml2:AttributeValue>"]),
            TestAttribute(
                name: "xsd",
                rawValues: [
                    "<saml2:AttributeValue \(xsi) xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                        + " xsi:type=\"xsd:string\">two</saml2:AttributeValue>"
                ]
            ),
            TestAttribute(
                name: "custom",
                rawValues: [
                    "<saml2:AttributeValue \(xsi) xmlns:q1=\"http://www.w3.org/2001/XMLSchema\""
                        + " xsi:type=\"q1:boolean\">true</saml2:AttributeValue>"
                ]
            ),
            TestAttribute(
                name: "foreign",
                rawValues: [
                    "<saml2:AttributeValue \(xsi) xmlns:f=\"urn:example:types\""
                        + " xsi:type=\"f:colour\">blue</saml2:AttributeValue>"
                ]
            ),
            TestAttribute(
                name: "untyped", nameFormat: nil, rawValues: ["<saml2:AttributeValue>plain</saml2:AttributeValue>"]),
            TestAttribute(name: "empty", rawValues: []),
        ]
        return parameters
    }

    @Test("xsi:type resolves through any prefix bound to XML Schema when the signature covers the binding")
    func attributeTypes() throws {
        // Exclusive C14N signs a namespace declaration used only inside an attribute value just when
        // its prefix is in InclusiveNamespaces, as Okta does for "xs"; list every prefix used here.
        let transforms = [
            SignatureTemplate.envelopedTransform,
            "<ds:Transform Algorithm=\"\(SignatureTemplate.exclusiveC14N)\"><ec:InclusiveNamespaces"
                + " xmlns:ec=\"\(SignatureTemplate.exclusiveC14N)\" PrefixList=\"xs xsd q1 f\"/></ds:Transform>",
        ]
        let response = try TestResponses.signed(
            Self.typedAttributeParameters(), parts: .assertion, template: SignatureTemplate(transforms: transforms))
        let verified = try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)

        #expect(verified.attributes.map(\.name) == ["xs", "xsd", "custom", "foreign", "untyped", "empty"])
        #expect(
            verified.attributes.map { $0.values.map(\.text) } == [["one"], ["two"], ["true"], ["blue"], ["plain"], []])
        #expect(verified.attribute(named: "xs")?.values.first?.type?.isXMLSchema("string") == true)
        #expect(verified.attribute(named: "xsd")?.values.first?.type?.isXMLSchema("string") == true)
        #expect(verified.attribute(named: "custom")?.values.first?.type?.isXMLSchema("boolean") == true)
        #expect(
            verified.attribute(named: "foreign")?.values.first?.type
                == QualifiedName(namespaceURI: "urn:example:types", localName: "colour"))
        #expect(verified.attribute(named: "untyped")?.values.first?.type == nil)
        #expect(verified.attribute(named: "untyped")?.nameFormat == nil)
        #expect(verified.attribute(named: "untyped", nameFormat: TestAttribute.unspecified) != nil)
    }

    @Test("xsi:type bound only by an unsigned declaration keeps its text but no namespace")
    func attributeTypesOutsideTheSignature() throws {
        // Okta's PrefixList covers "xs" only: the xsd, q1 and f declarations are not signed, so an
        // attacker could rebind them; their types must not resolve to a namespace.
        let response = try TestResponses.signed(Self.typedAttributeParameters(), parts: .assertion)
        let verified = try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)

        #expect(verified.attribute(named: "xs")?.values.first?.type?.isXMLSchema("string") == true)
        for (name, lexical) in [("xsd", "xsd:string"), ("custom", "q1:boolean"), ("foreign", "f:colour")] {
            let value = verified.attribute(named: name)?.values.first
            #expect(value?.lexicalType == lexical, "\(name)")
            #expect(value?.type?.namespaceURI == nil, "\(name)")
        }
        #expect(verified.attributes.map { $0.values.map(\.text) } == [["one"], ["two"], ["true"], ["blue"], ["plain"], []])
    }

    @Test("a nested NameID (eduPersonTargetedID) is exposed as a NameID")
    func nestedNameID() throws {
        var parameters = ResponseParameters()
        parameters.attributes = [
            TestAttribute(
                name: "urn:oid:1.3.6.1.4.1.5923.1.1.1.10",
                nameFormat: TestAttribute.uri,
                rawValues: [
                    "<saml2:AttributeValue><saml2:NameID"
                        + " Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\""
                        + " NameQualifier=\"\(TestIdentityProviders.oktaEntityID)\""
                        + " SPNameQualifier=\"\(TestIdentityProviders.serviceProviderEntityID)\">"
                        + "c2VjcmV0LXBhaXJ3aXNlLWlk</saml2:NameID></saml2:AttributeValue>"
                ]
            ),
            .string("email", ["jane.doe@example.com"]),
        ]
        let response = try TestResponses.signed(parameters, parts: .both)
        let verified = try TestVerifiers.okta().verify(
            responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)

        let value = try #require(verified.attributes.first?.values.first)
        #expect(value.nameID?.value == "c2VjcmV0LXBhaXJ3aXNlLWlk")
        #expect(value.nameID?.format == "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
        #expect(value.nameID?.nameQualifier == TestIdentityProviders.oktaEntityID)
        #expect(value.nameID?.spNameQualifier == TestIdentityProviders.serviceProviderEntityID)
        #expect(verified.nameID.value == parameters.nameID)
        #expect(verified.values(of: "email") == ["jane.doe@example.com"])
    }

    @Test("canonicalization variants IdPs use verify: no PrefixList, PrefixList on SignedInfo too")
    func canonicalizationVariants() throws {
        let plainTransform = "<ds:Transform Algorithm=\"\(SignatureTemplate.exclusiveC14N)\"/>"
        let templates = [
            SignatureTemplate(transforms: [SignatureTemplate.envelopedTransform, plainTransform]),
            SignatureTemplate(transforms: [SignatureTemplate.envelopedTransform, plainTransform], keyInfo: .none),
        ]
        for template in templates {
            let response = try TestResponses.signed(parts: .both, template: template)
            let verified = try TestVerifiers.okta().verify(
                responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)
            #expect(verified.assertionID == response.parameters.assertionID)
        }
    }

    @Test("carriage returns survive: &#13; in a signed value and in the SignatureValue's line breaks")
    func carriageReturns() throws {
        var parameters = ResponseParameters()
        parameters.attributes = [
            TestAttribute(
                name: "address", rawValues: ["<saml2:AttributeValue>1 Main St&#13;\nSpringfield</saml2:AttributeValue>"]
            )
        ]
        let response = try TestResponses.signed(parameters, parts: .assertion)
        var text = XMLText(response.xml)
        let signatureValue = text.element("ds:SignatureValue") ?? ""
        text.replaceElement("ds:SignatureValue", with: signatureValue.replacingOccurrences(of: "\n", with: "&#13;\n"))
        let verified = try TestVerifiers.okta().verify(
            responseXML: Array(text.text.utf8), expectedRequestID: TestIdentityProviders.requestID)
        #expect(verified.values(of: "address") == ["1 Main St\r\nSpringfield"])
    }

    @Test("time conditions tolerate the policy's clock skew, and no more")
    func clockSkew() throws {
        let response = try TestResponses.signed(parts: .assertion)
        let lastValid = response.parameters.notOnOrAfter
        let skew = TimeInterval(IdentityProviderPolicy().clockSkewSeconds)

        let late = try TestVerifiers.okta(now: lastValid.addingTimeInterval(skew - 5))
        #expect(throws: Never.self) {
            try late.verify(responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)
        }
        // Conditions are checked before the bearer confirmation, and both end at the same instant here.
        let tooLate = try TestVerifiers.okta(now: lastValid.addingTimeInterval(skew + 5))
        let error = #expect(throws: SAMLError.self) {
            try tooLate.verify(responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)
        }
        #expect(error?.code == .conditionsExpired)
    }

    private static func wrap(_ text: String, every width: Int, with separator: String) -> String {
        var lines: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(rest.prefix(width))
            rest = rest.dropFirst(width)
        }
        return lines.joined(separator: separator)
    }
}
