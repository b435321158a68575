import Foundation
import SAMLPinTestSupport
@testable import _SAMLPinGeneratorCore

/// Shared inputs for generator tests.
enum GeneratorHarness {
    /// A fixed instant for tests that do not depend on real certificate dates.
    static let referenceDate = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// Every template in the repository's `Templates/`, keyed by file name, as the CLI passes them.
    static func templates() throws -> [String: String] {
        let directory = Fixtures.repositoryRoot.appendingPathComponent("Templates")
        var templates: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
        where name.hasSuffix(".template") {
            templates[name] = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return templates
    }

    static let serviceProvider = ServiceProviderConfiguration(
        entityID: "https://sp.example.com/saml/metadata",
        assertionConsumerServiceURLs: ["https://sp.example.com/saml/acs/example-idp"]
    )

    /// A configuration pinning one IdP from `metadata.xml`.
    static func configuration(
        _ provider: IdentityProviderConfiguration = IdentityProviderConfiguration(
            slug: "example-idp", metadata: "metadata.xml"
        ),
        serviceProvider: ServiceProviderConfiguration = serviceProvider
    ) -> GeneratorConfiguration {
        GeneratorConfiguration(serviceProvider: serviceProvider, identityProviders: [provider])
    }

    static func input(_ text: String, path: String = "metadata.xml") -> MetadataInput {
        MetadataInput(path: path, bytes: Array(text.utf8))
    }

    /// Lints `text` as `metadata.xml` against `configuration`.
    static func lint(
        _ text: String, configuration: GeneratorConfiguration? = GeneratorHarness.configuration(),
        now: Date = referenceDate
    ) -> [Diagnostic] {
        SAMLPinGenerator.lint(
            metadata: [input(text)], configuration: configuration, configurationPath: "saml-pin.json", now: now
        )
    }
}

extension [Diagnostic] {
    /// The diagnostics of one severity whose message contains `fragment`.
    func matching(_ severity: Diagnostic.Severity, _ fragment: String) -> [Diagnostic] {
        filter { $0.severity == severity && $0.message.contains(fragment) }
    }

    var rendered: String { map(\.description).joined(separator: "\n") }
}
