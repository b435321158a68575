import _SAMLPinGeneratorCore

/// A `saml-pin.json` and the files it names, read from disk for the generator core.
///
/// Paths in the configuration are relative to the configuration file; diagnostics print them joined to the
/// configuration's directory, so they can be opened from the working directory.
struct ConfigurationInputs {
    /// The configuration path as given on the command line.
    var configurationPath: String
    /// The configuration file's bytes, so that diagnostics about it can name their line.
    var configurationBytes: [UInt8]
    /// The decoded configuration.
    var configuration: GeneratorConfiguration
    /// Each distinct metadata file the configuration names, in configuration order.
    var metadata: [MetadataInput]
    /// The SP's signing certificate PEM, when the configuration names one.
    var serviceProviderSigningCertificate: [UInt8]?

    /// Why the inputs could not be assembled: one line for the user, or diagnostics about the configuration.
    enum LoadError: Error {
        case unreadable(InputFile.ReadError)
        case invalid(Diagnostic)
    }

    /// Reads and decodes the configuration, then reads every file it names.
    ///
    /// - Parameter configurationPath: the path as the user wrote it.
    /// - Throws: `LoadError.unreadable` naming the first file that cannot be read, or `LoadError.invalid`
    ///   with the configuration's first decoding problem.
    static func load(_ configurationPath: String) throws(LoadError) -> ConfigurationInputs {
        let configurationBytes: [UInt8]
        do {
            configurationBytes = try InputFile.read(configurationPath, maximumSize: ConfigurationLoader.maximumSize)
        } catch {
            throw .unreadable(error)
        }

        let configuration: GeneratorConfiguration
        switch ConfigurationLoader.load(configurationBytes, fileName: configurationPath) {
        case .success(let decoded):
            configuration = decoded
        case .failure(let diagnostic):
            throw .invalid(diagnostic)
        }

        var metadata: [MetadataInput] = []
        for entry in configuration.identityProviders where !metadata.contains(where: { $0.path == entry.metadata }) {
            let diskPath = resolve(entry.metadata, relativeTo: configurationPath)
            do {
                let bytes = try InputFile.read(diskPath)
                metadata.append(MetadataInput(path: entry.metadata, bytes: bytes, diagnosticPath: diskPath))
            } catch {
                // Point at the configuration entry, which is what the user has to fix.
                throw .invalid(Diagnostic(
                    .error,
                    "metadata file '\(entry.metadata)' of '\(entry.slug)' cannot be read (\(error.reason)); "
                        + "paths in 'identityProviders[].metadata' are relative to the configuration's folder",
                    file: configurationPath,
                    line: Self.line(of: "\"\(entry.metadata)\"", in: configurationBytes)
                ))
            }
        }

        var certificate: [UInt8]?
        if let certificatePath = configuration.serviceProvider.signingCertificate {
            do {
                certificate = try InputFile.read(resolve(certificatePath, relativeTo: configurationPath))
            } catch {
                // As for metadata: point at the configuration entry, which is what the user has to fix.
                throw .invalid(Diagnostic(
                    .error,
                    "the SP signing certificate '\(certificatePath)' cannot be read (\(error.reason)); "
                        + "'serviceProvider.signingCertificate' is relative to the configuration's folder",
                    file: configurationPath,
                    line: Self.line(of: "\"\(certificatePath)\"", in: configurationBytes)
                ))
            }
        }

        return ConfigurationInputs(
            configurationPath: configurationPath, configurationBytes: configurationBytes,
            configuration: configuration, metadata: metadata, serviceProviderSigningCertificate: certificate
        )
    }

    /// `path` joined to the directory of `configurationPath`, unless `path` is absolute.
    ///
    /// A configuration in the working directory (`saml-pin.json`) leaves `path` unchanged.
    static func resolve(_ path: String, relativeTo configurationPath: String) -> String {
        if path.hasPrefix("/") {
            return path
        }
        guard let slash = configurationPath.lastIndex(of: "/") else {
            return path
        }
        let directory = configurationPath[...slash]
        return directory + path
    }

    /// The 1-based line where `needle` first appears in the configuration, for diagnostics.
    private static func line(of needle: String, in bytes: [UInt8]) -> Int? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var line = 1
        for index in 0...(bytes.count - pattern.count) {
            if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern) { return line }
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        }
        return nil
    }
}
