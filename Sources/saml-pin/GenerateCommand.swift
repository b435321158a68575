import Foundation
import _SAMLPinGeneratorCore

/// `saml-pin generate`: renders the Swift configuration for a `saml-pin.json`.
enum GenerateCommand {
    static let usage = """
        OVERVIEW: Render the pinned Swift configuration for a saml-pin.json.

        USAGE: saml-pin generate --config <saml-pin.json> --output <folder> [--templates <folder>] [--now <instant>]

        OPTIONS:
          --config <saml-pin.json>     The configuration; metadata paths in it are relative to it.
          --output <folder>            Where to write \(SAMLPinGenerator.outputFileName) (created if missing).
                                       A file whose content is unchanged is not rewritten.
          --templates <folder>         The templates to render (default: $\(TemplateDirectory.environmentVariable),
                                       else the Templates folder of the swift-saml-pin package that
                                       built this tool).
          --now <instant>              Judge expiry at this ISO 8601 instant (default: the current time).
          -h, --help                   Show this help.

        Diagnostics go to stderr. Exits with 1 when any is an error; nothing is written then.
        """

    static let interface = CommandLineInterface(
        name: "generate", usage: usage, valueOptions: ["--config", "--output", "--templates", "--now"]
    )
}

/// Runs `saml-pin generate`.
///
/// - Parameter arguments: the arguments after the word `generate`.
/// - Returns: 0 when the files are up to date, 1 for unreadable input or error diagnostics, 64 for bad arguments.
func runGenerateCommand(_ arguments: [String]) -> Int32 {
    GenerateCommand.interface.run(arguments) { parsed throws(UsageError) in
        let configurationPath = try parsed.requiredValue("--config")
        let outputDirectory = try parsed.requiredValue("--output")
        _ = try parsed.positionals(count: 0, what: "argument")
        let now = try parsed.instant("--now") ?? Date()

        // Read everything first, so nothing is written when any input is missing.
        let inputs: ConfigurationInputs
        do throws(ConfigurationInputs.LoadError) {
            inputs = try ConfigurationInputs.load(configurationPath)
        } catch {
            switch error {
            case .unreadable(let readError):
                StandardError.write("saml-pin: error: \(readError.description)")
            case .invalid(let diagnostic):
                StandardError.write(diagnostic.description)
            }
            return ExitCode.failure
        }

        let templates: [String: String]
        do throws(TemplateDirectory.LoadError) {
            let directory = try TemplateDirectory.locate(explicit: parsed.value("--templates"))
            templates = try TemplateDirectory.read(directory)
        } catch {
            StandardError.write("saml-pin: error: \(error.description)")
            return ExitCode.failure
        }

        let result = SAMLPinGenerator.generate(
            configuration: inputs.configuration, configurationPath: configurationPath,
            metadata: inputs.metadata, templates: templates,
            serviceProviderSigningCertificate: inputs.serviceProviderSigningCertificate,
            configurationBytes: inputs.configurationBytes, now: now
        )
        for diagnostic in result.diagnostics {
            StandardError.write(diagnostic.description)
        }
        guard !result.hasErrors else {
            return ExitCode.failure
        }

        // Writing only changed files keeps mtimes, so the build does not recompile what did not change.
        for file in result.files {
            do throws(OutputFile.WriteError) {
                try OutputFile.writeIfChanged(Array(file.contents.utf8), named: file.name, in: outputDirectory)
            } catch {
                StandardError.write("saml-pin: error: \(error.description)")
                return ExitCode.failure
            }
        }
        return ExitCode.success
    }
}
