import Foundation
import Testing
@testable import _SAMLPinGeneratorCore

/// Each check reports at the exact line of the metadata element that causes it.
@Suite("Diagnostics at their metadata line")
struct DiagnosticsTests {
    static let certificate = Result { try TestCertificate.make(days: 365) }
    static let weakCertificate = Result { try TestCertificate.make(key: "rsa:1024", days: 365) }
    static let ecCertificate = Result { try TestCertificate.make(key: "ec", days: 365) }

    /// A moment well inside the test certificate's validity and outside the warning window.
    static func comfortableNow(_ certificate: TestCertificate) -> Date {
        certificate.notAfter.addingTimeInterval(-200 * 86_400)
    }

    private func errors(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.filter { $0.severity == .error }
    }

    /// A `saml-pin.json` with the test SP and these `identityProviders` entries, one per line from line 4.
    static func configurationJSON(_ entries: [String]) -> String {
        """
        {
          "serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": ["https://sp/acs"]},
          "identityProviders": [
        \(entries.map { "    " + $0 }.joined(separator: ",\n"))
          ]
        }
        """
    }

    /// Lints `xml` as `metadata.xml` with the configuration decoded from `json`, passing its bytes so that
    /// diagnostics about the configuration carry a line.
    static func lint(_ xml: String, json: String, now: Date) throws -> [Diagnostic] {
        let configuration = try ConfigurationLoader.load(Array(json.utf8), fileName: "saml-pin.json").get()
        return SAMLPinGenerator.lint(
            metadata: [GeneratorHarness.input(xml)], configuration: configuration, configurationPath: "saml-pin.json",
            configurationBytes: Array(json.utf8), now: now
        )
    }

