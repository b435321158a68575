import Foundation

/// Paths to the repository's test fixtures, found relative to this source file so that tests
/// work from any working directory.
public enum Fixtures {
    /// The repository root.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SAMLPinTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Tests/Fixtures`.
    public static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// The real-world corpus: `Tests/Fixtures/corpus` (metadata/, responses/, MANIFEST.md, index.json).
    public static let corpus = directory.appendingPathComponent("corpus")

    /// A corpus metadata file's URL.
    public static func corpusMetadata(_ name: String) -> URL {
        corpus.appendingPathComponent("metadata").appendingPathComponent(name)
    }

    /// A corpus response or PEM file's URL.
    public static func corpusResponse(_ name: String) -> URL {
        corpus.appendingPathComponent("responses").appendingPathComponent(name)
    }

    /// The bytes of a file.
    public static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
