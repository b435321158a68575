import SAMLMetadata
@testable import _SAMLPinGeneratorCore

/// Reads facts the generator records about a metadata file through the parser it uses.
enum MetadataParserProxy {
    static func sha256(of input: MetadataInput) throws -> String {
        try MetadataParser.parse(input.bytes, fileName: input.path).sha256
    }
}
