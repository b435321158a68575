import Foundation
import PackagePlugin

/// Generates `SAMLPinConfiguration.swift` for a target from the `saml-pin.json` among its files.
///
/// The command runs `saml-pin generate` and declares as inputs the configuration, every metadata file and
/// certificate it names, and every template, so that changing any of them (and only that) regenerates
/// the code. It is a build command, not a prebuild command: a prebuild command cannot run a tool built
/// from source.
@main
struct SAMLPinPlugin: BuildToolPlugin {
    /// The configuration file the plugin looks for among the target's files.
    static let configurationFileName = "saml-pin.json"
    /// The file `saml-pin generate` writes; it must match `SAMLPinGenerator.outputFileName`.
    static let outputFileName = "SAMLPinConfiguration.swift"
    /// The display name of this package, used to find its `Templates/` when it is a dependency.
    static let packageName = "swift-saml-pin"
    /// The executable product that ships the generator.
    static let toolName = "saml-pin"

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let module = target.sourceModule else {
            throw PluginError("target '\(target.name)' applies SAMLPinPlugin but has no source files")
        }

        // Exactly one configuration, so it is never ambiguous which one was used.
        let configurations = module.sourceFiles.filter { $0.url.lastPathComponent == Self.configurationFileName }
        guard let configuration = configurations.first?.url else {
            throw PluginError(
                "target '\(target.name)' applies SAMLPinPlugin but has no \(Self.configurationFileName) among its "
                    + "files; add one next to its sources (a file listed in 'exclude:' is invisible to the plugin)"
            )
        }
        guard configurations.count == 1 else {
            let paths = configurations.map { "'\($0.url.path)'" }.sorted().joined(separator: ", ")
            throw PluginError(
                "target '\(target.name)' has \(configurations.count) \(Self.configurationFileName) files "
                    + "(\(paths)); keep exactly one"
            )
        }

        let templates = Self.templatesDirectory(in: context.package)
        let templateFiles = try Self.regularFiles(in: templates, target: target.name)
        let output = context.pluginWorkDirectoryURL.appendingPathComponent(Self.outputFileName)

        return [
            .buildCommand(
                displayName: "Generating SAML pins for \(target.name)",
                executable: try context.tool(named: Self.toolName).url,
                arguments: [
                    "generate",
                    "--config", configuration.path,
                    "--output", context.pluginWorkDirectoryURL.path,
                    "--templates", templates.path,
                ],
                inputFiles: [configuration]
                    + (try Self.referencedFiles(
                        of: configuration, among: module.sourceFiles.map(\.url), target: target.name
                    ))
                    + templateFiles,
                outputFiles: [output]
            )
        ]
    }

    /// The metadata and certificate files a configuration names, resolved against its folder.
    ///
    /// A configuration that cannot be decoded names no files here; `saml-pin generate` then reports the
    /// problem with a diagnostic at the right line.
    ///
    /// - Throws: `PluginError` when a named file exists but is not one of the target's own files:
    ///   SwiftPM does not reliably rerun the command when such a file changes, and stale pins must
    ///   never ship silently.
    static func referencedFiles(of configuration: URL, among targetFiles: [URL], target: String) throws -> [URL] {
        guard
            let data = try? Data(contentsOf: configuration),
            let decoded = try? JSONDecoder().decode(ConfigurationReferences.self, from: data)
        else {
            return []
        }
        let directory = configuration.deletingLastPathComponent()
        var paths = decoded.identityProviders?.compactMap(\.metadata) ?? []
        if let certificate = decoded.serviceProvider?.signingCertificate {
            paths.append(certificate)
        }
        var seen = Set<String>()
        let files = paths.filter { seen.insert($0).inserted }.map { path in
            (path, path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path))
        }
        let own = Set(targetFiles.map(\.standardizedFileURL.path))
        // A named file that does not exist is left out of the inputs, so that `saml-pin generate`
        // runs and reports it at the configuration's line instead of SwiftPM's "missing inputs".
        let existing = files.filter { FileManager.default.fileExists(atPath: $0.1.path) }
        for (path, url) in existing where !own.contains(url.standardizedFileURL.path) {
            throw PluginError(
                "target '\(target)': \(configurationFileName) names '\(path)', which is not one of the target's "
                    + "files; copy it next to \(configurationFileName) (and keep it out of 'exclude:') so that the "
                    + "build notices when it changes"
            )
        }
        return existing.map(\.1)
    }

    /// `Templates/` of the swift-saml-pin package: found among the dependencies when the plugin is used by
    /// another package, else in the package being built.
    static func templatesDirectory(in package: Package) -> URL {
        let owner = ownerOfTool(in: package, visited: []) ?? package
        return owner.directoryURL.appendingPathComponent("Templates")
    }

    /// The package that declares the `saml-pin` product, searching dependencies depth first.
    private static func ownerOfTool(in package: Package, visited: Set<String>) -> Package? {
        if package.displayName == packageName || package.products.contains(where: { $0.name == toolName }) {
            return package
        }
        var visited = visited
        visited.insert(package.id)
        for dependency in package.dependencies where !visited.contains(dependency.package.id) {
            if let found = ownerOfTool(in: dependency.package, visited: visited) {
                return found
            }
            visited.insert(dependency.package.id)
        }
        return nil
    }

    /// Every regular, non-hidden file directly in `directory`, sorted by name.
    ///
    /// - Throws: `PluginError` when the folder is missing, since generation cannot work without it.
    static func regularFiles(in directory: URL, target: String) throws -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PluginError(
                "target '\(target)' applies SAMLPinPlugin, but the templates folder '\(directory.path)' "
                    + "of swift-saml-pin cannot be read"
            )
        }
        return names.sorted().filter { !$0.hasPrefix(".") }.compactMap { name in
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else {
                return nil
            }
            return url
        }
    }
}

/// The few keys of `saml-pin.json` the plugin needs to know the build inputs; the tool checks the rest.
struct ConfigurationReferences: Decodable {
    struct ServiceProvider: Decodable {
        var signingCertificate: String?
    }

    struct IdentityProvider: Decodable {
        var metadata: String?
    }

    var serviceProvider: ServiceProvider?
    var identityProviders: [IdentityProvider]?
}

/// A problem that stops the plugin, shown by SwiftPM as `error: <message>`.
struct PluginError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
