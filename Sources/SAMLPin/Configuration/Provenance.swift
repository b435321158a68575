/// Where a piece of pinned configuration came from, so a running service can report the
/// trust anchors it carries and a reviewer can trace them to a metadata file.
public struct Provenance: Sendable, Hashable {
    /// The metadata file's name, without directories (for example `okta-metadata.xml`).
    public let sourceFile: String
    /// The lowercase hex SHA-256 of the metadata file's bytes.
    public let sourceSHA256: String
    /// The version of the generator that produced the configuration.
    public let generatorVersion: String

    public init(sourceFile: String, sourceSHA256: String, generatorVersion: String) {
        self.sourceFile = sourceFile
        self.sourceSHA256 = sourceSHA256
        self.generatorVersion = generatorVersion
    }
}
