/// The bytes of a file the configuration names, read by the caller (the core does no file I/O).
public struct MetadataInput: Sendable, Hashable {
    /// The path exactly as written in `saml-pin.json` (`identityProviders[].metadata`); used to match
    /// configuration entries to inputs.
    public var path: String
    /// The file's content.
    public var bytes: [UInt8]
    /// The path printed in diagnostics; defaults to `path`. A CLI may pass a path relative to the
    /// working directory here so that editors can open the file.
    public var diagnosticPath: String

    public init(path: String, bytes: [UInt8], diagnosticPath: String? = nil) {
        self.path = path
        self.bytes = bytes
        self.diagnosticPath = diagnosticPath ?? path
    }
}

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

/// What a generator run produced: diagnostics, and files only when there were no errors.
public struct GeneratorResult: Sendable, Hashable {
    /// Every diagnostic, sorted by file, line and message.
    public var diagnostics: [Diagnostic]
    /// The rendered files; empty when `hasErrors` is true.
    public var files: [RenderedFile]

    public init(diagnostics: [Diagnostic], files: [RenderedFile]) {
        self.diagnostics = diagnostics
        self.files = files
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
