import COpenSSL
import SAMLPinSupport

/// Reads SAML 2.0 metadata with a hardened libxml2 parse.
public enum MetadataParser {
    /// The largest metadata file accepted, in bytes.
    public static let defaultMaximumSize = 64 << 20

    /// Parses a metadata file's bytes.
    ///
    /// The document is parsed once with no DTD, no entities and no network, then walked once.
    /// Only elements in the SAML metadata namespaces count (matched by namespace URI and local
    /// name, never by prefix). Problems inside an entity that do not make the whole file
    /// unusable become `MetadataDocument.warnings`; see `MetadataWarning` for which are errors.
    ///
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - fileName: the name used in diagnostics and provenance.
    ///   - maximumSize: inputs over this are refused before parsing.
    ///   - decodingCertificatesOf: the entity IDs whose certificates OpenSSL decodes, or nil
    ///     (the default) for all. Decoding dominates the cost of a large aggregate, and a caller
    ///     that pins a few entities needs only theirs; the other entries keep their base64 and
    ///     get a `.failure` whose reason says they were not decoded.
    /// - Returns: the entities with an `IDPSSODescriptor`, and root-level facts.
    /// - Throws: `MetadataParseError` when the file is empty, is not well-formed XML (with
    ///   libxml2's line and message), declares a DTD, is too large, or its root is neither
    ///   `EntityDescriptor` nor `EntitiesDescriptor` in the SAML 2.0 metadata namespace.
    public static func parse(
        _ bytes: [UInt8],
        fileName: String,
        maximumSize: Int = defaultMaximumSize,
        decodingCertificatesOf entityIDs: Set<String>? = nil
    ) throws(MetadataParseError) -> MetadataDocument {
        do {
            try LibraryInitialization.ensure()
        } catch {
            throw MetadataParseError(fileName: fileName, line: 0, message: error.description)
        }

        let document: HardenedXMLDocument
        do {
            document = try HardenedXMLDocument(parsing: bytes, maximumSize: maximumSize)
        } catch {
            throw MetadataParseError(fileName: fileName, failure: error, bytes: bytes)
        }
        guard let root = document.root else {
            throw MetadataParseError(fileName: fileName, line: 0, message: "the document has no root element")
        }

        var reader = MetadataReader(fileName: fileName, decodedEntityIDs: entityIDs)
        return try withExtendedLifetime(document) { () throws(MetadataParseError) -> MetadataDocument in
            try reader.read(root: XMLElement(node: root), sha256: sha256Hex(bytes))
        }
    }

    /// Lowercase hex SHA-256 of `bytes`, for provenance.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            _ = SHA256(input.baseAddress, input.count, &digest)
        }
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(digest.count * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension MetadataParseError {
    /// Translates a refusal of the hardened parser into a located metadata error.
    init(fileName: String, failure: XMLParseFailure, bytes: [UInt8]) {
        switch failure {
        case .tooLarge(let size, let limit):
            self.init(
                fileName: fileName, line: 0,
                message: "the metadata file is \(size) bytes, over the limit of \(limit) bytes")
        case .empty:
            self.init(fileName: fileName, line: 0, message: "the metadata file is empty")
        case .documentTypeDeclaration(let line):
            let located = line > 0 ? line : Self.line(of: Array("<!DOCTYPE".utf8), in: bytes)
            self.init(fileName: fileName, line: located, message: "a DOCTYPE declaration is not allowed")
        case .malformed(let line, let message):
            self.init(fileName: fileName, line: line, message: "the metadata is not well-formed XML: \(message)")
        }
    }

    /// The 1-based line of the first occurrence of `needle`, or 0 if it does not occur.
    private static func line(of needle: [UInt8], in bytes: [UInt8]) -> Int {
        guard let first = needle.first, bytes.count >= needle.count else { return 0 }
        var line = 1
        for index in 0...(bytes.count - needle.count) {
            if bytes[index] == 0x0A { line += 1 }
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return line }
        }
        return 0
    }
}
