import Foundation

/// The generator: configuration and metadata in, diagnostics and Swift source out.
///
/// The pipeline is parse → check → translate → render, and it does no file I/O: the caller reads
/// the configuration, the metadata files and the templates, and writes the rendered files.
public enum SAMLPinGenerator {
    /// The generator's version, written into every generated file.
    public static let version = "0.1.0"

    /// The name of the generated Swift file.
    public static let outputFileName = "SAMLPinConfiguration.swift"

    /// The name of the main template in `Templates/`.
    public static let mainTemplateName = "SAMLPinConfiguration.swift.template"

    /// Checks metadata files, alone or against a configuration.
    ///
    /// - Parameters:
    ///   - metadata: the metadata files. Without a configuration every identity provider in every
    ///     file is checked with the default policy.
    ///   - configuration: when given, only the identity providers it selects are checked, with their
    ///     policies, and the service provider is cross-checked against them.
    ///   - configurationPath: the configuration's path, for diagnostics.
    ///   - serviceProviderSigningCertificate: the PEM bytes of the file named by
    ///     `serviceProvider.signingCertificate`, when the caller could read it.
    ///   - configurationBytes: the configuration file's bytes, so diagnostics can name a line in it.
    ///   - now: the instant expiry is judged against; pass a fixed date for reproducible output.
    /// - Returns: every diagnostic, sorted by file, line and message.
    public static func lint(
        metadata: [MetadataInput],
        configuration: GeneratorConfiguration?,
        configurationPath: String?,
        serviceProviderSigningCertificate: [UInt8]? = nil,
        configurationBytes: [UInt8]? = nil,
        now: Date
    ) -> [Diagnostic] {
        let pipeline = Pipeline(
            configuration: configuration, configurationPath: configurationPath ?? "saml-pin.json",
            configurationText: ConfigurationText(bytes: configurationBytes), metadata: metadata,
            serviceProviderSigningCertificate: serviceProviderSigningCertificate, now: now
        )
        return Diagnostic.sorted(pipeline.check().diagnostics)
    }

    /// Generates `SAMLPinConfiguration.swift`.
    ///
    /// - Parameters:
    ///   - configuration: the decoded `saml-pin.json`.
    ///   - configurationPath: its path, for diagnostics.
    ///   - metadata: every metadata file the configuration names, keyed by `MetadataInput.path`.
    ///   - templates: template name → text, as read from `Templates/` (for example
    ///     `SAMLPinConfiguration.swift.template`).
    ///   - serviceProviderSigningCertificate: the PEM bytes of `serviceProvider.signingCertificate`.
    ///   - configurationBytes: the configuration file's bytes, so diagnostics can name a line in it.
    ///   - now: the instant expiry is judged against.
    /// - Returns: the diagnostics and, when none is an error, the rendered file.
    public static func generate(
        configuration: GeneratorConfiguration,
        configurationPath: String,
        metadata: [MetadataInput],
        templates: [String: String],
        serviceProviderSigningCertificate: [UInt8]? = nil,
        configurationBytes: [UInt8]? = nil,
        now: Date
    ) -> GeneratorResult {
        let pipeline = Pipeline(
            configuration: configuration, configurationPath: configurationPath,
            configurationText: ConfigurationText(bytes: configurationBytes), metadata: metadata,
            serviceProviderSigningCertificate: serviceProviderSigningCertificate, now: now
        )
        return pipeline.generate(templates: templates)
    }
}
