import Foundation
import Testing
@testable import _SAMLPinGeneratorCore

/// Metadata built to make the generator pin a key the user did not mean: keys of other roles
/// (SP, attribute authority), keys hidden in Extensions, look-alike entity IDs in an aggregate,
/// and the same entity twice at different depths of nested aggregates.
@Suite("Attack review: metadata that tries to pin the wrong key")
struct AttackReviewMetadataTests {
    static let idpKey = Result { try TestCertificate.make(days: 365, subject: "/CN=idp.review.test") }
    static let otherKey = Result { try TestCertificate.make(days: 365, subject: "/CN=attacker.review.test") }

    static let entityID = "https://idp.review.test/metadata"
    static let namespaces = MetadataBuilder.namespaces
    static let protocols = "urn:oasis:names:tc:SAML:2.0:protocol"

    static func keyDescriptor(_ base64: String, use: String = "signing") -> String {
        "<md:KeyDescriptor use=\"\(use)\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(base64)"
            + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
    }

    static func identityProviderRole(keys: String, extensions: String = "") -> String {
        "<md:IDPSSODescriptor protocolSupportEnumeration=\"\(protocols)\">\(extensions)\(keys)"
            + "<md:SingleSignOnService Binding=\"\(MetadataBuilder.post)\" Location=\"https://idp.review.test/sso\"/>"
            + "</md:IDPSSODescriptor>"
    }

    static func serviceProviderRole(key: String) -> String {
        "<md:SPSSODescriptor protocolSupportEnumeration=\"\(protocols)\">" + keyDescriptor(key)
            + "<md:AssertionConsumerService Binding=\"\(MetadataBuilder.post)\""
            + " Location=\"https://sp.review.test/acs\" index=\"0\"/></md:SPSSODescriptor>"
    }

    /// An EntityDescriptor inside an aggregate with one IdP role signing with `key`.
    static func member(_ entityID: String, key: String) -> String {
        entity(entityID, identityProviderRole(keys: keyDescriptor(key)), namespaces: false)
    }

    static func entity(_ entityID: String, _ roles: String, namespaces: Bool = true) -> String {
        "<md:EntityDescriptor \(namespaces ? Self.namespaces + " " : "")entityID=\"\(entityID)\">\(roles)"
            + "</md:EntityDescriptor>"
    }

    static func generate(_ xml: String, entityID: String? = nil, now: Date) throws -> GeneratorResult {
        SAMLPinGenerator.generate(
            configuration: GeneratorHarness.configuration(
                IdentityProviderConfiguration(slug: "example-idp", metadata: "metadata.xml", entityID: entityID)
            ),
            configurationPath: "saml-pin.json",
            metadata: [GeneratorHarness.input(xml)],
            templates: try GeneratorHarness.templates(),
            now: now
        )
    }

    /// Whether any generated file holds the start of `certificate`'s base64.
    static func pins(_ result: GeneratorResult, _ certificate: TestCertificate) -> Bool {
        result.files.contains { $0.contents.contains(certificate.base64.prefix(76)) }
    }

    static func now(_ certificate: TestCertificate) -> Date { certificate.notAfter.addingTimeInterval(-200 * 86_400) }

    @Test("a signing key of the entity's SPSSODescriptor is never pinned as the IdP's key")
    func serviceProviderRoleKey() throws {
        let idp = try Self.idpKey.get()
        let other = try Self.otherKey.get()
        let roles = Self.serviceProviderRole(key: other.base64)
            + Self.identityProviderRole(keys: Self.keyDescriptor(idp.base64))
        let result = try Self.generate(Self.entity(Self.entityID, roles), now: Self.now(idp))
        #expect(!result.hasErrors, "\(result.diagnostics.rendered)")
        #expect(Self.pins(result, idp))
        #expect(!Self.pins(result, other))
    }

    @Test("an IdP role without keys does not borrow the SPSSODescriptor's key: no signing key is an error")
    func serviceProviderKeyOnly() throws {
        let other = try Self.otherKey.get()
        let roles = Self.serviceProviderRole(key: other.base64) + Self.identityProviderRole(keys: "")
        let result = try Self.generate(Self.entity(Self.entityID, roles), now: Self.now(other))
        let missing = result.diagnostics.matching(.error, "has no signing certificate")
        #expect(missing.count == 1, "\(result.diagnostics.rendered)")
        #expect(!Self.pins(result, other))
    }

    @Test("keys of an AttributeAuthorityDescriptor and a KeyInfo inside IdP Extensions are not pinned")
    func otherRoleAndExtensionKeys() throws {
        let idp = try Self.idpKey.get()
        let other = try Self.otherKey.get()
        let extensions = "<md:Extensions><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(other.base64)"
            + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:Extensions>"
        let roles = Self.identityProviderRole(keys: Self.keyDescriptor(idp.base64), extensions: extensions)
            + "<md:AttributeAuthorityDescriptor protocolSupportEnumeration=\"\(Self.protocols)\">"
            + Self.keyDescriptor(other.base64)
            + "<md:AttributeService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:SOAP\""
            + " Location=\"https://idp.review.test/aa\"/>"
            + "</md:AttributeAuthorityDescriptor>"
        let result = try Self.generate(Self.entity(Self.entityID, roles), now: Self.now(idp))
        #expect(!result.hasErrors, "\(result.diagnostics.rendered)")
        #expect(Self.pins(result, idp))
        #expect(!Self.pins(result, other))
    }

