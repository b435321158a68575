import SAMLPin
import SAMLPinTestSupport
import Testing

/// Comment, processing-instruction, CDATA and character-reference splits inside signed text
/// (catalogue section 8, the 2018 Duo class): the signature stays valid, so the verifier must
/// return the whole value, never the part before the split.
@Suite("Attack: text node truncation")
struct AttackTextNodeTests {
    struct Split: Sendable, CustomTestStringConvertible {
        let name: String
        /// Turns the signed `jane.doe@example.com.evil.test` text into its split form.
        let split: @Sendable (String) -> String
        var testDescription: String { name }
    }

    static let victim = "jane.doe@example.com"
    static let full = AttackFixtures.suffixedNameID

    static let splits: [Split] = [
        Split(name: "empty comment after the victim part") { _ in "\(victim)<!---->.evil.test" },
        Split(name: "comment at the start") { _ in "<!--x-->\(full)" },
        Split(name: "comment at the end") { _ in "\(full)<!--x-->" },
        Split(name: "two comments") { _ in "jane<!--a-->.doe@example.com<!--b-->.evil.test" },
        Split(name: "CDATA section") { _ in "\(victim)<![CDATA[.evil.test]]>" },
        Split(name: "character references") { _ in "\(victim)&#x2e;evil&#46;test" },
    ]

    @Test("splits inside NameID never truncate it (comment at every offset too)", arguments: splits)
    func nameIDWhole(_ split: Split) throws {
        let original = try AttackFixtures.suffixedNameIDSigned()
        var text = XMLText(original.xml)
        text.setContent(of: "saml2:NameID", to: split.split(Self.full))
        let verified = try TestVerifiers.okta().verify(
            responseXML: Array(text.text.utf8), expectedRequestID: TestIdentityProviders.requestID)
        #expect(verified.nameID.value == Self.full)
    }

    @Test("a comment at each offset of the NameID leaves the value whole")
    func commentAtEveryOffset() throws {
        let original = try AttackFixtures.suffixedNameIDSigned()
        let characters = Array(Self.full)
        for offset in stride(from: 0, through: characters.count, by: 3) {
            var text = XMLText(original.xml)
            text.setContent(
                of: "saml2:NameID", to: String(characters[..<offset]) + "<!---->" + String(characters[offset...]))
            let verified = try TestVerifiers.okta().verify(
                responseXML: Array(text.text.utf8), expectedRequestID: TestIdentityProviders.requestID)
            #expect(verified.nameID.value == Self.full, "comment at offset \(offset)")
        }
    }

    @Test("a comment inside an attribute value leaves the value whole")
    func attributeValueWhole() throws {
        let original = try AttackFixtures.suffixedNameIDSigned()
        var text = XMLText(original.xml)
        text.replaceFirst(">Admins.evil.test<", with: ">Admins<!--x-->.evil.test<")
        text.replaceFirst(
            ">\(Self.full)<", with: ">\(Self.victim)<!---->.evil.test<", inside: "saml2:AttributeStatement")
        let verified = try TestVerifiers.okta().verify(
            responseXML: Array(text.text.utf8), expectedRequestID: TestIdentityProviders.requestID)
        #expect(verified.values(of: "groups") == ["Everyone", "Admins.evil.test"])
        #expect(verified.values(of: "email") == [Self.full])
    }

    // A processing instruction is part of the canonical form: one added after signing breaks the digest.
    @Test("a processing instruction added to a signed NameID breaks the signature")
    func processingInstructionAfterSigning() throws {
        let original = try AttackFixtures.suffixedNameIDSigned()
        var text = XMLText(original.xml)
        text.setContent(of: "saml2:NameID", to: "\(Self.victim)<?x .evil.test?>.evil.test")
        let outcome = verdict(text.text, with: try TestVerifiers.okta())
        #expect(throws: SAMLError.self) { try outcome.get() }
        if case .failure(let error) = outcome {
            #expect(error.code == .digestMismatch, "\(error)")
        }
    }

    // A processing instruction that the IdP signed (OneUptime #2988 shape) must not hide text.
    @Test("a signed processing instruction inside NameID never truncates it")
    func signedProcessingInstruction() throws {
        var parameters = ResponseParameters()
        parameters.nameID = "PLACEHOLDER"
        let response = try TestResponses.signed(parameters, parts: .assertion) { text in
            text.setContent(of: "saml2:NameID", to: "\(Self.victim)<?x .evil.test?>.evil.test")
        }
        switch verdict(response.xml, with: try TestVerifiers.okta()) {
        case .success(let verified):
            #expect(verified.nameID.value == Self.full)
        case .failure(let error):
            #expect(error.code == .schemaViolation, "\(error)")
        }
    }
}
