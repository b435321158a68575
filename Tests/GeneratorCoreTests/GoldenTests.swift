import Foundation
import SAMLPinTestSupport
import Testing
@testable import _SAMLPinGeneratorCore

/// Generated Swift compared byte for byte with committed reference files, which the
/// GoldenConsumerTests target compiles and uses. `SAML_PIN_UPDATE_GOLDEN=1` rewrites them.
@Suite("Golden generated files")
struct GoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var configuration: GeneratorConfiguration
        /// Metadata files: path as written in the configuration → bytes.
        var metadata: [MetadataInput]
        var now: Date

        var testDescription: String { name }
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("GoldenConsumerTests/Golden")

    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func corpus(_ name: String) -> MetadataInput {
        let bytes = (try? Fixtures.bytes(Fixtures.corpusMetadata(name))) ?? []
        return MetadataInput(path: "metadata/\(name)", bytes: bytes)
    }

    static func serviceProvider(_ slugs: [String]) -> ServiceProviderConfiguration {
        ServiceProviderConfiguration(
            entityID: "https://sp.example.com/saml/metadata",
            assertionConsumerServiceURLs: slugs.map { "https://sp.example.com/saml/acs/\($0)" }
        )
    }

    static let hostileEntityID = "https://evil.example/\"); import Darwin; let x = (\"\\(boom)\n\"\"\"#\""
    static let hostileDisplayName = "Evil \"\"\" IdP\\\n#\"raw\"# \\(1 + 1) \u{202E}gnp.exe"

    static var hostileMetadata: String {
        var builder = MetadataBuilder(certificate: FixedTestCertificate.base64)
        builder.entityID = hostileEntityID
        builder.displayName = hostileDisplayName
        builder.singleSignOnServices = [(MetadataBuilder.post, "https://evil.example/sso?a=\"b\"&c=\\(d)")]
        return builder.document
    }

    static let cases: [Case] = [
        Case(
            name: "Okta",
            configuration: GeneratorConfiguration(
                namespace: "OktaPins", registryName: "OktaPinnedIdentityProvider",
                serviceProvider: serviceProvider(["example-okta-com"]),
                identityProviders: [
                    IdentityProviderConfiguration(slug: "example-okta-com", metadata: "metadata/okta-exkppsa1-idp.xml"),
                ]
            ),
            metadata: [corpus("okta-exkppsa1-idp.xml")],
            now: date("2024-01-01T00:00:00Z")
        ),
        Case(
            name: "EntraID",
            configuration: GeneratorConfiguration(
                accessModifier: .internal, namespace: "EntraIDPins", registryName: "EntraIDPinnedIdentityProvider",
                serviceProvider: serviceProvider(["entra-id"]),
                identityProviders: [
                    IdentityProviderConfiguration(
                        slug: "entra-id", metadata: "metadata/azure-ad-federationmetadata-signed.xml",
                        signatureRequirement: .assertion
                    ),
                ]
            ),
            metadata: [corpus("azure-ad-federationmetadata-signed.xml")],
            now: date("2015-06-01T00:00:00Z")
        ),
        Case(
            name: "ADFS",
            configuration: GeneratorConfiguration(
                accessModifier: .package, namespace: "ADFSPins", registryName: "ADFSPinnedIdentityProvider",
                serviceProvider: serviceProvider(["adfs"]),
                identityProviders: [
                    IdentityProviderConfiguration(
                        slug: "adfs", metadata: "metadata/adfs-federationmetadata-sustainsys.xml",
                        clockSkewSeconds: 120
                    ),
                ]
            ),
            metadata: [corpus("adfs-federationmetadata-sustainsys.xml")],
            now: date("2014-06-01T00:00:00Z")
        ),
        Case(
            name: "Google",
            configuration: GeneratorConfiguration(
                namespace: "GooglePins", registryName: "GooglePinnedIdentityProvider",
                serviceProvider: serviceProvider(["google-workspace"]),
                identityProviders: [
                    IdentityProviderConfiguration(
                        slug: "google-workspace", metadata: "metadata/google-workspace-two-signing-certs.xml",
                        allowUnsolicitedResponses: true
                    ),
                ]
            ),
            metadata: [corpus("google-workspace-two-signing-certs.xml")],
            now: date("2023-01-01T00:00:00Z")
        ),
        Case(
            name: "Aggregate",
            configuration: GeneratorConfiguration(
                namespace: "AggregatePins", registryName: "AggregatePinnedIdentityProvider",
                serviceProvider: ServiceProviderConfiguration(
                    entityID: "https://sp.example.com/saml/metadata",
                    assertionConsumerServiceURLs: ["https://sp.example.com/saml/acs"],
                    signingCertificate: "sp-signing.pem"
                ),
                identityProviders: [
                    IdentityProviderConfiguration(
                        slug: "sll-neas", metadata: "metadata/sambi-aggregate.xml",
                        entityID: "http://idp-acc.test.ek.sll.se/neas", expiryWarningDays: 30
                    ),
                    IdentityProviderConfiguration(
                        slug: "inera-utvtest", metadata: "metadata/sambi-aggregate.xml",
                        entityID: "https://idp.utvtest.sakerhetstjanst.inera.se:8443/idp/saml", allowSHA1: true
                    ),
                ]
            ),
            metadata: [corpus("sambi-aggregate.xml")],
            now: date("2014-10-01T00:00:00Z")
        ),
        Case(
            name: "Hostile",
            configuration: GeneratorConfiguration(
                namespace: "HostilePins", registryName: "HostilePinnedIdentityProvider",
                serviceProvider: ServiceProviderConfiguration(
                    entityID: "https://sp.example.com/\"\\(sp)\"", assertionConsumerServiceURLs: [
                        "https://sp.example.com/acs/\"\"\"\n#",
                    ]
                ),
                identityProviders: [
                    IdentityProviderConfiguration(slug: "default", metadata: "hostile\n// import Evil.xml"),
                ]
            ),
            metadata: [MetadataInput(path: "hostile\n// import Evil.xml", bytes: Array(hostileMetadata.utf8))],
            now: date("2026-01-01T00:00:00Z")
        ),
    ]

    static func generate(_ golden: Case) throws -> GeneratorResult {
        SAMLPinGenerator.generate(
            configuration: golden.configuration, configurationPath: "Config/saml-pin.json",
            metadata: golden.metadata, templates: try GeneratorHarness.templates(), now: golden.now
        )
    }

    @Test(arguments: cases)
    func generatedFileMatchesGolden(_ golden: Case) throws {
        let result = try Self.generate(golden)
        #expect(!result.hasErrors, "\(result.diagnostics.rendered)")
        let file = try #require(result.files.first)
        #expect(file.name == "SAMLPinConfiguration.swift")

        let url = Self.goldenDirectory.appendingPathComponent("\(golden.name).swift")
        if ProcessInfo.processInfo.environment["SAML_PIN_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
            return
        }
        Self.expectSameBytes(golden: try Data(contentsOf: url), generated: file.contents, name: "\(golden.name).swift")
    }

    /// Compares the bytes, so that a line-ending, trailing-space or Unicode normalisation change counts too;
    /// the lines are only for a readable failure message.
    static func expectSameBytes(
        golden: Data, generated: String, name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let message = mismatch(golden: golden, generated: generated, name: name) else { return }
        Issue.record("\(message)", sourceLocation: sourceLocation)
    }

    /// Nil when `generated` has exactly the bytes of `golden`, else a message saying where they part.
    static func mismatch(golden: Data, generated: String, name: String) -> String? {
        let generatedBytes = Data(generated.utf8)
        guard generatedBytes != golden else { return nil }
        let place: String
        if let difference = firstDifference(expected: String(decoding: golden, as: UTF8.self), actual: generated) {
            place = """
                at line \(difference.line):
                  golden:    \(difference.expected.debugDescription)
                  generated: \(difference.actual.debugDescription)
                """
        } else {
            let offset = zip(golden, generatedBytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(golden.count, generatedBytes.count)
            place = "at byte \(offset) (golden \(golden.count) bytes, generated \(generatedBytes.count))"
        }
        return """
            \(name) differs from the generated output \(place)
            Run with SAML_PIN_UPDATE_GOLDEN=1 to accept the new output, then review the diff.
            """
    }

    @Test(arguments: cases)
    func generatedLinesStayWithin120ColumnsExceptLiterals(_ golden: Case) throws {
        let file = try #require(try Self.generate(golden).files.first)
        for (index, line) in file.contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.count > 120 {
            // Only string literal lines from long metadata values may be longer.
            #expect(line.contains("\""), "line \(index + 1) is \(line.count) columns: \(line)")
        }
    }

    @Test func comparisonIsByteForByte() {
        let golden = Data("let a = 1\nlet café = 2\n".utf8)
        #expect(Self.mismatch(golden: golden, generated: "let a = 1\nlet café = 2\n", name: "same") == nil)
        // Lines that compare equal as Swift strings still differ in bytes: CRLF, and 'é' decomposed.
        let lookAlikes = [
            "let a = 1\r\nlet café = 2\n", "let a = 1\nlet cafe\u{301} = 2\n", "let a = 1\nlet café = 2",
        ]
        for generated in lookAlikes {
            #expect(
                Self.mismatch(golden: golden, generated: generated, name: "different") != nil,
                "\(generated.debugDescription) must not match"
            )
        }
    }

    static func firstDifference(
        expected: String, actual: String
    ) -> (line: Int, expected: String, actual: String)? {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let left = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let right = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if left != right { return (index + 1, left, right) }
        }
        return nil
    }
}
