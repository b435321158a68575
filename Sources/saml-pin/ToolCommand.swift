import _SAMLPinGeneratorCore

/// `saml-pin` with no command, `--help`, `--version`, or an unknown command.
enum ToolCommand {
    /// The version printed by `--version`: the generator's, which generated provenance records.
    static let version = SAMLPinGenerator.version

    static let usage = """
        OVERVIEW: Pin SAML 2.0 identity provider metadata at build time, and check it.

        USAGE: saml-pin <command> [options]

        COMMANDS:
          inspect <metadata.xml>       Summarise the identity providers in a metadata file.
          lint <metadata.xml>...       Report problems in metadata files as compiler-style diagnostics.
          generate                     Render the Swift configuration for a saml-pin.json.
          verify                       Verify a SAML Response against pinned metadata.

        OPTIONS:
          -h, --help                   Show help; 'saml-pin <command> --help' shows a command's help.
          --version                    Show the version.
        """

    static let interface = CommandLineInterface(name: "", usage: usage, flags: ["--version"])
}

/// Runs `saml-pin` without a known command word.
///
/// - Parameter arguments: every argument after the tool's name.
/// - Returns: 0 for `--help` or `--version`, 64 for anything else.
func runToolCommand(_ arguments: [String]) -> Int32 {
    ToolCommand.interface.run(arguments) { parsed throws(UsageError) in
        if parsed.has("--version") {
            StandardOutput.write(ToolCommand.version)
            return ExitCode.success
        }
        guard let word = parsed.positionals.first else {
            throw UsageError(message: "missing command")
        }
        throw UsageError(message: "unknown command '\(word)'")
    }
}
