import Foundation
import SAMLPinTestSupport
import Testing

/// `saml-pin lint`: compiler-style diagnostics on stderr and the exit code.
@Suite struct LintCommandTests {
    @Test func currentOktaMetadataHasNoErrors() throws {
        let path = Fixtures.corpusMetadata("okta-exkppsa1-idp.xml").path
        let run = try SAMLPinExecutable.run(["lint", path, "--now", "2026-12-01T00:00:00Z"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(!run.errorLines.contains { $0.contains(": error: ") })
        #expect(run.errorLines.last?.hasPrefix("lint: 0 errors, ") == true)
        #expect(run.standardOutput.isEmpty)
    }

    @Test func expiredMetadataIsAnErrorAtItsLine() throws {
        let path = Fixtures.corpusMetadata("simplesamlphp-idp-expired.xml").path
        let run = try SAMLPinExecutable.run(["lint", path, "--now", "2026-12-01T00:00:00Z"])
        #expect(run.exitCode == 1)
        // validUntil="2019-07-19T16:46:00Z" sits on the EntityDescriptor, line 2.
        #expect(
            run.errorLines.contains { $0.hasPrefix("\(path):2: error: ") && $0.contains("2019-07-19") },
            "\(run.standardError)")
        #expect(run.errorLines.last?.hasPrefix("lint: ") == true)
    }

    @Test func notWellFormedMetadataIsAnErrorAtItsLine() throws {
        let path = Fixtures.corpusMetadata("simplesamlphp-idp-signature-corrupted.xml").path
        let run = try SAMLPinExecutable.run(["lint", path, "--now", "2026-12-01T00:00:00Z"])
        #expect(run.exitCode == 1)
        // The corpus notes an unbound namespace prefix on line 6.
        let errors = run.errorLines.filter { $0.contains(": error: ") }
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("\(path):6: error: ") == true, "\(run.standardError)")
        #expect(run.errorLines.last == "lint: 1 error, 0 warnings")
    }

    @Test func errorsInOneFileFailTheWholeRun() throws {
        let good = Fixtures.corpusMetadata("okta-exkppsa1-idp.xml").path
        let bad = Fixtures.corpusMetadata("simplesamlphp-idp-signature-corrupted.xml").path
        let run = try SAMLPinExecutable.run(["lint", good, bad, "--now", "2026-12-01T00:00:00Z"])
        #expect(run.exitCode == 1)
        #expect(run.errorLines.contains { $0.hasPrefix("\(bad):6: error: ") })
    }

    @Test func diagnosticsAreCompilerStyleAndDeterministic() throws {
        let paths = ["swamid-test-aggregate.xml", "sambi-aggregate.xml", "simplesamlphp-idp-expired.xml"]
            .map { Fixtures.corpusMetadata($0).path }
        let first = try SAMLPinExecutable.run(["lint"] + paths + ["--now", "2026-12-01T00:00:00Z"])
        let second = try SAMLPinExecutable.run(["lint"] + paths + ["--now", "2026-12-01T00:00:00Z"])
        #expect(first.standardError == second.standardError)
        #expect(first.exitCode == second.exitCode)

        // Every line but the summary is `path:line: severity: message` or `path: severity: message`.
        let pattern = /^[^:]+(:[0-9]+)?: (error|warning|note): .+$/
        let diagnostics = first.errorLines.dropLast()
        #expect(!diagnostics.isEmpty)
        for line in diagnostics {
            #expect(line.wholeMatch(of: pattern) != nil, "not compiler-style: \(line)")
        }
        #expect(first.errorLines.last?.wholeMatch(of: /lint: [0-9]+ errors?, [0-9]+ warnings?/) != nil)
    }

    @Test func configurationFilesAreLintedWithTheirPolicy() throws {
        let project = try GenerateCommandTests.makeProject()
        let run = try SAMLPinExecutable.run([
            "lint", "--config", project.file("saml-pin.json").path, "--now", "2029-01-01T00:00:00Z",
        ])
        // After 2028-09-07 the pinned certificate has expired, and the configuration does not allow it.
        #expect(run.exitCode == 1)
        #expect(
            run.errorLines.contains {
                $0.hasPrefix(project.file("metadata/okta.xml").path + ":") && $0.contains(": error: ")
            }, "\(run.standardError)")
    }
}