    @Test(
        "an aggregate holding only look-alikes of the configured entity ID pins nothing",
        arguments: [
            "https://idp.review.test/metadata/",
            "https://IDP.review.test/metadata",
            "https://idp.r\u{0435}view.test/metadata",
            "https://idp.review.test/metadata\u{200B}",
            "https://idp.review.test/metadata#",
        ]
    )
    func lookAlikeEntityIDs(lookAlike: String) throws {
        let other = try Self.otherKey.get()
        let xml = "<md:EntitiesDescriptor \(Self.namespaces)>"
            + Self.member(lookAlike, key: other.base64)
            + "</md:EntitiesDescriptor>"
        let result = try Self.generate(xml, entityID: Self.entityID, now: Self.now(other))
        #expect(
            result.diagnostics.matching(.error, "'\(Self.entityID)' (chosen for 'example-idp') is not an identity")
                .count == 1,
            "\(result.diagnostics.rendered)"
        )
        #expect(!Self.pins(result, other))
    }

    @Test("the configured entity defined again, with another key, inside a nested aggregate is an error")
    func nestedDuplicateEntity() throws {
        let idp = try Self.idpKey.get()
        let other = try Self.otherKey.get()
        let xml = "<md:EntitiesDescriptor \(Self.namespaces)>"
            + Self.member(Self.entityID, key: idp.base64)
            + "<md:EntitiesDescriptor Name=\"inner\">"
            + Self.member(Self.entityID, key: other.base64)
            + "</md:EntitiesDescriptor></md:EntitiesDescriptor>"
        let result = try Self.generate(xml, entityID: Self.entityID, now: Self.now(idp))
        #expect(result.diagnostics.matching(.error, "is defined twice").count == 1, "\(result.diagnostics.rendered)")
        #expect(!Self.pins(result, other))
    }

    /// The certificates rendered in `signingCertificates: [...]` of the generated file.
    static func signingSection(_ result: GeneratorResult) -> String {
        guard let contents = result.files.first?.contents,
            let start = contents.range(of: "signingCertificates: ["),
            let end = contents.range(of: "encryptionCertificates: [", range: start.upperBound..<contents.endIndex)
        else { return "" }
        return String(contents[start.upperBound..<end.lowerBound])
    }

    @Test("a KeyDescriptor use of 'encryption ' (schema whitespace) is not pinned as a signing key")
    func encryptionUseWithWhitespace() throws {
        let idp = try Self.idpKey.get()
        let other = try Self.otherKey.get()
        let keys = Self.keyDescriptor(idp.base64) + Self.keyDescriptor(other.base64, use: "encryption ")
        let xml = Self.entity(Self.entityID, Self.identityProviderRole(keys: keys))
        let result = try Self.generate(xml, now: Self.now(idp))
        let signing = Self.signingSection(result)
        #expect(signing.contains(idp.base64.prefix(76)), "\(result.diagnostics.rendered)")
        #expect(!signing.contains(other.base64.prefix(76)))
    }

    @Test("an IDPSSODescriptor that does not list SAML 2.0 is reported at its line")
    func samlOneOnlyRole() throws {
        let idp = try Self.idpKey.get()
        var builder = MetadataBuilder(certificate: idp.base64)
        builder.singleSignOnServices = [(MetadataBuilder.post, "https://idp.example.test/sso")]
        let xml = builder.document.replacingOccurrences(
            of: "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"",
            with: "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:1.1:protocol\""
        )
        #expect(xml != builder.document)
        let result = try Self.generate(xml, now: Self.now(idp))
        let reported = result.diagnostics.filter {
            $0.severity != .note && $0.message.contains("protocolSupportEnumeration")
        }
        #expect(reported.count == 1, "\(result.diagnostics.rendered)")
        #expect(reported.first?.line == line(of: "<md:IDPSSODescriptor", in: xml))
    }

    @Test("an expired validUntil on the IDPSSODescriptor alone is an error (the role's keys may be stale)")
    func expiredRole() throws {
        let idp = try Self.idpKey.get()
        let xml = Self.entity(Self.entityID, Self.identityProviderRole(keys: Self.keyDescriptor(idp.base64)))
            .replacingOccurrences(
                of: "<md:IDPSSODescriptor ", with: "<md:IDPSSODescriptor validUntil=\"0001-01-01T00:00:00Z\" "
            )
        let result = try Self.generate(xml, now: Self.now(idp))
        let hasErrors = result.hasErrors
        #expect(hasErrors, "\(result.diagnostics.rendered)")
    }
}
