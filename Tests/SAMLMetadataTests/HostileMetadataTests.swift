import Foundation
import SAMLMetadata
import Testing

@Suite("Hostile metadata input")
struct HostileMetadataTests {
    private static let entity = """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&e;">
        <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>
        </md:EntityDescriptor>
        """

    @Test("billion laughs is refused as a DOCTYPE")
    func billionLaughs() {
        var declarations = "<!ENTITY lol0 \"lol\">\n"
        for level in 1...10 {
            let previous = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += "<!ENTITY lol\(level) \"\(previous)\">\n"
        }
        let text = "<!DOCTYPE md:EntityDescriptor [\n\(declarations)<!ENTITY e \"&lol10;\">\n]>\n" + Self.entity
        let error = MetadataTestHelpers.parseError(Array(text.utf8))
        #expect(error?.message == "a DOCTYPE declaration is not allowed")
        #expect(error?.line == 1)
    }

    @Test("quadratic blowup is refused as a DOCTYPE")
    func quadraticBlowup() {
        let big = String(repeating: "A", count: 50_000)
        let references = String(repeating: "&big;", count: 5_000)
        let text = """
            <!DOCTYPE md:EntityDescriptor [<!ENTITY big "\(big)">]>
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">
            <md:Organization><md:OrganizationName xml:lang="en">\(references)</md:OrganizationName></md:Organization>
            </md:EntityDescriptor>
            """
        #expect(MetadataTestHelpers.parseError(Array(text.utf8))?.message == "a DOCTYPE declaration is not allowed")
    }

    @Test("an external entity is refused and the file's content never shows up")
    func externalEntity() {
        let text = "<!DOCTYPE md:EntityDescriptor [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n" + Self.entity
        let error = MetadataTestHelpers.parseError(Array(text.utf8))
        #expect(error?.message == "a DOCTYPE declaration is not allowed")
        #expect(error?.description.contains("root:") == false)
    }

    @Test("an entity reference without any DTD is not well-formed")
    func undeclaredEntity() {
        let error = MetadataTestHelpers.parseError(Array(Self.entity.utf8))
        #expect(error?.message.contains("not well-formed") == true)
        #expect(error?.line == 1)
    }

    @Test("ATTLIST default attributes are refused with the DOCTYPE")
    func attributeListDefaults() {
        let text = """
            <!DOCTYPE md:EntityDescriptor [
            <!ATTLIST md:IDPSSODescriptor WantAuthnRequestsSigned CDATA "true">
            ]>
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">
            <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>
            </md:EntityDescriptor>
            """
        #expect(MetadataTestHelpers.parseError(Array(text.utf8))?.message == "a DOCTYPE declaration is not allowed")
    }

    @Test("truncated XML reports libxml2's reason and the last line")
    func truncated() {
        let text = """
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">
            <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Loc
            """
        let error = MetadataTestHelpers.parseError(Array(text.utf8))
        #expect(error?.line == 3)
        #expect(error?.message.hasPrefix("the metadata is not well-formed XML: ") == true)
    }

    @Test("a root other than EntityDescriptor or EntitiesDescriptor is named in the error")
    func wrongRoot() {
        let text = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_1\"/>"
        let error = MetadataTestHelpers.parseError(Array(text.utf8))
        #expect(error?.line == 1)
        #expect(error?.message.contains("'Response'") == true)
        #expect(error?.message.contains("'EntityDescriptor' or 'EntitiesDescriptor'") == true)
    }

    @Test("the right local name in the wrong namespace is not metadata, whatever the prefix")
    func wrongNamespaceRoot() {
        let text = "<md:EntityDescriptor xmlns:md=\"urn:example:not-saml\" entityID=\"x\"/>"
        let error = MetadataTestHelpers.parseError(Array(text.utf8))
        #expect(error?.message.contains("namespace 'urn:example:not-saml'") == true)
        let unqualified = MetadataTestHelpers.parseError(Array("<EntityDescriptor entityID=\"x\"/>".utf8))
        #expect(unqualified?.message.contains("no namespace") == true)
    }

    @Test("binary garbage is not well-formed")
    func garbage() {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = 0x00
        let error = MetadataTestHelpers.parseError(bytes)
        #expect(error?.message.hasPrefix("the metadata is not well-formed XML") == true)
    }

    @Test("an empty file is its own error")
    func empty() {
        let error = MetadataTestHelpers.parseError([])
        #expect(error?.message == "the metadata file is empty")
        #expect(error?.line == 0)
    }

    @Test("a 50 MB file is refused by size before parsing, and parses when the limit allows it")
    func oversized() throws {
        let document = Self.largeAggregate(minimumBytes: 50 << 20)
        #expect(document.count >= 50 << 20)
        let error = MetadataTestHelpers.parseError(document, maximumSize: 10 << 20)
        #expect(error?.message == "the metadata file is \(document.count) bytes, over the limit of \(10 << 20) bytes")
        #expect(MetadataTestHelpers.parseError(document, maximumSize: document.count - 1)?.line == 0)

        let parsed = try MetadataParser.parse(document, fileName: "large.xml", maximumSize: 64 << 20)
        #expect(parsed.allEntityIDs.count == Self.fillerEntities + 1)
        #expect(parsed.identityProviders.map(\.entityID.value) == ["https://idp.example.org/last"])
    }

    private static let fillerEntities = 800

    /// An aggregate of at least `minimumBytes`: SP-only entities padded with comments, then one IdP.
    private static func largeAggregate(minimumBytes: Int) -> [UInt8] {
        let comment = "<!--" + String(repeating: "p", count: minimumBytes / fillerEntities) + "-->\n"
        var text = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">\n"
        for index in 0..<fillerEntities {
            text += "<md:EntityDescriptor entityID=\"https://sp\(index).example.org\">\n"
            text += comment
            text += "</md:EntityDescriptor>\n"
        }
        text += """
            <md:EntityDescriptor entityID="https://idp.example.org/last">
            <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>
            </md:EntityDescriptor>
            </md:EntitiesDescriptor>
            """
        return Array(text.utf8)
    }
}