    @Test func cleanMetadataGeneratesWithoutWarnings() throws {
        let certificate = try Self.certificate.get()
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let result = SAMLPinGenerator.generate(
            configuration: GeneratorHarness.configuration(), configurationPath: "saml-pin.json",
            metadata: [GeneratorHarness.input(xml)], templates: try GeneratorHarness.templates(),
            now: Self.comfortableNow(certificate)
        )
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.rendered)")
        #expect(!result.hasErrors)
        #expect(result.files.map(\.name) == ["SAMLPinConfiguration.swift"])
        #expect(result.files.first?.contents.contains(certificate.base64.prefix(76)) == true)
    }

    @Test func expiredCertificateIsAnErrorAtItsLine() throws {
        let certificate = try Self.certificate.get()
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let diagnostics = GeneratorHarness.lint(xml, now: certificate.notAfter.addingTimeInterval(86_400))
        let expired = diagnostics.matching(.error, "expired on \(Timestamp.iso8601(certificate.notAfter))")
        #expect(expired.count == 1, "\(diagnostics.rendered)")
        #expect(expired.first?.line == line(of: "<ds:X509Certificate>", in: xml))
        #expect(expired.first?.file == "metadata.xml")
        #expect(expired.first?.message.contains("'allowExpiredCertificate'") == true)
    }

    @Test func allowExpiredCertificateTurnsItIntoAWarningAndGenerates() throws {
        let certificate = try Self.certificate.get()
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let configuration = GeneratorHarness.configuration(
            IdentityProviderConfiguration(slug: "example-idp", metadata: "metadata.xml", allowExpiredCertificate: true)
        )
        let result = SAMLPinGenerator.generate(
            configuration: configuration, configurationPath: "saml-pin.json", metadata: [GeneratorHarness.input(xml)],
            templates: try GeneratorHarness.templates(), now: certificate.notAfter.addingTimeInterval(86_400)
        )
        #expect(!result.hasErrors, "\(result.diagnostics.rendered)")
        #expect(result.diagnostics.matching(.warning, "expired on").first?.line
            == line(of: "<ds:X509Certificate>", in: xml))
        #expect(result.files.count == 1)
    }

    @Test func certificateExpiringWithinTheWindowIsAWarningWithDateAndDaysLeft() throws {
        let certificate = try Self.certificate.get()
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let now = certificate.notAfter.addingTimeInterval(-(10 * 86_400 + 3_600))
        let diagnostics = GeneratorHarness.lint(xml, now: now)
        let expiring = diagnostics.matching(.warning, "expires on \(Timestamp.iso8601(certificate.notAfter))")
        #expect(expiring.count == 1, "\(diagnostics.rendered)")
        #expect(expiring.first?.message.contains("(10 days left)") == true)
        #expect(expiring.first?.line == line(of: "<ds:X509Certificate>", in: xml))
        #expect(errors(diagnostics).isEmpty)

        // A shorter window makes the same certificate unremarkable.
        let configuration = GeneratorHarness.configuration(
            IdentityProviderConfiguration(slug: "example-idp", metadata: "metadata.xml", expiryWarningDays: 5)
        )
        #expect(GeneratorHarness.lint(xml, configuration: configuration, now: now).isEmpty)
    }

    @Test func rsaKeyUnder2048BitsIsAnError() throws {
        let certificate = try Self.weakCertificate.get()
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let weak = diagnostics.matching(.error, "1024-bit RSA key")
        #expect(weak.count == 1, "\(diagnostics.rendered)")
        #expect(weak.first?.line == line(of: "<ds:X509Certificate>", in: xml))
    }

    @Test func ecKeyIsAccepted() throws {
        let certificate = try Self.ecCertificate.get()
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
    }

    @Test func unparseableCertificateIsAnErrorAtItsLine() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.keys.append(.init(use: "signing", base64: Data("not a certificate".utf8).base64EncodedString()))
        let xml = builder.document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let unreadable = diagnostics.matching(.error, "could not be read")
        #expect(unreadable.count == 1, "\(diagnostics.rendered)")
        #expect(unreadable.first?.line == line(of: "<ds:X509Certificate>", in: xml, occurrence: 2))
    }

    @Test func identityProviderWithoutSigningKeyIsAnError() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder()
        builder.keys = [.init(use: "encryption", base64: certificate.base64)]
        let xml = builder.document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let missing = diagnostics.matching(.error, "has no signing certificate")
        #expect(missing.count == 1, "\(diagnostics.rendered)")
        #expect(missing.first?.line == line(of: "<md:IDPSSODescriptor", in: xml))
    }

    @Test func keyWithoutUseCountsAsSigningKey() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder()
        builder.keys = [.init(use: nil, base64: certificate.base64)]
        let diagnostics = GeneratorHarness.lint(builder.document, now: Self.comfortableNow(certificate))
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
    }

    @Test func validUntilInThePastIsAnErrorAtTheEntity() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.validUntil = "2020-01-01T00:00:00Z"
        let xml = builder.document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let expired = diagnostics.matching(.error, "validUntil 2020-01-01T00:00:00Z is in the past")
        #expect(expired.count == 1, "\(diagnostics.rendered)")
        #expect(expired.first?.line == line(of: "<md:EntityDescriptor", in: xml))
    }

    @Test func validUntilWithinTheExpiryWindowIsAWarningAtTheEntity() throws {
        let certificate = try Self.certificate.get()
        let now = Self.comfortableNow(certificate)
        // Twelve days and an hour ahead: twelve whole days left, inside the default 60-day window.
        let validUntil = Timestamp.iso8601(now.addingTimeInterval(12 * 86_400 + 3_600))
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.validUntil = validUntil
        let xml = builder.document
        let diagnostics = GeneratorHarness.lint(xml, now: now)
        let expiring = diagnostics.matching(.warning, "expires on \(validUntil) (12 days left); refresh it")
        #expect(expiring.count == 1, "\(diagnostics.rendered)")
        #expect(expiring.first?.line == line(of: "<md:EntityDescriptor", in: xml))
        // The entity is the document's root, so its date is the whole file's.
        #expect(expiring.first?.message.hasPrefix("the metadata expires on") == true)
        #expect(errors(diagnostics).isEmpty)

        // A window shorter than the days left silences it.
        let configuration = GeneratorHarness.configuration(
            IdentityProviderConfiguration(slug: "example-idp", metadata: "metadata.xml", expiryWarningDays: 12)
        )
        #expect(GeneratorHarness.lint(xml, configuration: configuration, now: now).isEmpty)
    }

    @Test func earliestValidUntilOfAggregateAndEntityWins() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.validUntil = "2099-01-01T00:00:00Z"
        let xml = MetadataBuilder.aggregate([builder], validUntil: "2021-06-01T12:00:00Z")
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let expired = diagnostics.matching(.error, "validUntil 2021-06-01T12:00:00Z is in the past")
        #expect(expired.count == 1, "\(diagnostics.rendered)")
        #expect(expired.first?.line == line(of: "<md:EntitiesDescriptor", in: xml))
    }

    @Test func plainHTTPEndpointIsAWarningAtItsLine() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.singleSignOnServices = [(MetadataBuilder.redirect, "http://idp.example.test/sso")]
        builder.singleLogoutServices = [(MetadataBuilder.redirect, "http://idp.example.test/slo")]
        let xml = builder.document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let sso = diagnostics.matching(.warning, "SingleSignOnService 'http://idp.example.test/sso' uses plain HTTP")
        let slo = diagnostics.matching(.warning, "SingleLogoutService 'http://idp.example.test/slo' uses plain HTTP")
        #expect(sso.first?.line == line(of: "<md:SingleSignOnService", in: xml), "\(diagnostics.rendered)")
        #expect(slo.first?.line == line(of: "<md:SingleLogoutService", in: xml))
        #expect(errors(diagnostics).isEmpty)
    }

    @Test func noRedirectOrPOSTSingleSignOnIsAnError() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.singleSignOnServices = [(MetadataBuilder.artifact, "https://idp.example.test/artifact")]
        let xml = builder.document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let missing = diagnostics.matching(.error, "no SingleSignOnService with the HTTP-Redirect or HTTP-POST")
        #expect(missing.count == 1, "\(diagnostics.rendered)")
        #expect(missing.first?.line == line(of: "<md:IDPSSODescriptor", in: xml))
    }

    @Test func unsupportedBindingIsANoteAndLeftOut() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.singleSignOnServices.append(("urn:mace:shibboleth:1.0:profiles:AuthnRequest", "https://idp/shib1"))
        let xml = builder.document
        let result = SAMLPinGenerator.generate(
            configuration: GeneratorHarness.configuration(), configurationPath: "saml-pin.json",
            metadata: [GeneratorHarness.input(xml)], templates: try GeneratorHarness.templates(),
            now: Self.comfortableNow(certificate)
        )
        let note = result.diagnostics.matching(
            .note, "'urn:mace:shibboleth:1.0:profiles:AuthnRequest' is not supported"
        )
        #expect(note.first?.line == line(of: "shib1", in: xml), "\(result.diagnostics.rendered)")
        let contents = try #require(result.files.first?.contents)
        #expect(!contents.contains("https://idp/shib1"))
        #expect(contents.contains("https://idp.example.test/sso"))
    }

    @Test func onlySHA1AlgorithmsIsAWarningAtTheFirstAlgorithm() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.digestMethods = ["http://www.w3.org/2000/09/xmldsig#sha1"]
        builder.signingMethods = ["http://www.w3.org/2000/09/xmldsig#rsa-sha1"]
        let xml = builder.document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let sha1 = diagnostics.matching(.warning, "advertises only SHA-1 algorithms")
        #expect(sha1.count == 1, "\(diagnostics.rendered)")
        #expect(sha1.first?.line == line(of: "<alg:DigestMethod", in: xml))

        builder.signingMethods.append("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
        #expect(GeneratorHarness.lint(builder.document, now: Self.comfortableNow(certificate)).isEmpty)
    }

    @Test func wantAuthnRequestsSignedNeedsAnSPSigningCertificate() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.wantAuthnRequestsSigned = true
        let xml = builder.document
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let unsigned = diagnostics.matching(.error, "WantAuthnRequestsSigned=\"true\" but no SP signing certificate")
        #expect(unsigned.count == 1, "\(diagnostics.rendered)")
        #expect(unsigned.first?.line == line(of: "<md:IDPSSODescriptor", in: xml))

        var serviceProvider = GeneratorHarness.serviceProvider
        serviceProvider.signingCertificate = "sp-signing.pem"
        let configured = GeneratorHarness.configuration(serviceProvider: serviceProvider)
        #expect(GeneratorHarness.lint(xml, configuration: configured, now: Self.comfortableNow(certificate)).isEmpty)

        // Linting metadata alone has no SP to compare with.
        #expect(GeneratorHarness.lint(xml, configuration: nil, now: Self.comfortableNow(certificate)).isEmpty)
    }

    @Test func signingCertificateFileWithoutPEMIsAnError() throws {
        let certificate = try Self.certificate.get()
        var serviceProvider = GeneratorHarness.serviceProvider
        serviceProvider.signingCertificate = "sp-signing.pem"
        let diagnostics = SAMLPinGenerator.lint(
            metadata: [GeneratorHarness.input(MetadataBuilder(certificate: certificate.base64).document)],
            configuration: GeneratorHarness.configuration(serviceProvider: serviceProvider),
            configurationPath: "saml-pin.json", serviceProviderSigningCertificate: Array("garbage".utf8),
            now: Self.comfortableNow(certificate)
        )
        #expect(diagnostics.matching(.error, "holds no PEM certificate").first?.file == "saml-pin.json")
    }

    /// `base64` as a PEM certificate block wrapped at 64 columns, after a line of text as `openssl` may write.
    static func pem(_ base64: String) -> [UInt8] {
        var lines = ["subject=CN=sp.example.test", "-----BEGIN CERTIFICATE-----"]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        lines.append("-----END CERTIFICATE-----")
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    @Test(arguments: [
        ("AAAA", "the certificate is not valid DER"),
        ("not base64!", "the certificate block is not valid base64"),
        ("truncated", "the certificate is not valid DER"),
    ])
    func unparseableSigningCertificateIsAnErrorAtItsConfigurationLine(body: String, reason: String) throws {
        let certificate = try Self.certificate.get()
        // A real certificate cut short still has the BEGIN marker and valid base64.
        let base64 = body == "truncated" ? String(certificate.base64.prefix(400)) : body
        let json = """
            {
              "serviceProvider": {
                "entityID": "https://sp", "assertionConsumerServiceURLs": ["https://sp/acs"],
                "signingCertificate": "sp-signing.pem"
              },
              "identityProviders": [{"slug": "example-idp", "metadata": "metadata.xml"}]
            }
            """
        let configuration = try ConfigurationLoader.load(Array(json.utf8), fileName: "saml-pin.json").get()
        let diagnostics = SAMLPinGenerator.lint(
            metadata: [GeneratorHarness.input(MetadataBuilder(certificate: certificate.base64).document)],
            configuration: configuration, configurationPath: "saml-pin.json",
            serviceProviderSigningCertificate: Self.pem(base64), configurationBytes: Array(json.utf8),
            now: Self.comfortableNow(certificate)
        )
        let unreadable = diagnostics.matching(.error, "names 'sp-signing.pem', whose certificate cannot be read: ")
        #expect(unreadable.count == 1, "\(diagnostics.rendered)")
        #expect(unreadable.first?.message.contains(reason) == true, "\(diagnostics.rendered)")
        #expect(unreadable.first?.file == "saml-pin.json")
        #expect(unreadable.first?.line == 4)
    }

    @Test func readableSigningCertificateIsAccepted() throws {
        let certificate = try Self.certificate.get()
        var serviceProvider = GeneratorHarness.serviceProvider
        serviceProvider.signingCertificate = "sp-signing.pem"
        let diagnostics = SAMLPinGenerator.lint(
            metadata: [GeneratorHarness.input(MetadataBuilder(certificate: certificate.base64).document)],
            configuration: GeneratorHarness.configuration(serviceProvider: serviceProvider),
            configurationPath: "saml-pin.json", serviceProviderSigningCertificate: Self.pem(certificate.base64),
            now: Self.comfortableNow(certificate)
        )
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
    }

    @Test func entityIDDefinedTwiceInOneFileIsAnError() throws {
        let certificate = try Self.certificate.get()
        let builder = MetadataBuilder(certificate: certificate.base64)
        let xml = MetadataBuilder.aggregate([builder, builder])
        let configuration = GeneratorHarness.configuration(
            IdentityProviderConfiguration(slug: "example-idp", metadata: "metadata.xml", entityID: builder.entityID)
        )
        let diagnostics = GeneratorHarness.lint(
            xml, configuration: configuration, now: Self.comfortableNow(certificate)
        )
        let duplicate = diagnostics.matching(.error, "is defined twice")
        #expect(duplicate.count == 1, "\(diagnostics.rendered)")
        #expect(duplicate.first?.line == line(of: "<md:EntityDescriptor", in: xml, occurrence: 2))
    }

    @Test func entityIDInTwoFilesIsAnErrorWhenLintingMetadataAlone() throws {
        let certificate = try Self.certificate.get()
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let diagnostics = SAMLPinGenerator.lint(
            metadata: [GeneratorHarness.input(xml, path: "a.xml"), GeneratorHarness.input(xml, path: "b.xml")],
            configuration: nil, configurationPath: nil, now: Self.comfortableNow(certificate)
        )
        let duplicate = diagnostics.matching(.error, "is also defined in 'a.xml'")
        #expect(duplicate.first?.file == "b.xml", "\(diagnostics.rendered)")
        #expect(duplicate.first?.line == line(of: "<md:EntityDescriptor", in: xml))
    }

    @Test func slugDefinedTwiceIsOneErrorAtTheSecondSlug() throws {
        let certificate = try Self.certificate.get()
        let json = Self.configurationJSON([
            #"{"slug": "okta", "metadata": "metadata.xml"}"#,
            #"{"slug": "okta", "metadata": "metadata.xml"}"#,
        ])
        let diagnostics = try Self.lint(
            MetadataBuilder(certificate: certificate.base64).document, json: json,
            now: Self.comfortableNow(certificate)
        )
        let duplicate = diagnostics.matching(.error, "slug 'okta' is used by 'identityProviders[0]' and")
        #expect(duplicate.count == 1, "\(diagnostics.rendered)")
        #expect(duplicate.first?.file == "saml-pin.json")
        #expect(duplicate.first?.line == line(of: "okta", in: json, occurrence: 2))
        #expect(duplicate.first?.line == 5)
        // The rejected entry is not checked again, so it cannot also count as pinning the entity twice.
        #expect(errors(diagnostics).count == 1, "\(diagnostics.rendered)")
        #expect(diagnostics.matching(.error, "pinned twice").isEmpty)
    }

    @Test func oneEntityPinnedUnderTwoSlugsIsAnErrorAtTheSecondSlug() throws {
        let certificate = try Self.certificate.get()
        let json = Self.configurationJSON([
            #"{"slug": "first", "metadata": "metadata.xml"}"#,
            #"{"slug": "second", "metadata": "metadata.xml"}"#,
        ])
        let diagnostics = try Self.lint(
            MetadataBuilder(certificate: certificate.base64).document, json: json,
            now: Self.comfortableNow(certificate)
        )
        let twice = diagnostics.matching(.error, "is pinned twice, as 'first' and 'second'")
        #expect(twice.count == 1, "\(diagnostics.rendered)")
        #expect(twice.first?.file == "saml-pin.json")
        #expect(twice.first?.line == line(of: "\"second\"", in: json))
        #expect(errors(diagnostics).count == 1)
    }

    @Test(arguments: ["Okta", "okta_com", "-okta", "okta--com", ""])
    func badSlugIsAnErrorAtItsLine(slug: String) throws {
        let certificate = try Self.certificate.get()
        let json = Self.configurationJSON([
            #"{"slug": "good", "metadata": "other.xml"}"#,
            #"{"slug": "\#(slug)", "metadata": "metadata.xml"}"#,
        ])
        let diagnostics = try Self.lint(
            MetadataBuilder(certificate: certificate.base64).document, json: json,
            now: Self.comfortableNow(certificate)
        )
        let bad = diagnostics.matching(.error, "slug '\(slug)' of 'identityProviders[1]'")
        #expect(bad.count == 1, "\(diagnostics.rendered)")
        #expect(bad.first?.file == "saml-pin.json")
        #expect(bad.first?.line == 5)
    }

    @Test func slugThatShadowsAGeneratedMemberIsAnError() throws {
        let certificate = try Self.certificate.get()
        let configuration = GeneratorHarness.configuration(
            IdentityProviderConfiguration(slug: "service-provider", metadata: "metadata.xml")
        )
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let diagnostics = GeneratorHarness.lint(
            xml, configuration: configuration, now: Self.comfortableNow(certificate)
        )
        #expect(diagnostics.matching(.error, "becomes the Swift name 'serviceProvider'").count == 1)
    }

    @Test func entityNamedInConfigurationButAbsentListsTheIdentityProvidersThere() throws {
        let certificate = try Self.certificate.get()
        var first = MetadataBuilder(certificate: certificate.base64)
        first.entityID = "https://idp-one.example.test"
        var second = first
        second.entityID = "https://idp-two.example.test"
        let xml = MetadataBuilder.aggregate([first, second])
        // The entity ID on the line after the slug, so that the two lines can be told apart.
        let json = Self.configurationJSON([
            #"{"slug": "idp", "metadata": "metadata.xml","# + "\n" + #"      "entityID": "https://missing.example"}"#,
        ])
        let diagnostics = try Self.lint(xml, json: json, now: Self.comfortableNow(certificate))
        let absent = diagnostics.matching(.error, "'https://missing.example' (chosen for 'idp') is not an identity")
        #expect(absent.count == 1, "\(diagnostics.rendered)")
        #expect(absent.first?.file == "saml-pin.json")
        #expect(absent.first?.line == line(of: "https://missing.example", in: json))
        #expect(absent.first?.line == 5)
        let listed = "'https://idp-one.example.test', 'https://idp-two.example.test'"
        #expect(absent.first?.message.hasSuffix("the identity providers there are \(listed)") == true)
    }

    @Test func absentEntityListsTenIdentityProvidersInDocumentOrderAndCountsTheRest() throws {
        let certificate = try Self.certificate.get()
        let entities = (0..<25).map { number in
            var builder = MetadataBuilder(certificate: certificate.base64)
            // Zero-padded numbers, reversed: document order differs from sorted order.
            builder.entityID = "https://idp-\(String(format: "%02d", 24 - number)).example.test"
            return builder
        }
        let configuration = GeneratorHarness.configuration(
            IdentityProviderConfiguration(slug: "idp", metadata: "metadata.xml", entityID: "https://missing.example")
        )
        let diagnostics = GeneratorHarness.lint(
            MetadataBuilder.aggregate(entities), configuration: configuration, now: Self.comfortableNow(certificate)
        )
        let absent = try #require(diagnostics.matching(.error, "(chosen for 'idp') is not an identity").first)
        let listed = entities.prefix(10).map { "'\($0.entityID)'" }.joined(separator: ", ")
        #expect(absent.message.hasSuffix("the identity providers there are \(listed) and 15 more"), "\(absent)")
        #expect(!absent.message.contains(entities[10].entityID))
    }

    @Test func severalIdentityProvidersWithoutEntityIDListsThem() throws {
        let certificate = try Self.certificate.get()
        var first = MetadataBuilder(certificate: certificate.base64)
        first.entityID = "https://idp-one.example.test"
        var second = first
        second.entityID = "https://idp-two.example.test"
        let xml = MetadataBuilder.aggregate([first, second])
        let diagnostics = GeneratorHarness.lint(xml, now: Self.comfortableNow(certificate))
        let ambiguous = diagnostics.matching(.error, "holds 2 identity providers; set 'entityID' for 'example-idp'")
        #expect(ambiguous.count == 1, "\(diagnostics.rendered)")
        #expect(ambiguous.first?.message.contains("'https://idp-one.example.test', 'https://idp-two.example.test'")
            == true)

        // The chosen one generates, and only its checks run.
        let configuration = GeneratorHarness.configuration(
            IdentityProviderConfiguration(slug: "two", metadata: "metadata.xml", entityID: second.entityID)
        )
        let chosen = GeneratorHarness.lint(xml, configuration: configuration, now: Self.comfortableNow(certificate))
        #expect(chosen.isEmpty, "\(chosen.rendered)")
    }

    @Test func malformedXMLIsAnErrorWithItsLine() {
        let xml = "<?xml version=\"1.0\"?>\n<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">\n"
            + "  <md:IDPSSODescriptor>\n  </md:Wrong>\n</md:EntityDescriptor>\n"
        let diagnostics = GeneratorHarness.lint(xml)
        #expect(diagnostics.count == 1, "\(diagnostics.rendered)")
        #expect(diagnostics.first?.severity == .error)
        #expect(diagnostics.first?.line == 4)
        #expect(diagnostics.first?.file == "metadata.xml")
    }

    @Test func documentTypeDeclarationIsRefused() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<x>&a;</x>\n"
        let diagnostics = GeneratorHarness.lint(xml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .error)
    }

    @Test func missingMetadataInputIsAnErrorInTheConfiguration() {
        let diagnostics = SAMLPinGenerator.lint(
            metadata: [], configuration: GeneratorHarness.configuration(), configurationPath: "saml-pin.json",
            now: GeneratorHarness.referenceDate
        )
        #expect(diagnostics.matching(.error, "metadata file 'metadata.xml' of 'example-idp' was not provided")
            .first?.file == "saml-pin.json")
    }

    @Test func serviceProviderCrossChecks() throws {
        let certificate = try Self.certificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.entityID = "https://app.example.test/saml"
        let xml = builder.document
        let configuration = GeneratorHarness.configuration(serviceProvider: ServiceProviderConfiguration(
            entityID: "https://app.example.test/saml", assertionConsumerServiceURLs: ["http://app.example.test/acs"]
        ))
        let diagnostics = GeneratorHarness.lint(
            xml, configuration: configuration, now: Self.comfortableNow(certificate)
        )
        let same = diagnostics.matching(.warning, "equals the SP's entity ID")
        #expect(same.first?.line == line(of: "<md:EntityDescriptor", in: xml), "\(diagnostics.rendered)")
        #expect(diagnostics.matching(.warning, "ACS URL 'http://app.example.test/acs' uses plain HTTP").count == 1)
    }

    @Test func policyOutOfRangeIsAnError() throws {
        let certificate = try Self.certificate.get()
        let configuration = GeneratorHarness.configuration(IdentityProviderConfiguration(
            slug: "example-idp", metadata: "metadata.xml", clockSkewSeconds: 3_600, maximumMessageSize: 0
        ))
        let xml = MetadataBuilder(certificate: certificate.base64).document
        let diagnostics = GeneratorHarness.lint(
            xml, configuration: configuration, now: Self.comfortableNow(certificate)
        )
        #expect(diagnostics.matching(.error, "'clockSkewSeconds' of 'example-idp' is 3600").count == 1)
        #expect(diagnostics.matching(.error, "'maximumMessageSize' of 'example-idp' is 0").count == 1)
    }

    @Test func diagnosticsAreSortedByFileLineAndMessage() throws {
        let certificate = try Self.weakCertificate.get()
        var builder = MetadataBuilder(certificate: certificate.base64)
        builder.validUntil = "2020-01-01T00:00:00Z"
        builder.singleSignOnServices = [(MetadataBuilder.redirect, "http://idp.example.test/sso")]
        let diagnostics = GeneratorHarness.lint(builder.document, now: Self.comfortableNow(certificate))
        #expect(diagnostics.count >= 3)
        #expect(diagnostics == Diagnostic.sorted(diagnostics.reversed()))
        let lines = diagnostics.compactMap(\.line)
        #expect(lines == lines.sorted())
    }

    @Test func descriptionIsCompilerStyle() {
        #expect(Diagnostic(.warning, "m", file: "a/b.xml", line: 7).description == "a/b.xml:7: warning: m")
        #expect(Diagnostic(.error, "m", file: "c.json").description == "c.json: error: m")
        #expect(Diagnostic(.note, "m", file: "c.json", line: 0).description == "c.json: note: m")
    }
}
