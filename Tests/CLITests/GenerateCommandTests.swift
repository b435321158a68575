import Foundation
import SAMLPinTestSupport
import Testing

/// `saml-pin generate`: writes the configuration once, and leaves an unchanged file alone.
@Suite struct GenerateCommandTests {
    static let templates = Fixtures.repositoryRoot.appendingPathComponent("Templates").path
    static let now = "2026-12-01T00:00:00Z"
    static let outputName = "SAMLPinConfiguration.swift"

    static func configuration(metadata: String) -> String {
        """
        {
            "serviceProvider": {
                "entityID": "https://sp.example.com/saml/metadata",
                "assertionConsumerServiceURLs": ["https://sp.example.com/saml/acs/example-okta-com"]
            },
            "identityProviders": [
                { "slug": "example-okta-com", "metadata": "\(metadata)" }
            ]
        }
        """
    }

    /// A folder with `saml-pin.json` naming `metadata/okta.xml`, a copy of the Okta corpus file.
    static func makeProject() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.file("metadata"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixtures.corpusMetadata("okta-exkppsa1-idp.xml"), to: directory.file("metadata/okta.xml")
        )
        try Data(configuration(metadata: "metadata/okta.xml").utf8).write(to: directory.file("saml-pin.json"))
        return directory
    }

    private func generate(_ project: TemporaryDirectory, output: String = "out") throws -> ToolRun {
        try SAMLPinExecutable.run([
            "generate", "--config", project.file("saml-pin.json").path, "--output", project.file(output).path,
            "--templates", Self.templates, "--now", Self.now,
        ])
    }

    @Test func writesOnceAndKeepsAnUnchangedFile() throws {
        let project = try Self.makeProject()
        let first = try generate(project)
        #expect(first.exitCode == 0, "\(first.standardError)")
        let output = project.file("out/\(Self.outputName)")
        let generated = try String(contentsOf: output, encoding: .utf8)
        #expect(generated.contains("\"http://www.okta.com/exkppsa1qwuFV4D7z0h7\""))

        // Backdate the file: a rewrite, even with the same bytes, would move the date forward.
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: output.path)
        let second = try generate(project)
        #expect(second.exitCode == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: output.path)
        #expect(attributes[.modificationDate] as? Date == past)
        #expect(try String(contentsOf: output, encoding: .utf8) == generated)
    }

    @Test func changedMetadataRewritesTheFile() throws {
        let project = try Self.makeProject()
        #expect(try generate(project).exitCode == 0)
        let output = project.file("out/\(Self.outputName)")
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: output.path)

        let metadata = project.file("metadata/okta.xml")
        let original = try String(contentsOf: metadata, encoding: .utf8)
        let moved = original.replacingOccurrences(of: "dev-513394.oktapreview.com", with: "moved.example.com")
        try Data(moved.utf8).write(to: metadata)

        #expect(try generate(project).exitCode == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: output.path)
        #expect(attributes[.modificationDate] as? Date != past)
        #expect(try String(contentsOf: output, encoding: .utf8).contains("https://moved.example.com/app/"))
    }

    @Test func sameInputsGiveTheSameBytes() throws {
        let project = try Self.makeProject()
        #expect(try generate(project, output: "one").exitCode == 0)
        #expect(try generate(project, output: "two").exitCode == 0)
        let one = try Data(contentsOf: project.file("one/\(Self.outputName)"))
        let two = try Data(contentsOf: project.file("two/\(Self.outputName)"))
        #expect(!one.isEmpty)
        #expect(one == two)
    }

    @Test func errorsWriteNothing() throws {
        let project = try Self.makeProject()
        // The pinned certificate expires on 2028-09-07; at a later instant generation must refuse it.
        let run = try SAMLPinExecutable.run([
            "generate", "--config", project.file("saml-pin.json").path, "--output", project.file("out").path,
            "--templates", Self.templates, "--now", "2029-01-01T00:00:00Z",
        ])
        #expect(run.exitCode == 1)
        let metadata = project.file("metadata/okta.xml").path
        #expect(run.errorLines.contains { $0.hasPrefix(metadata + ":") && $0.contains(": error: ") })
        #expect(!FileManager.default.fileExists(atPath: project.file("out/\(Self.outputName)").path))
    }

    @Test func configurationProblemIsADiagnostic() throws {
        let project = try Self.makeProject()
        try Data("{ \"serviceProvider\": {}, \"identityProviders\": [], \"colour\": 1 }".utf8)
            .write(to: project.file("saml-pin.json"))
        let run = try generate(project)
        #expect(run.exitCode == 1)
        #expect(run.errorLines.count == 1)
        #expect(run.errorLines.first?.hasPrefix(project.file("saml-pin.json").path + ":") == true)
        #expect(run.errorLines.first?.contains(": error: ") == true)
    }

    @Test func missingTemplatesFolderIsOneError() throws {
        let project = try Self.makeProject()
        let missing = project.file("no-templates").path
        let run = try SAMLPinExecutable.run([
            "generate", "--config", project.file("saml-pin.json").path, "--output", project.file("out").path,
            "--templates", missing,
        ])
        #expect(run.exitCode == 1)
        #expect(
            run.errorLines == [
                "saml-pin: error: cannot read templates folder '\(missing)': No such file or directory"
            ])
    }
}
