import Foundation
import _SAMLPinGeneratorCore

/// Finding and reading the folder of templates that `generate` renders.
///
/// The build-tool plugin always passes `--templates` and lists every template as a build input, so that
/// editing a template regenerates the code. Run by hand, the tool looks in this order:
/// 1. `--templates <folder>`;
/// 2. the `SAML_PIN_TEMPLATES` environment variable;
/// 3. a `Templates` folder holding the main template in a directory above the tool's executable, or in
///    `.build/checkouts/swift-saml-pin` above it: that is the package that built the tool, whether
///    it is the root package (`swift run saml-pin`) or a dependency.
///
/// No resource bundle is used: a bundle copy of the top-level `Templates/` is not a documented SwiftPM
/// feature, and a bundle copy has no build edge to the generator command.
enum TemplateDirectory {
    /// The environment variable naming the templates folder.
    static let environmentVariable = "SAML_PIN_TEMPLATES"
    /// At most this many template files are read.
    static let maximumFileCount = 64
    /// The largest template file read, in bytes.
    static let maximumFileSize = 1 << 20

    /// Why the templates could not be found or read.
    struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        var message: String

        var description: String { message }
    }

    /// The templates folder to use.
    ///
    /// - Parameter explicit: the value of `--templates`, if given.
    /// - Throws: `LoadError` when nothing was given and no folder was found.
    static func locate(explicit: String?) throws(LoadError) -> String {
        if let explicit {
            return explicit
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while directory.path != "/" && !directory.path.isEmpty {
            for candidate in [
                directory.appendingPathComponent("Templates"),
                directory.appendingPathComponent(".build/checkouts/swift-saml-pin/Templates"),
            ]
            where FileManager.default.fileExists(
                atPath: candidate.appendingPathComponent(SAMLPinGenerator.mainTemplateName).path
            ) {
                return candidate.path
            }
            directory = directory.deletingLastPathComponent()
        }
        throw LoadError(
            message: "cannot find the templates folder; pass '--templates <folder>' or set \(environmentVariable)"
        )
    }

    /// Every template in `directory`, by file name, ignoring hidden files and subfolders.
    ///
    /// - Throws: `LoadError` when the folder or a file in it cannot be read, or it has no main template.
    static func read(_ directory: String) throws(LoadError) -> [String: String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw LoadError(message: "cannot read templates folder '\(directory)': \(reason(for: directory))")
        }

        var templates: [String: String] = [:]
        for name in names where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            // A folder of unexpected size is refused rather than read whole.
            guard templates.count < maximumFileCount else {
                throw LoadError(message: "templates folder '\(directory)' holds more than \(maximumFileCount) files")
            }
            do {
                let bytes = try InputFile.read(path, maximumSize: maximumFileSize)
                templates[name] = String(decoding: bytes, as: UTF8.self)
            } catch {
                throw LoadError(message: error.description)
            }
        }
        guard templates[SAMLPinGenerator.mainTemplateName] != nil else {
            throw LoadError(
                message: "templates folder '\(directory)' has no '\(SAMLPinGenerator.mainTemplateName)'"
            )
        }
        return templates
    }

    /// The system's reason a folder cannot be listed (`No such file or directory`).
    private static func reason(for directory: String) -> String {
        guard let handle = opendir(directory) else {
            return InputFile.systemReason(errno)
        }
        closedir(handle)
        return "unreadable"
    }
}
