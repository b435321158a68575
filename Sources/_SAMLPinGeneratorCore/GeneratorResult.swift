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
