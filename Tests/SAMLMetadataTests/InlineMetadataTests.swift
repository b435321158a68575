import Foundation
import SAMLMetadata
import SAMLPinTestSupport
import Testing

@Suite("Metadata model from inline documents")
struct InlineMetadataTests {
    private let metadataNS = "urn:oasis:names:tc:SAML:2.0:metadata"
    private let saml2 = "urn:oasis:names:tc:SAML:2.0:protocol"
    private let post = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"

    /// The base64 body of a corpus PEM certificate, on one line.
    private func pemBody(_ name: String) throws -> String {
        let text = String(decoding: try Fixtures.bytes(Fixtures.corpusResponse(name)), as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }

    @Test("every element keeps its exact source line")
    func lineNumbers() throws {
        let certificate = try pemBody("okta-exkppsa1-idp-cert.pem")
        let document = try MetadataTestHelpers.parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment on line 2 -->
            <EntityDescriptor xmlns="\(metadataNS)" entityID="https://idp.example.org">

              <IDPSSODescriptor protocolSupportEnumeration="\(saml2)" WantAuthnRequestsSigned="1">
                <KeyDescriptor use="signing">
                  <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                    <ds:X509Data>
                      <ds:X509Certificate>\(certificate)</ds:X509Certificate>
                    </ds:X509Data>
                  </ds:KeyInfo>
                </KeyDescriptor>
                <SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
                  Location="https://idp.example.org/slo" ResponseLocation="https://idp.example.org/slo/response"/>
                <NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</NameIDFormat>
                <SingleSignOnService Binding="\(post)" Location="https://idp.example.org/sso"/>
              </IDPSSODescriptor>
            </EntityDescriptor>
            """)
        let provider = try #require(document.identityProviders.first)
        #expect(provider.entityID.line == 3)
        #expect(provider.descriptor.line == 5)
        #expect(provider.descriptor.wantAuthnRequestsSigned)
        #expect(provider.descriptor.keyDescriptors.first?.line == 6)
        #expect(provider.descriptor.keyDescriptors.first?.certificates.first?.line == 9)
        // libxml2 records a start tag spread over lines at the line where the tag ends.
        #expect(provider.descriptor.singleLogoutServices == [
            EndpointDescription(
                binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", location: "https://idp.example.org/slo",
                responseLocation: "https://idp.example.org/slo/response", line: 14),
        ])
        let persistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
        #expect(provider.descriptor.nameIDFormats == [Located(persistent, line: 15)])
        #expect(provider.descriptor.singleSignOnServices.first?.line == 16)
        #expect(document.warnings.isEmpty)
    }

    @Test("lines past 65535 are exact")
    func bigLineNumbers() throws {
        let padding = String(repeating: "\n", count: 70_000)
        let document = try MetadataTestHelpers.parse("""
            <md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">\(padding)
            <md:EntityDescriptor entityID="https://idp.example.org">
            <md:IDPSSODescriptor protocolSupportEnumeration="\(saml2)">
            <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
            </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            </md:EntitiesDescriptor>
            """)
        let provider = try #require(document.identityProviders.first)
        #expect(provider.entityID.line == 70_002)
        #expect(provider.descriptor.line == 70_003)
        #expect(provider.descriptor.nameIDFormats.first?.line == 70_004)
    }

    @Test("nested aggregates are flattened in document order and the earliest validUntil wins")
    func nestedAggregates() throws {
        let document = try MetadataTestHelpers.parse("""
            <EntitiesDescriptor xmlns="\(metadataNS)" validUntil="2030-01-01T00:00:00Z" cacheDuration="PT1H">
              <EntityDescriptor entityID="https://a.example.org" validUntil="2031-01-01T00:00:00Z">
                <IDPSSODescriptor protocolSupportEnumeration="\(saml2)"/>
              </EntityDescriptor>
              <EntitiesDescriptor validUntil="2029-06-01T00:00:00Z">
                <EntityDescriptor entityID="https://sp.example.org">
                  <SPSSODescriptor protocolSupportEnumeration="\(saml2)"/>
                </EntityDescriptor>
                <EntitiesDescriptor>
                  <EntityDescriptor entityID="https://b.example.org" cacheDuration="P1D">
                    <IDPSSODescriptor protocolSupportEnumeration="\(saml2)"/>
                  </EntityDescriptor>
                </EntitiesDescriptor>
              </EntitiesDescriptor>
              <EntityDescriptor entityID="https://c.example.org">
                <IDPSSODescriptor validUntil="0001-01-01T00:00:00Z" protocolSupportEnumeration="\(saml2)"/>
              </EntityDescriptor>
            </EntitiesDescriptor>
            """)
        #expect(document.rootElement == "EntitiesDescriptor")
        #expect(document.cacheDuration?.value.seconds == 3_600)
        #expect(document.allEntityIDs == [
            "https://a.example.org", "https://sp.example.org", "https://b.example.org", "https://c.example.org",
        ])
        let providers = document.identityProviders
        #expect(providers.map(\.entityID.value) == [
            "https://a.example.org", "https://b.example.org", "https://c.example.org",
        ])

        let date = { (text: String) in MetadataTestHelpers.foundationDate(text) }
        // a: the root's 2030 is earlier than the entity's own 2031.
        #expect(providers[0].validUntil?.value == date("2031-01-01T00:00:00Z"))
        #expect(providers[0].effectiveValidUntil == Located(try #require(date("2030-01-01T00:00:00Z")), line: 1))
        // b: the middle aggregate's 2029 applies through a nested aggregate without its own validUntil.
        #expect(providers[1].effectiveValidUntil == Located(try #require(date("2029-06-01T00:00:00Z")), line: 5))
        #expect(providers[1].cacheDuration?.value.seconds == 86_400)
        // c: the role descriptor's year-1 validUntil counts, so the IdP is already expired.
        #expect(providers[2].descriptor.validUntil?.line == 16)
        #expect(providers[2].effectiveValidUntil == providers[2].descriptor.validUntil)
        #expect(try #require(providers[2].effectiveValidUntil?.value) < Date(timeIntervalSince1970: 0))
    }

    @Test("only elements in the metadata namespaces count, whatever their prefix")
    func namespacesNotPrefixes() throws {
        let fakeKey = try pemBody("okta-exkppsa1-idp-cert.pem")
        let document = try MetadataTestHelpers.parse("""
            <x:EntityDescriptor xmlns:x="\(metadataNS)" xmlns:md="urn:example:fake" entityID="https://idp.example.org">
              <md:IDPSSODescriptor protocolSupportEnumeration="\(saml2)">
                <md:SingleSignOnService Binding="\(post)" Location="https://evil.example/sso"/>
              </md:IDPSSODescriptor>
              <x:IDPSSODescriptor protocolSupportEnumeration="\(saml2)">
                <SingleSignOnService Binding="\(post)" Location="https://unqualified.example/sso"/>
                <x:SingleSignOnService Binding="\(post)" Location="https://idp.example.org/sso"/>
                <x:KeyDescriptor use="signing"><KeyInfo><X509Data>\
            <X509Certificate>\(fakeKey)</X509Certificate></X509Data></KeyInfo></x:KeyDescriptor>
              </x:IDPSSODescriptor>
            </x:EntityDescriptor>
            """)
        let descriptor = try #require(document.identityProviders.first?.descriptor)
        #expect(descriptor.line == 5)
        #expect(descriptor.singleSignOnServices.map(\.location) == ["https://idp.example.org/sso"])
        // ds elements without the XML-DSig namespace hold no key.
        #expect(descriptor.keyDescriptors.first?.certificates.isEmpty == true)
        #expect(document.warnings.contains { $0.message.contains("no 'ds:X509Certificate'") })
    }

    @Test("algorithm support, UI names and Organization are read from their namespaces")
    func extensionsAndOrganization() throws {
        let algorithmNS = "urn:oasis:names:tc:SAML:metadata:algsupport"
        let userInterfaceNS = "urn:oasis:names:tc:SAML:metadata:ui"
        let document = try MetadataTestHelpers.parse("""
            <md:EntityDescriptor xmlns:md="\(metadataNS)" xmlns:alg="\(algorithmNS)" \
            xmlns:mdui="\(userInterfaceNS)" entityID="e">
              <md:Extensions>
                <alg:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
                <alg:SigningMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
              </md:Extensions>
              <md:IDPSSODescriptor protocolSupportEnumeration="\(saml2)  urn:oasis:names:tc:SAML:1.1:protocol">
                <md:Extensions>
                  <alg:SigningMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>
                  <mdui:UIInfo><mdui:DisplayName xml:lang="sv">Exempel <!-- split -->IdP</mdui:DisplayName>\
            </mdui:UIInfo>
                </md:Extensions>
              </md:IDPSSODescriptor>
              <md:Organization>
                <md:OrganizationName xml:lang="en">Example</md:OrganizationName>
                <md:OrganizationDisplayName xml:lang="en">Example Inc.</md:OrganizationDisplayName>
                <md:OrganizationURL xml:lang="en">https://example.org</md:OrganizationURL>
              </md:Organization>
            </md:EntityDescriptor>
            """)
        let provider = try #require(document.identityProviders.first)
        #expect(provider.signingMethods == [
            Located("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", line: 4),
            Located("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", line: 8),
        ])
        #expect(provider.digestMethods == [Located("http://www.w3.org/2001/04/xmlenc#sha256", line: 3)])
        #expect(provider.descriptor.protocolSupportEnumeration == [
            "urn:oasis:names:tc:SAML:2.0:protocol", "urn:oasis:names:tc:SAML:1.1:protocol",
        ])
        // The comment does not cut the name short.
        #expect(provider.displayNames == [Located(LocalizedName(language: "sv", name: "Exempel IdP"), line: 9)])
        #expect(provider.organization == Organization(
            names: [LocalizedName(language: "en", name: "Example")],
            displayNames: [LocalizedName(language: "en", name: "Example Inc.")],
            urls: [LocalizedName(language: "en", name: "https://example.org")], line: 12))
    }

    @Test("certificate text wrapped with spaces, tabs, newlines and &#13; decodes; several per X509Data")
    func certificateWhitespace() throws {
        let body = try pemBody("okta-exkppsa1-idp-cert.pem")
        var wrapped = ""
        for (index, character) in body.enumerated() {
            if index > 0, index % 64 == 0 { wrapped += ["&#13;\n", " ", "\t", "\n  "][index / 64 % 4] }
            wrapped.append(character)
        }
        let document = try MetadataTestHelpers.parse("""
            <EntityDescriptor xmlns="\(metadataNS)" entityID="https://idp.example.org">
              <IDPSSODescriptor protocolSupportEnumeration="\(saml2)">
                <KeyDescriptor use="encryption"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>
                  <X509Certificate>\(wrapped)</X509Certificate>
                  <X509Certificate>\(body)</X509Certificate>
                  <X509Certificate>not base64!</X509Certificate>
                  <X509Certificate>\(body)AAAA</X509Certificate>
                </X509Data></KeyInfo></KeyDescriptor>
                <KeyDescriptor use="Signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>
                  <X509Certificate>\(body)</X509Certificate>
                </X509Data></KeyInfo></KeyDescriptor>
              </IDPSSODescriptor>
            </EntityDescriptor>
            """)
        let descriptor = try #require(document.identityProviders.first?.descriptor)
        // The KeyDescriptor with an unknown 'use' is left out, with a warning.
        #expect(descriptor.keyDescriptors.count == 1)
        #expect(descriptor.signingCertificates.isEmpty)
        let wrappedLines = wrapped.filter { $0 == "\n" }.count
        #expect(document.warnings.map(\.line) == [9 + wrappedLines])
        let certificates = descriptor.keyDescriptors[0].certificates
        #expect(certificates.count == 4)
        // Only the first certificate of a KeyDescriptor is its key; the rest are chain, never pinned.
        #expect(descriptor.encryptionCertificates == [certificates[0]])
        #expect(descriptor.chainCertificates == Array(certificates.dropFirst()))
        #expect(certificates[0].base64 == body)
        #expect(try certificates[0].parsed.get() == certificates[1].parsed.get())
        let notBase64 = CertificateParseError(reason: "the X509Certificate text is not valid base64")
        #expect(certificates[2].parsed == .failure(notBase64))
        guard case .failure(let trailing) = certificates[3].parsed else {
            Issue.record("a certificate followed by extra bytes was accepted")
            return
        }
        #expect(trailing.reason.contains("followed by 3 unexpected byte(s)"))
    }

    @Test("entities without an IdP role count only as entity IDs; missing entityID is a warning")
    func nonIdentityProviderEntities() throws {
        let document = try MetadataTestHelpers.parse("""
            <EntitiesDescriptor xmlns="\(metadataNS)">
              <EntityDescriptor entityID="https://sp.example.org"><SPSSODescriptor protocolSupportEnumeration="x"/>\
            </EntityDescriptor>
              <EntityDescriptor><IDPSSODescriptor protocolSupportEnumeration="x"/></EntityDescriptor>
            </EntitiesDescriptor>
            """)
        #expect(document.allEntityIDs == ["https://sp.example.org"])
        #expect(document.identityProviders.isEmpty)
        #expect(document.warnings == [
            MetadataWarning(
                message: "an 'EntityDescriptor' has no 'entityID' attribute; the entity is skipped", line: 3),
        ])
    }
}
