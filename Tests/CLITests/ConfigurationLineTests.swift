import Foundation
import SAMLPinTestSupport
import Testing

/// Diagnostics about `saml-pin.json` itself carry its line, in `lint` and in `generate` (which the plugin runs).
@Suite struct ConfigurationLineTests {
    /// A project whose configuration lists `entries` under `identityProviders`, one per line from line 7.
    static func makeProject(_ entries: [String]) throws -> TemporaryDirectory {
        let project = try GenerateCommandTests.makeProject()
        let json = """
            {
                "serviceProvider": {
                    "entityID": "https://sp.example.com/saml/metadata",
                    "assertionConsumerServiceURLs": ["https://sp.example.com/saml/acs/example-okta-com"]
                },
                "identityProviders": [
            \(entries.map { "        " + $0 }.joined(separator: ",\n"))
                ]
            }
            """
        try Data(json.utf8).write(to: project.file("saml-pin.json"))
        return project
    }

    static let okta = #""metadata": "metadata/okta.xml""#

    /// Runs `lint --config` and `generate --config` and returns both.
    private func runBoth(_ project: TemporaryDirectory) throws -> [ToolRun] {
        let configuration = project.file("saml-pin.json").path
        let lint = try SAMLPinExecutable.run(["lint", "--config", configuration, "--now", GenerateCommandTests.now])
        let generate = try SAMLPinExecutable.run([
            "generate", "--config", configuration, "--output", project.file("out").path,
            "--templates", GenerateCommandTests.templates, "--now", GenerateCommandTests.now,
        ])
        return [lint, generate]
    }

    private func errors(_ run: ToolRun) -> [String] {
        run.errorLines.filter { $0.contains(": error: ") }
    }

    @Test func duplicateSlugIsOneErrorAtTheSecondSlug() throws {
        let project = try Self.makeProject([
            #"{ "slug": "okta", \#(Self.okta) }"#,
            #"{ "slug": "okta", \#(Self.okta) }"#,
        ])
        let configuration = project.file("saml-pin.json").path
        for run in try runBoth(project) {
            #expect(run.exitCode == 1)
            #expect(errors(run).count == 1, "\(run.standardError)")
            #expect(errors(run).first?.hasPrefix("\(configuration):8: error: slug 'okta' is used by ") == true,
                    "\(run.standardError)")
        }
    }

    @Test func entityPinnedTwiceIsAnErrorAtTheSecondSlug() throws {
        let project = try Self.makeProject([
            #"{ "slug": "first", \#(Self.okta) }"#,
            #"{ "slug": "second", \#(Self.okta) }"#,
        ])
        let configuration = project.file("saml-pin.json").path
        for run in try runBoth(project) {
            #expect(run.exitCode == 1)
            #expect(errors(run) == [
                "\(configuration):8: error: entity 'http://www.okta.com/exkppsa1qwuFV4D7z0h7' is pinned twice, as "
                    + "'first' and 'second'; keep one",
            ], "\(run.standardError)")
        }
    }

    @Test func absentEntityIsAnErrorAtTheEntityIDLine() throws {
        let project = try Self.makeProject([
            #"{ "slug": "okta", \#(Self.okta),"# + "\n" + #"          "entityID": "https://missing.example" }"#,
        ])
        let configuration = project.file("saml-pin.json").path
        for run in try runBoth(project) {
            #expect(run.exitCode == 1)
            #expect(errors(run) == [
                "\(configuration):8: error: 'https://missing.example' (chosen for 'okta') is not an identity "
                    + "provider in 'metadata/okta.xml'; the identity providers there are "
                    + "'http://www.okta.com/exkppsa1qwuFV4D7z0h7'",
            ], "\(run.standardError)")
        }
    }

    @Test func badSlugAndPolicyAreErrorsAtTheirEntry() throws {
        let project = try Self.makeProject([
            #"{ "slug": "okta", \#(Self.okta) }"#,
            #"{ "slug": "Okta_2", \#(Self.okta) }"#,
            #"{ "slug": "skewed", \#(Self.okta), "clockSkewSeconds": 3600 }"#,
        ])
        let configuration = project.file("saml-pin.json").path
        for run in try runBoth(project) {
            #expect(run.exitCode == 1)
            let found = errors(run)
            #expect(found.contains { $0.hasPrefix("\(configuration):8: error: slug 'Okta_2' of ") },
                    "\(run.standardError)")
            #expect(found.contains {
                $0.hasPrefix("\(configuration):9: error: 'clockSkewSeconds' of 'skewed' is 3600")
            }, "\(run.standardError)")
        }
    }

    @Test func anUnreadableSigningCertificateIsAnErrorAtItsConfigurationLine() throws {
        let project = try GenerateCommandTests.makeProject()
        let json = """
            {
                "serviceProvider": {
                    "entityID": "https://sp.example.com/saml/metadata",
                    "assertionConsumerServiceURLs": ["https://sp.example.com/saml/acs/example-okta-com"],
                    "signingCertificate": "missing-sp.pem"
                },
                "identityProviders": [{ "slug": "okta", \(Self.okta) }]
            }
            """
        try Data(json.utf8).write(to: project.file("saml-pin.json"))
        let configuration = project.file("saml-pin.json").path
        for run in try runBoth(project) {
            #expect(run.exitCode == 1)
            #expect(errors(run) == [
                "\(configuration):5: error: the SP signing certificate 'missing-sp.pem' cannot be read (No such file "
                    + "or directory); 'serviceProvider.signingCertificate' is relative to the configuration's folder",
            ], "\(run.standardError)")
        }
    }
}
