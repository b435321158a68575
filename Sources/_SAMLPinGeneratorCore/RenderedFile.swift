/// A file produced by the generator.
public struct RenderedFile: Sendable, Hashable {
    /// The file name, without directories (`SAMLPinConfiguration.swift`).
    public var name: String
    /// The full text of the file.
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}
