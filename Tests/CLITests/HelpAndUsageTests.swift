import Foundation
import SAMLPinTestSupport
import Testing

/// `--help` and command-line mistakes: help on stdout with 0, usage on stderr with 64.
@Suite struct HelpAndUsageTests {
    @Test func toolHelpListsEveryCommand() throws {
        let run = try SAMLPinExecutable.run(["--help"])
        #expect(run.exitCode == 0)
        #expect(run.standardError.isEmpty)
        for command in ["inspect", "lint", "generate", "verify"] {
            #expect(run.standardOutput.contains("\n  \(command) "), "help does not list '\(command)'")
        }
    }

    @Test(arguments: ["inspect", "lint", "generate"])
    func commandHelp(command: String) throws {
        for flag in ["--help", "-h"] {
            let run = try SAMLPinExecutable.run([command, flag])
            #expect(run.exitCode == 0)
            #expect(run.standardOutput.contains("USAGE: saml-pin \(command)"))
            #expect(run.standardError.isEmpty)
        }
    }

    @Test(arguments: [
        (["lint", "--bogus", "x.xml"], "saml-pin lint: error: unknown option '--bogus'", "USAGE: saml-pin lint"),
        (
            ["inspect"], "saml-pin inspect: error: expected one metadata file, got 0 argument(s)",
            "USAGE: saml-pin inspect"
        ),
        (
            ["inspect", "a.xml", "b.xml"], "saml-pin inspect: error: expected one metadata file, got 2 argument(s)",
            "USAGE: saml-pin inspect"
        ),
        (
            ["generate", "--output", "out"], "saml-pin generate: error: missing required option '--config'",
            "USAGE: saml-pin generate"
        ),
        (
            ["generate", "--config"], "saml-pin generate: error: option '--config' needs a value",
            "USAGE: saml-pin generate"
        ),
        (
            ["lint", "x.xml", "--now", "yesterday"],
            "saml-pin lint: error: 'yesterday' given to '--now' is not an ISO 8601 instant like 2026-01-31T12:00:00Z",
            "USAGE: saml-pin lint"
        ),
        (["lint"], "saml-pin lint: error: give at least one metadata file, or '--config'", "USAGE: saml-pin lint"),
        (
            ["lint", "x.xml", "--now", "2026-01-01T00:00:00Z", "--now=2026-02-01T00:00:00Z"],
            "saml-pin lint: error: option '--now' is given more than once", "USAGE: saml-pin lint"
        ),
        (
            ["generate", "--config", "a.json", "--output", "out", "--config", "b.json"],
            "saml-pin generate: error: option '--config' is given more than once", "USAGE: saml-pin generate"
        ),
        (
            ["inspect", "a.xml", "--now", "2026-01-01T00:00:00Z", "--now", "2026-01-02T00:00:00Z"],
            "saml-pin inspect: error: option '--now' is given more than once", "USAGE: saml-pin inspect"
        ),
        (["inspect", "a.xml", "--config", "x"], "saml-pin inspect: error: unknown option '--config'",
         "USAGE: saml-pin inspect"),
        (["inspect", "-x", "a.xml"], "saml-pin inspect: error: unknown option '-x'", "USAGE: saml-pin inspect"),
        (
            ["generate", "--config", "a.json", "--output", "out", "--force"],
            "saml-pin generate: error: unknown option '--force'", "USAGE: saml-pin generate"
        ),
        (
            ["generate", "--config", "a.json", "--output", "out", "extra.xml"],
            "saml-pin generate: error: expected 0 arguments, got 1 argument(s)", "USAGE: saml-pin generate"
        ),
        (["frobnicate"], "saml-pin: error: unknown command 'frobnicate'", "USAGE: saml-pin <command>"),
        ([], "saml-pin: error: missing command", "USAGE: saml-pin <command>"),
    ])
    func badArgumentsExitWithUsage(arguments: [String], error: String, usage: String) throws {
        let run = try SAMLPinExecutable.run(arguments)
        #expect(run.exitCode == 64)
        #expect(run.errorLines.first == error)
        #expect(run.standardError.contains(usage))
        #expect(run.standardOutput.isEmpty)
    }

    @Test func optionValueMayFollowAnEqualsSign() throws {
        let path = Fixtures.corpusMetadata("okta-exkppsa1-idp.xml").path
        let separate = try SAMLPinExecutable.run(["inspect", path, "--now", "2026-12-01T00:00:00Z"])
        let joined = try SAMLPinExecutable.run(["inspect", "--now=2026-12-01T00:00:00Z", path])
        #expect(separate.exitCode == 0)
        #expect(joined.standardOutput == separate.standardOutput)
    }
}
