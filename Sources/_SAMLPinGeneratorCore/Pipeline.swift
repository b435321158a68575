import Foundation
import SAMLMetadata

/// One generator run over a fixed set of inputs.
struct Pipeline {
    var configuration: GeneratorConfiguration?
    var configurationPath: String
    var metadata: [MetadataInput]
    var serviceProviderSigningCertificate: [UInt8]?
    var now: Date

    struct Checked {
        var diagnostics: [Diagnostic]
    }

    func check() -> Checked {
        Checked(diagnostics: [])
    }

    func generate(templates: [String: String]) -> GeneratorResult {
        GeneratorResult(diagnostics: check().diagnostics, files: [])
    }
}
