import Foundation
import _SAMLPinGeneratorCore

/// `saml-pin lint`: compiler-style diagnostics for metadata files, alone or as a configuration uses them.
enum LintCommand {
    static let usage = """
        OVERVIEW: Report problems in SAML metadata as compiler-style diagnostics on stderr.

        USAGE: saml-pin lint [<metadata.xml> ...] [--config <saml-pin.json>] [--now <instant>]

        ARGUMENTS:
          <metadata.xml>               Metadata files to check on their own, with the default policy.

        OPTIONS:
          --config <saml-pin.json>     Also check the files this configuration names, with its policies,
                                       and the service provider against each identity provider.
          --now <instant>              Judge expiry at this ISO 8601 instant (default: the current time).
          -h, --help                   Show this help.

        Exits with 1 when any diagnostic is an error, 0 otherwise.
        """

    static let interface = CommandLineInterface(
        name: "lint", usage: usage, valueOptions: ["--config", "--now"]
    )
}

/// Runs `saml-pin lint`.
///
/// - Parameter arguments: the arguments after the word `lint`.
/// - Returns: 1 when a file cannot be read or any diagnostic is an error, 64 for bad arguments, else 0.
func runLintCommand(_ arguments: [String]) -> Int32 {
    LintCommand.interface.run(arguments) { parsed throws(UsageError) in
        let configurationPath = parsed.value("--config")
        guard configurationPath != nil || !parsed.positionals.isEmpty else {
            throw UsageError(message: "give at least one metadata file, or '--config'")
        }
        let now = try parsed.instant("--now") ?? Date()

        var diagnostics: [Diagnostic] = []
        var unreadable = 0

        // Files named on the command line are checked on their own.
        var standalone: [MetadataInput] = []
        for path in parsed.positionals {
            do throws(InputFile.ReadError) {
                standalone.append(MetadataInput(path: path, bytes: try InputFile.read(path)))
            } catch {
                StandardError.write("saml-pin: error: \(error.description)")
                unreadable += 1
            }
        }
        if !standalone.isEmpty {
            diagnostics += SAMLPinGenerator.lint(
                metadata: standalone, configuration: nil, configurationPath: nil, now: now
            )
        }

        // The configuration's files are checked with its policies.
        if let configurationPath {
            do throws(ConfigurationInputs.LoadError) {
                let inputs = try ConfigurationInputs.load(configurationPath)
                diagnostics += SAMLPinGenerator.lint(
                    metadata: inputs.metadata, configuration: inputs.configuration,
                    configurationPath: configurationPath,
                    serviceProviderSigningCertificate: inputs.serviceProviderSigningCertificate,
                    configurationBytes: inputs.configurationBytes, now: now
                )
            } catch {
                switch error {
                case .unreadable(let readError):
                    StandardError.write("saml-pin: error: \(readError.description)")
                    unreadable += 1
                case .invalid(let diagnostic):
                    diagnostics.append(diagnostic)
                }
            }
        }

        // A file given twice (alone and through the configuration) must not repeat its diagnostics.
        var seen = Set<Diagnostic>()
        let unique = Diagnostic.sorted(diagnostics).filter { seen.insert($0).inserted }
        for diagnostic in unique {
            StandardError.write(diagnostic.description)
        }

        let errors = unique.filter { $0.severity == .error }.count + unreadable
        let warnings = unique.filter { $0.severity == .warning }.count
        StandardError.write("lint: \(plural(errors, "error")), \(plural(warnings, "warning"))")
        return errors > 0 ? ExitCode.failure : ExitCode.success
    }
}

/// `1 error`, `2 errors`.
private func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
