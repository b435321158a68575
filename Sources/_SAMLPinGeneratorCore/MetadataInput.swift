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
