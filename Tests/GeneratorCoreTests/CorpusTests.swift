import Foundation
import SAMLPinTestSupport
import Testing
@testable import _SAMLPinGeneratorCore

/// Every real-world metadata file either generates, or fails with the diagnostic its MANIFEST
/// row implies, at a fixed `now`.
@Suite("Corpus metadata")
struct CorpusTests {
    enum Outcome: Sendable {
        case generates
        /// An error whose message contains the text, at this line of the metadata file.
        case fails(String, line: Int)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var now: String
        var entityID: String?
        var outcome: Outcome
        var signingCertificate: String?

        init(_ file: String, now: String, entityID: String? = nil, _ outcome: Outcome,
             signingCertificate: String? = nil) {
            self.file = file
            self.now = now
            self.entityID = entityID
            self.outcome = outcome
            self.signingCertificate = signingCertificate
        }

        var testDescription: String { file }

        /// The golden file's name and the generated enums' stem: `okta-exkppsa1-idp.xml` gives `OktaExkppsa1Idp`,
        /// so every corpus golden compiles next to the others in GoldenConsumerTests.
        var typeStem: String {
            let identifier = SwiftNames.identifier(forSlug: String(file.dropLast(".xml".count)))
            return identifier.prefix(1).uppercased() + identifier.dropFirst()
        }
    }

    /// Where the generated file of each `generates` case is kept, compiled by GoldenConsumerTests.
    static let goldenDirectory = GoldenTests.goldenDirectory.appendingPathComponent("Corpus")

    static let cases: [Case] = [
        Case("adfs-federationmetadata-php-saml.xml", now: "2024-01-01T00:00:00Z",
             .fails("expired on 2017-10-25T16:28:38Z", line: 6)),
        Case("adfs-federationmetadata-sustainsys.xml", now: "2014-06-01T00:00:00Z", .generates),
        Case("azure-ad-federationmetadata-multiple-signing-certs.xml", now: "2021-06-01T00:00:00Z", .generates),
        Case("azure-ad-federationmetadata-signed.xml", now: "2015-06-01T00:00:00Z", .generates),
        Case("ecdsa-p256-samling-idp.xml", now: "2025-01-01T00:00:00Z", .generates),
        Case("google-workspace-two-signing-certs-netsaml2.xml", now: "2024-01-01T00:00:00Z",
             .fails("validUntil 2022-04-20T00:56:59Z is in the past", line: 2)),
        Case("google-workspace-two-signing-certs.xml", now: "2023-01-01T00:00:00Z", .generates),
        Case("jumpcloud-entityid-is-sp-url.xml", now: "2024-01-01T00:00:00Z",
             .fails("WantAuthnRequestsSigned=\"true\" but no SP signing certificate", line: 1)),
        Case("jumpcloud-entityid-is-sp-url.xml", now: "2024-01-01T00:00:00Z", .generates,
             signingCertificate: "sp-signing.pem"),
        Case("okta-exkjl16j-idp-wrapped-cert.xml", now: "2025-06-01T00:00:00Z", .generates),
        Case("okta-exkppsa1-idp.xml", now: "2024-01-01T00:00:00Z", .generates),
        Case("okta-exkppsa1-idp.xml", now: "2028-10-01T00:00:00Z",
             .fails("expired on 2028-09-07T14:33:59Z", line: 6)),
        Case("onelogin-503983-idp.xml", now: "2017-01-01T00:00:00Z", .generates),
        Case("onelogin-645460-idp.xml", now: "2019-01-01T00:00:00Z", .generates),
        Case("onelogin-toolkit-three-signing-certs.xml", now: "2017-01-01T00:00:00Z",
             .fails("1024-bit RSA key", line: 37)),
        Case("sambi-aggregate.xml", now: "2014-10-01T00:00:00Z", entityID: "http://idp-acc.test.ek.sll.se/neas",
             .generates, signingCertificate: "sp-signing.pem"),
        Case("sambi-aggregate.xml", now: "2015-01-01T00:00:00Z", entityID: "http://idp-acc.test.ek.sll.se/neas",
             .fails("validUntil 2014-11-06T10:45:03Z is in the past", line: 2),
             signingCertificate: "sp-signing.pem"),
        Case("shibboleth-samltest-id-idp.xml", now: "2024-01-01T00:00:00Z", .generates),
        Case("shibboleth-testshib-entities.xml", now: "2024-01-01T00:00:00Z", .generates),
        Case("simplesamlphp-idp-expired.xml", now: "2024-01-01T00:00:00Z",
             .fails("validUntil 2019-07-19T16:46:00Z is in the past", line: 2)),
        Case("simplesamlphp-idp-in-federation-odd-cacheduration.xml", now: "2024-01-01T00:00:00Z", .generates),
        Case("simplesamlphp-idp-signature-corrupted.xml", now: "2024-01-01T00:00:00Z",
             .fails("not well-formed", line: 6)),
        Case("simplesamlphp-idp-signed-selfsigned.xml", now: "2024-01-01T00:00:00Z", .generates),
        Case("skolfederation-aggregate.xml", now: "2024-01-01T00:00:00Z",
             entityID: "http://fs.ale.se/adfs/services/trust",
             .fails("validUntil 2014-10-11T13:15:05Z is in the past", line: 2)),
        Case("spring-entitiesdescriptor-two-idps.xml", now: "2024-01-01T00:00:00Z",
             entityID: "https://ap.example.org/idp/shibboleth", .fails("could not be read", line: 109)),
        Case("sustainsys-stubidp-signed-validuntil.xml", now: "2024-01-01T00:00:00Z",
             .fails("validUntil 2022-03-16T14:03:06Z is in the past", line: 1)),
        Case("swamid-test-aggregate.xml", now: "2009-06-01T00:00:00Z",
             entityID: "https://idp.umu.se/saml2/idp/metadata.php", .generates),
    ]

