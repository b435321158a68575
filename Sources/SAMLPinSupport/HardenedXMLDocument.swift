@preconcurrency import CLibXML2

/// Why a document was refused by `HardenedXMLDocument`.
package enum XMLParseFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input is larger than the caller allows; nothing was parsed.
    case tooLarge(size: Int, limit: Int)
    /// The input is empty.
    case empty
    /// The document declares a DTD (`<!DOCTYPE`); entities and default attributes are never
    /// allowed to shape what gets verified or read.
    case documentTypeDeclaration(line: Int)
    /// libxml2 found the input not well-formed.
    case malformed(line: Int, message: String)

    package var description: String {
        switch self {
        case .tooLarge(let size, let limit):
            return "input of \(size) bytes exceeds the limit of \(limit) bytes"
        case .empty:
            return "input is empty"
        case .documentTypeDeclaration(let line):
            return "line \(line): a DOCTYPE declaration is not allowed"
        case .malformed(let line, let message):
            return "line \(line): XML is not well-formed: \(message)"
        }
    }
}

/// A libxml2 document parsed with every risky feature off, owned by this object.
///
/// The parse never loads a DTD, never substitutes entities, never touches the network and
/// never recovers from errors. A document that declares a DTD is refused: the SAX hook stops
/// the parser as soon as `<!DOCTYPE` is seen, before any internal subset is read, and the tree
/// is checked again afterwards. Each document is used by one task at a time.
package final class HardenedXMLDocument: @unchecked Sendable {
    /// The parsed tree. Valid for the lifetime of this object.
    package let pointer: xmlDocPtr

    /// The root element of the document.
    package var root: xmlNodePtr? { xmlDocGetRootElement(pointer) }

    /// Parses `bytes` as a standalone XML document.
    ///
    /// - Parameters:
    ///   - bytes: the raw document, in any encoding libxml2 detects (a UTF-8 byte-order mark is fine).
    ///   - maximumSize: inputs over this many bytes are refused before parsing.
    /// - Throws: `XMLParseFailure` naming the first problem.
    package init(parsing bytes: UnsafeRawBufferPointer, maximumSize: Int) throws(XMLParseFailure) {
        self.pointer = try Self.parse(bytes, maximumSize: maximumSize)
    }

    /// Parses a byte array; see `init(parsing:maximumSize:)`.
    package init(parsing bytes: [UInt8], maximumSize: Int) throws(XMLParseFailure) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(XMLParseFailure) in try Self.parse(buffer, maximumSize: maximumSize) }
        }
        self.pointer = try result.get()
    }

    deinit {
        xmlFreeDoc(pointer)
    }

    private static func parse(
        _ bytes: UnsafeRawBufferPointer,
        maximumSize: Int
    ) throws(XMLParseFailure) -> xmlDocPtr {
        guard bytes.count <= maximumSize else { throw .tooLarge(size: bytes.count, limit: maximumSize) }
        guard bytes.count > 0, let base = bytes.baseAddress else { throw .empty }
        guard bytes.count <= Int(Int32.max) else { throw .tooLarge(size: bytes.count, limit: Int(Int32.max)) }

        // Quadratic attribute checks and NUL-truncated views are refused before libxml2 runs.
        if let problem = MarkupPreScan.problem(in: bytes) {
            throw .malformed(line: problem.line, message: problem.message)
        }

        guard let context = xmlNewParserCtxt() else {
            throw .malformed(line: 0, message: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(context) }

        // Stop at the first sign of a DTD, before libxml2 reads its declarations.
        context.pointee.sax.pointee.internalSubset = refuseDocumentTypeDeclaration

        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue
        )
        let parsed = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { characters in
            xmlCtxtReadMemory(context, characters, Int32(bytes.count), nil, nil, options)
        }

        let sawDocumentType = context.pointee._private == documentTypeMarker()
        let lastError = context.pointee.lastError
        // Namespace errors (an unbound prefix, `xmlns:p=""`) leave names unresolved; refuse them too.
        let wellFormed = context.pointee.wellFormed != 0 && context.pointee.nsWellFormed != 0

        guard let document = parsed, wellFormed, !sawDocumentType else {
            if let parsed { xmlFreeDoc(parsed) }
            if sawDocumentType { throw .documentTypeDeclaration(line: Int(lastError.line)) }
            let message = lastError.message.map { String(cString: $0) } ?? "unknown error"
            throw .malformed(line: Int(lastError.line), message: tidy(message))
        }
        // Belt and braces: a DTD that reached the tree by any path is refused as well.
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            xmlFreeDoc(document)
            throw .documentTypeDeclaration(line: 1)
        }
        guard xmlDocGetRootElement(document) != nil else {
            xmlFreeDoc(document)
            throw .malformed(line: Int(lastError.line), message: "no root element")
        }
        return document
    }

    /// libxml2's message on one line: it ends messages with a newline and breaks some in the middle
    /// ("Input is not proper UTF-8, indicate encoding !\nBytes: 0xE9 0x20"), which a diagnostic would
    /// otherwise print as an escaped control character.
    private static func tidy(_ message: String) -> String {
        message.split(whereSeparator: { $0.isNewline || $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

/// A sentinel stored in the parser context's `_private` field when a DOCTYPE was seen.
private func documentTypeMarker() -> UnsafeMutableRawPointer? {
    UnsafeMutableRawPointer(bitPattern: 0x5A4D_4C44)
}

/// SAX `internalSubset` hook: marks the context and stops the parser at `<!DOCTYPE`.
private func refuseDocumentTypeDeclaration(
    _ userData: UnsafeMutableRawPointer?,
    _ name: UnsafePointer<xmlChar>?,
    _ externalID: UnsafePointer<xmlChar>?,
    _ systemID: UnsafePointer<xmlChar>?
) {
    guard let userData else { return }
    let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    context.pointee._private = documentTypeMarker()
    xmlStopParser(context)
}
