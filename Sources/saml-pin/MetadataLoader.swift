import SAMLMetadata

/// Reads and parses a metadata file named on the command line.
enum MetadataLoader {
    /// Why a metadata file could not be loaded: unreadable, or not metadata.
    enum LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(InputFile.ReadError)
        case malformed(MetadataParseError)

        /// One line without the `saml-pin: error:` prefix (`cannot read 'x.xml': No such file or directory`).
        var description: String {
            switch self {
            case .unreadable(let error):
                return error.description
            case .malformed(let error):
                let location = error.line > 0 ? "\(error.fileName):\(error.line)" : error.fileName
                return "cannot parse '\(location)': \(error.message)"
            }
        }
    }

    /// Reads and parses the file at `path`.
    ///
    /// - Parameters:
    ///   - path: the path as the user wrote it.
    ///   - displayName: the name used in diagnostics and provenance (default: `path`).
    /// - Throws: `LoadError` when the file cannot be read or is not well-formed metadata.
    static func load(_ path: String, displayName: String? = nil) throws(LoadError) -> MetadataDocument {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, maximumSize: MetadataParser.defaultMaximumSize)
        } catch {
            throw .unreadable(error)
        }
        do {
            return try MetadataParser.parse(bytes, fileName: displayName ?? path)
        } catch {
            throw .malformed(error)
        }
    }
}