    static func run(_ corpusCase: Case) throws -> GeneratorResult {
        let now = try #require(ISO8601DateFormatter().date(from: corpusCase.now))
        let bytes = try Fixtures.bytes(Fixtures.corpusMetadata(corpusCase.file))
        let input = MetadataInput(path: corpusCase.file, bytes: bytes)
        var serviceProvider = GeneratorHarness.serviceProvider
        serviceProvider.signingCertificate = corpusCase.signingCertificate
        let configuration = GeneratorConfiguration(
            namespace: "Corpus\(corpusCase.typeStem)Pins",
            registryName: "Corpus\(corpusCase.typeStem)IdentityProvider",
            serviceProvider: serviceProvider,
            identityProviders: [
                IdentityProviderConfiguration(
                    slug: "corpus-idp", metadata: corpusCase.file, entityID: corpusCase.entityID
                ),
            ]
        )
        return SAMLPinGenerator.generate(
            configuration: configuration, configurationPath: "saml-pin.json", metadata: [input],
            templates: try GeneratorHarness.templates(), now: now
        )
    }

    @Test(arguments: cases)
    func generatesOrFailsAsTheManifestImplies(_ corpusCase: Case) throws {
        let result = try Self.run(corpusCase)
        switch corpusCase.outcome {
        case .generates:
            #expect(!result.hasErrors, "\(result.diagnostics.rendered)")
            let contents = try #require(result.files.first?.contents)
            #expect(contents.contains("static let corpusIdp = IdentityProvider("))
            // Compiled and used by GoldenConsumerTests, so generated code that does not build fails there.
            let url = Self.goldenDirectory.appendingPathComponent("\(corpusCase.typeStem).swift")
            if ProcessInfo.processInfo.environment["SAML_PIN_UPDATE_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url)
                return
            }
            GoldenTests.expectSameBytes(
                golden: try Data(contentsOf: url), generated: contents, name: "Corpus/\(corpusCase.typeStem).swift"
            )
        case .fails(let fragment, let line):
            #expect(result.files.isEmpty)
            let matching = result.diagnostics.matching(.error, fragment)
            #expect(matching.first?.line == line, "\(result.diagnostics.rendered)")
            #expect(matching.first?.file == corpusCase.file)
        }
    }

    @Test func everyCorpusFileIsCovered() throws {
        let directory = Fixtures.corpus.appendingPathComponent("metadata")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(files == Set(Self.cases.map(\.file)))
    }

    @Test func everyGeneratingCaseHasOneGoldenFileAndNoGoldenIsStale() throws {
        let generating = Self.cases.filter { if case .generates = $0.outcome { true } else { false } }
        let expected = Set(generating.map { "\($0.typeStem).swift" })
        #expect(expected.count == generating.count, "two generating cases share a golden file")
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Self.goldenDirectory.path))
        #expect(present == expected)
    }

    @Test func jumpCloudEntityIDEqualToTheSPIsAWarning() throws {
        let file = "jumpcloud-entityid-is-sp-url.xml"
        let configuration = GeneratorHarness.configuration(
            IdentityProviderConfiguration(slug: "jumpcloud", metadata: file),
            serviceProvider: ServiceProviderConfiguration(
                entityID: "https://gravityzone.bitdefender.com/sp/login",
                assertionConsumerServiceURLs: ["https://gravityzone.bitdefender.com/sp/acs"],
                signingCertificate: "sp-signing.pem"
            )
        )
        let diagnostics = SAMLPinGenerator.lint(
            metadata: [MetadataInput(path: file, bytes: try Fixtures.bytes(Fixtures.corpusMetadata(file)))],
            configuration: configuration, configurationPath: "saml-pin.json",
            now: GeneratorHarness.referenceDate
        )
        #expect(diagnostics.matching(.warning, "equals the SP's entity ID").first?.line == 1, "\(diagnostics.rendered)")
        #expect(!diagnostics.contains { $0.severity == .error })
    }

    @Test func aggregateWithoutChosenEntityListsItsIdentityProviders() throws {
        let result = try Self.run(Case("swamid-test-aggregate.xml", now: "2009-06-01T00:00:00Z", .generates))
        let ambiguous = result.diagnostics.matching(.error, "holds 10 identity providers; set 'entityID'")
        #expect(ambiguous.count == 1, "\(result.diagnostics.rendered)")
        #expect(ambiguous.first?.message.contains("'https://idp.umu.se/saml2/idp/metadata.php'") == true)
    }

    @Test func lintingTheWholeCorpusNeverCrashesAndReportsRootExpiryOnce() throws {
        let directory = Fixtures.corpus.appendingPathComponent("metadata")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map {
            MetadataInput(path: $0, bytes: try Fixtures.bytes(Fixtures.corpusMetadata($0)))
        }
        let diagnostics = SAMLPinGenerator.lint(
            metadata: inputs, configuration: nil, configurationPath: nil, now: GeneratorHarness.referenceDate
        )
        let rootExpiry = diagnostics.filter { $0.file == "skolfederation-aggregate.xml" && $0.line == 2 }
        #expect(rootExpiry.count == 1, "\(rootExpiry.rendered)")
        #expect(Set(diagnostics.map(\.file)).count > 10)
    }
}
