import Foundation
import SAMLMetadata
import SAMLPinTestSupport
import Testing

/// The facts `index.json` records for one metadata file.
private struct IndexedMetadata: Decodable, Sendable, CustomStringConvertible {
    var file: String
    var root: String?
    var entityIDs: [String]
    var entities: Int?
    var idps: Int?
    var validUntil: String?
    var cacheDuration: String?
    var wellFormed: Bool

    var description: String { file }
}

private struct IndexedKey: Decodable, Sendable {
    var file: String
    var sha256: String?
}

private struct CorpusIndex: Decodable, Sendable {
    var metadata: [IndexedMetadata]
    var keys: [IndexedKey]

    static func load() throws -> CorpusIndex {
        let data = try Data(contentsOf: Fixtures.corpus.appendingPathComponent("index.json"))
        return try JSONDecoder().decode(CorpusIndex.self, from: data)
    }
}

private let corpusIndex: [IndexedMetadata] = (try? CorpusIndex.load().metadata) ?? []

@Suite("Corpus metadata")
struct CorpusMetadataTests {
    @Test("index.json lists every metadata file of the corpus")
    func indexCoversCorpus() throws {
        let folder = Fixtures.corpus.appendingPathComponent("metadata").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".xml") }
        #expect(!names.isEmpty)
        #expect(Set(names.map { "metadata/" + $0 }) == Set(corpusIndex.map(\.file)))
    }

    @Test("each file parses to the entities, IdP counts and root facts in index.json", arguments: corpusIndex)
    fileprivate func matchesIndex(_ entry: IndexedMetadata) throws {
        let bytes = try Fixtures.bytes(Fixtures.corpus.appendingPathComponent(entry.file))
        guard entry.wellFormed else {
            #expect(throws: MetadataParseError.self) { try MetadataParser.parse(bytes, fileName: entry.file) }
            return
        }
        let document = try MetadataParser.parse(bytes, fileName: entry.file)

        #expect(document.rootElement == entry.root)
        #expect(document.allEntityIDs.count == entry.entities)
        #expect(document.identityProviders.count == entry.idps)
        // index.json lists at most the first five entity IDs of an aggregate.
        #expect(Array(document.allEntityIDs.prefix(entry.entityIDs.count)) == entry.entityIDs)
        #expect(document.validUntil?.value == entry.validUntil.flatMap(MetadataTestHelpers.foundationDate))
        #expect(document.cacheDuration?.value.text == entry.cacheDuration)
        #expect(!document.warnings.contains { $0.severity == .error })
        #expect(document.fileName == entry.file)
        #expect(document.sha256.count == 64)

        // Every IdP keeps a signing certificate, and each entity ID of an IdP is among all IDs.
        for provider in document.identityProviders {
            #expect(document.allEntityIDs.contains(provider.entityID.value))
            #expect(!provider.descriptor.signingCertificates.isEmpty, "\(provider.entityID.value)")
            #expect(provider.entityID.line > 0)
        }
    }

    @Test("the corrupted SimpleSAMLphp file fails at line 6 with libxml2's reason")
    func notWellFormed() throws {
        let name = "simplesamlphp-idp-signature-corrupted.xml"
        let error = #expect(throws: MetadataParseError.self) { try MetadataTestHelpers.parseCorpus(name) }
        #expect(error?.line == 6)
        #expect(error?.fileName == name)
        #expect(error?.message.contains("not well-formed") == true)
        #expect(error?.message.contains("KeyInfo") == true)
    }

    @Test("provenance hash is the SHA-256 of the file bytes")
    func provenanceHash() throws {
        let name = "okta-exkppsa1-idp.xml"
        let document = try MetadataTestHelpers.parseCorpus(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", Fixtures.corpusMetadata(name).path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.hasPrefix(document.sha256 + " "))
    }

    @Test("Okta: entity, endpoints, NameID formats and certificate details are exact")
    func okta() throws {
        let document = try MetadataTestHelpers.parseCorpus("okta-exkppsa1-idp.xml")
        let provider = try #require(document.identityProviders.first)
        #expect(provider.entityID == Located("http://www.okta.com/exkppsa1qwuFV4D7z0h7", line: 1))
        #expect(provider.descriptor.line == 2)
        #expect(provider.descriptor.wantAuthnRequestsSigned == false)
        #expect(provider.descriptor.protocolSupportEnumeration == ["urn:oasis:names:tc:SAML:2.0:protocol"])
        #expect(provider.descriptor.nameIDFormats.map(\.value) == [
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        ])
        #expect(provider.descriptor.nameIDFormats.map(\.line) == [12, 15])
        let bindings = "urn:oasis:names:tc:SAML:2.0:bindings"
        let location = "https://dev-513394.oktapreview.com/app/rstudioincdev513394_dev_1/exkppsa1qwuFV4D7z0h7/sso/saml"
        #expect(provider.descriptor.singleSignOnServices == [
            EndpointDescription(binding: "\(bindings):HTTP-POST", location: location, line: 18),
            EndpointDescription(binding: "\(bindings):HTTP-Redirect", location: location, line: 19),
        ])
        #expect(provider.descriptor.singleLogoutServices.isEmpty)
        #expect(provider.validUntil == nil && provider.effectiveValidUntil == nil)

        let key = try #require(provider.descriptor.keyDescriptors.first)
        #expect(key.use == .signing)
        #expect(key.line == 3)
        let certificate = try #require(key.certificates.first)
        #expect(certificate.line == 6)
        let details = try certificate.parsed.get()
        let subject = "emailAddress=info@okta.com,CN=dev-513394,OU=SSOProvider,O=Okta,"
            + "L=San Francisco,ST=California,C=US"
        #expect(details.subject == subject)
        #expect(details.issuer == subject)
        #expect(details.serialNumber == "0165B4743510")
        #expect(details.notBefore == MetadataTestHelpers.foundationDate("2018-09-07T14:32:59Z"))
        #expect(details.notAfter == MetadataTestHelpers.foundationDate("2028-09-07T14:33:59Z"))
        #expect(details.keyType == .rsa)
        #expect(details.keyBits == 2048)
        #expect(details.signatureAlgorithm == "sha256WithRSAEncryption")
        #expect(details.sha256Fingerprint == fingerprint(ofPEM: "okta-exkppsa1-idp-cert.pem"))
        #expect(details.der == Array(Data(base64Encoded: certificate.base64) ?? Data()))
    }

    @Test("Okta download with the certificate wrapped at 76 columns decodes")
    func oktaWrapped() throws {
        let document = try MetadataTestHelpers.parseCorpus("okta-exkjl16j-idp-wrapped-cert.xml")
        let certificate = try #require(document.identityProviders.first?.descriptor.signingCertificates.first)
        #expect(!certificate.base64.contains("\n"))
        #expect(try certificate.parsed.get().keyType == .rsa)
    }

    @Test("Google: two signing certificates with fingerprints that openssl agrees with")
    func googleTwoSigningCertificates() throws {
        let name = "google-workspace-two-signing-certs.xml"
        let document = try MetadataTestHelpers.parseCorpus(name)
        let provider = try #require(document.identityProviders.first)
        #expect(provider.entityID.value == "https://accounts.google.com/o/saml2?idpid=C023zw3x8")
        #expect(provider.descriptor.keyDescriptors.map(\.use) == [.signing, .signing])
        let certificates = provider.descriptor.signingCertificates
        #expect(certificates.count == 2)

        let text = String(decoding: try Fixtures.bytes(Fixtures.corpusMetadata(name)), as: UTF8.self)
        let expected = try MetadataTestHelpers.certificateTexts(in: text).map { base64 in
            try MetadataTestHelpers.opensslFingerprint(der: try #require(Data(base64Encoded: base64)))
        }
        #expect(expected.count == 2)
        #expect(expected[0] != expected[1])
        #expect(try certificates.map { try $0.parsed.get().sha256Fingerprint } == expected)
        #expect(provider.effectiveValidUntil?.value == MetadataTestHelpers.foundationDate("2026-12-16T17:18:02.000Z"))
    }

    @Test("spring: the first IdP's certificate has a key OpenSSL cannot read and is a failure, not a crash")
    func springUnparseableCertificate() throws {
        let document = try MetadataTestHelpers.parseCorpus("spring-entitiesdescriptor-two-idps.xml")
        #expect(document.identityProviders.count == 2)
        let first = try #require(document.identityProviders.first?.descriptor.keyDescriptors.first?.certificates.first)
        guard case .failure(let error) = first.parsed else {
            Issue.record("the certificate with an unknown key OID parsed")
            return
        }
        #expect(error.reason.contains("public key"))
        // The first IdP's display names come from its mdui:UIInfo.
        let names = document.identityProviders[0].displayNames.map(\.value)
        #expect(names == [
            LocalizedName(language: "en", name: "Consortium GARR IdP"),
            LocalizedName(language: "it", name: "Consortium GARR IdP"),
        ])
    }

    @Test("samael: the only certificate holds an EC prime256v1 key")
    func ellipticCurveCertificate() throws {
        let document = try MetadataTestHelpers.parseCorpus("ecdsa-p256-samling-idp.xml")
        let details = try #require(document.identityProviders.first?.descriptor.signingCertificates.first).parsed.get()
        #expect(details.keyType == .ec(curve: "prime256v1"))
        #expect(details.keyBits == 256)
        #expect(details.sha256Fingerprint == fingerprint(ofPEM: "samael-ecdsa-p256-idp-cert.pem"))
    }

    @Test("ADFS and Entra ID: WS-Federation RoleDescriptors are ignored, only the IdP role is read",
        arguments: [
            "adfs-federationmetadata-php-saml.xml", "adfs-federationmetadata-sustainsys.xml",
            "azure-ad-federationmetadata-signed.xml", "azure-ad-federationmetadata-multiple-signing-certs.xml",
        ])
    func roleDescriptorsIgnored(_ name: String) throws {
        let document = try MetadataTestHelpers.parseCorpus(name)
        let provider = try #require(document.identityProviders.first)
        let text = String(decoding: try Fixtures.bytes(Fixtures.corpusMetadata(name)), as: UTF8.self)
        #expect(text.contains("RoleDescriptor"))
        // Every key read belongs to the IDPSSODescriptor: its line is after the descriptor's start.
        for key in provider.descriptor.keyDescriptors {
            #expect(key.line >= provider.descriptor.line)
        }
        // Certificates that appear only in RoleDescriptors or the metadata Signature are not pinned.
        let all = try MetadataTestHelpers.certificateTexts(in: text)
        #expect(provider.descriptor.keyDescriptors.flatMap(\.certificates).count < all.count)
        #expect(!provider.descriptor.singleSignOnServices.isEmpty)
    }

    @Test("Entra ID: the UTF-8 byte-order mark is accepted; RoleDescriptor keys stay out of the IdP")
    func byteOrderMarkAndRollover() throws {
        let signed = Fixtures.corpusMetadata("azure-ad-federationmetadata-signed.xml")
        #expect(try Fixtures.bytes(signed).prefix(3) == [0xEF, 0xBB, 0xBF])
        let document = try MetadataTestHelpers.parseCorpus("azure-ad-federationmetadata-signed.xml")
        let tenant = "https://sts.windows.net/8bd6e98d-e212-4022-b13f-a244fab4c253/"
        #expect(document.identityProviders.first?.entityID.value == tenant)

        // The file has three signing KeyDescriptors, but two belong to WS-Federation RoleDescriptors.
        let multiple = try MetadataTestHelpers.parseCorpus("azure-ad-federationmetadata-multiple-signing-certs.xml")
        #expect(multiple.identityProviders.first?.descriptor.keyDescriptors.map(\.use) == [.signing])
    }

    @Test("the long xs:duration form P0Y0M0DT0H15M0.000S is 900 seconds")
    func oddCacheDuration() throws {
        let document = try MetadataTestHelpers.parseCorpus("simplesamlphp-idp-in-federation-odd-cacheduration.xml")
        #expect(document.cacheDuration?.value == MetadataDuration(text: "P0Y0M0DT0H15M0.000S", seconds: 900))
        let provider = try #require(document.identityProviders.first)
        // The aggregate's validUntil is the IdP's effective expiry.
        #expect(provider.effectiveValidUntil == document.validUntil)
    }

    @Test("TestShib: a KeyDescriptor without 'use' serves both purposes; other roles' keys stay out")
    func unspecifiedUse() throws {
        let name = "shibboleth-testshib-entities.xml"
        let document = try MetadataTestHelpers.parseCorpus(name)
        let descriptor = try #require(document.identityProviders.first?.descriptor)
        #expect(descriptor.keyDescriptors.map(\.use) == [.unspecified])
        #expect(descriptor.signingCertificates == descriptor.encryptionCertificates)
        let fingerprints = try descriptor.signingCertificates.map { try $0.parsed.get().sha256Fingerprint }
        // The file's first certificate is the IdP role's; the next one belongs to its AttributeAuthority.
        let text = String(decoding: try Fixtures.bytes(Fixtures.corpusMetadata(name)), as: UTF8.self)
        let first = try #require(try MetadataTestHelpers.certificateTexts(in: text).first)
        let firstDER = try #require(Data(base64Encoded: first))
        #expect(fingerprints == [try MetadataTestHelpers.opensslFingerprint(der: firstDER)])
        #expect(fingerprints != [fingerprint(ofPEM: "shibboleth-testshib-idp-cert.pem")])
    }

    @Test("samltest.id: two signing and one encryption certificate, mdui display name")
    func samltest() throws {
        let document = try MetadataTestHelpers.parseCorpus("shibboleth-samltest-id-idp.xml")
        let provider = try #require(document.identityProviders.first)
        #expect(provider.descriptor.keyDescriptors.map(\.use) == [.signing, .signing, .encryption])
        #expect(provider.descriptor.protocolSupportEnumeration.count == 3)
        #expect(!provider.displayNames.isEmpty)
    }

    @Test("every certificate in the corpus parses, except the spring file's two broken ones")
    func corpusCertificates() throws {
        var failures: [String] = []
        for entry in corpusIndex where entry.wellFormed {
            let document = try MetadataParser.parse(
                Fixtures.bytes(Fixtures.corpus.appendingPathComponent(entry.file)), fileName: entry.file)
            for provider in document.identityProviders {
                for certificate in provider.descriptor.keyDescriptors.flatMap(\.certificates) {
                    if case .failure = certificate.parsed { failures.append("\(entry.file):\(certificate.line)") }
                }
            }
        }
        // Both spring certificates carry the same corrupted key OID (`openssl x509 -pubkey` fails on them too).
        #expect(failures == [
            "metadata/spring-entitiesdescriptor-two-idps.xml:32", "metadata/spring-entitiesdescriptor-two-idps.xml:109",
        ])
    }

    @Test("decoding can be limited to selected entities of an aggregate")
    func selectiveDecoding() throws {
        let name = "swamid-test-aggregate.xml"
        let bytes = try Fixtures.bytes(Fixtures.corpusMetadata(name))
        let all = try MetadataParser.parse(bytes, fileName: name)
        let chosen = try #require(all.identityProviders.dropFirst().first)
        let some = try MetadataParser.parse(bytes, fileName: name, decodingCertificatesOf: [chosen.entityID.value])
        #expect(some.identityProviders.count == all.identityProviders.count)
        for (full, limited) in zip(all.identityProviders, some.identityProviders) {
            let certificates = zip(full.descriptor.keyDescriptors.flatMap(\.certificates),
                limited.descriptor.keyDescriptors.flatMap(\.certificates))
            for (expected, actual) in certificates {
                #expect(expected.base64 == actual.base64)
                if full.entityID == chosen.entityID {
                    #expect(actual.parsed == expected.parsed)
                } else if case .failure(let error) = actual.parsed {
                    #expect(error.reason.hasPrefix("not decoded"))
                } else {
                    Issue.record("a certificate of an entity that was not selected was decoded")
                }
            }
        }
    }

    private func fingerprint(ofPEM name: String) -> String? {
        let keys = try? CorpusIndex.load().keys
        return keys?.first { $0.file == "responses/" + name }?.sha256
    }
}
