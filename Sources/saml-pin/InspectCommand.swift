import Foundation
import SAMLMetadata

/// `saml-pin inspect <metadata.xml>`: a summary of each identity provider in a metadata file.
enum InspectCommand {
    static let usage = """
        OVERVIEW: Summarise the identity providers in a SAML metadata file.

        USAGE: saml-pin inspect <metadata.xml> [--now <instant>]

        ARGUMENTS:
          <metadata.xml>               An EntityDescriptor or EntitiesDescriptor file.

        OPTIONS:
          --now <instant>              Count days to certificate expiry from this ISO 8601 instant
                                       (default: the current time).
          -h, --help                   Show this help.
        """

    static let interface = CommandLineInterface(name: "inspect", usage: usage, valueOptions: ["--now"])
}

/// Runs `saml-pin inspect`.
///
/// - Parameter arguments: the arguments after the word `inspect`.
/// - Returns: 0 after printing the summary, 1 when the file cannot be read or parsed, 64 for bad arguments.
func runInspectCommand(_ arguments: [String]) -> Int32 {
    InspectCommand.interface.run(arguments) { parsed throws(UsageError) in
        let path = try parsed.positionals(count: 1, what: "metadata file")[0]
        let now = try parsed.instant("--now") ?? Date()

        let document: MetadataDocument
        do throws(MetadataLoader.LoadError) {
            document = try MetadataLoader.load(path)
        } catch {
            StandardError.write("saml-pin: error: \(error.description)")
            return ExitCode.failure
        }
        StandardOutput.write(MetadataSummary(document: document, now: now).text)
        return ExitCode.success
    }
}
