@preconcurrency import CLibXML2

/// Namespace URIs the metadata reader matches elements against (never prefixes).
enum MetadataNamespace {
    static let metadata: StaticString = "urn:oasis:names:tc:SAML:2.0:metadata"
    static let signature: StaticString = "http://www.w3.org/2000/09/xmldsig#"
    static let algorithmSupport: StaticString = "urn:oasis:names:tc:SAML:metadata:algsupport"
    static let userInterface: StaticString = "urn:oasis:names:tc:SAML:metadata:ui"
    static let xml: StaticString = "http://www.w3.org/XML/1998/namespace"
}

/// Thin, allocation-free reads over a libxml2 element node.
///
/// Names are compared as bytes against static C strings, so walking a large aggregate does
/// not create a `String` for every element it passes.
struct XMLElement {
    let node: xmlNodePtr

    /// The 1-based line where the element's start tag ends.
    ///
    /// libxml2 keeps an element's line in 16 bits and stores 65535 for every later line. With
    /// `XML_PARSE_BIG_LINES` a text node records the full line where it ends, so the line of a
    /// later element is recovered from the short whitespace text that follows its start tag.
    var line: Int {
        let stored = Int(node.pointee.line)
        guard stored == Int(UInt16.max) else { return stored }
        if let child = node.pointee.children {
            if let start = Self.startLine(ofShortText: child) { return start }
        } else if let next = node.pointee.next, let start = Self.startLine(ofShortText: next) {
            return start
        }
        // Text before the start tag ends where the tag begins; exact unless the tag spans lines.
        if let previous = node.pointee.prev, let end = Self.endLine(ofShortText: previous) { return end }
        return Int(xmlGetLineNo(node))
    }

    /// The line where a short text node starts, from its end line minus the line feeds it holds.
    private static func startLine(ofShortText text: xmlNodePtr) -> Int? {
        guard let end = endLine(ofShortText: text), let content = text.pointee.content else { return nil }
        var newlines = 0
        var cursor = content
        while cursor.pointee != 0 {
            if cursor.pointee == 0x0A { newlines += 1 }
            cursor += 1
        }
        return end - newlines
    }

    /// The line where a text node ends, if libxml2 recorded it and the text arrived in one piece
    /// (the parser hands text over in chunks of 300 bytes; only the first chunk's line is kept).
    private static func endLine(ofShortText text: xmlNodePtr) -> Int? {
        guard text.pointee.type == XML_TEXT_NODE, let recorded = text.pointee.psvi,
            let content = text.pointee.content, xmlStrlen(content) < 256
        else { return nil }
        return Int(bitPattern: recorded)
    }

    /// Whether this element is `name` in `namespace`.
    @inline(__always)
    func `is`(_ namespace: StaticString, _ name: StaticString) -> Bool {
        guard xmlStrEqual(node.pointee.name, name.utf8Start) != 0 else { return false }
        guard let href = node.pointee.ns?.pointee.href else { return false }
        return xmlStrEqual(href, namespace.utf8Start) != 0
    }

    /// The local name, for messages.
    var localName: String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The namespace URI, or nil when the element has none.
    var namespaceURI: String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// The element children, in document order.
    var children: XMLElementChildren { XMLElementChildren(cursor: node.pointee.children) }

    /// An attribute without a namespace, as written (after XML attribute-value normalisation).
    func attribute(_ name: StaticString) -> String? {
        guard let value = xmlGetNoNsProp(node, name.utf8Start) else { return nil }
        defer { samlpin_xml_free(value) }
        return String(cString: value)
    }

    /// The `xml:lang` attribute of this element itself (not inherited).
    var language: String? {
        guard let value = xmlGetNsProp(node, "lang", MetadataNamespace.xml.utf8Start) else { return nil }
        defer { samlpin_xml_free(value) }
        return String(cString: value)
    }

    /// The whole text content, with leading and trailing XML whitespace removed.
    ///
    /// Read with `xmlNodeGetContent`, so comments or processing instructions inside the
    /// element never cut the value short.
    var trimmedText: String {
        withContent { bytes in String(decoding: bytes.trimmingXMLWhitespace(), as: UTF8.self) }
    }

    /// Calls `body` with the whole text content as bytes, valid only during the call.
    func withContent<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard let content = xmlNodeGetContent(node) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        defer { samlpin_xml_free(content) }
        return body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
    }
}

/// Iterates over the element children of a node, skipping text, comments and PIs.
struct XMLElementChildren: Sequence, IteratorProtocol {
    var cursor: xmlNodePtr?

    mutating func next() -> XMLElement? {
        while let current = cursor {
            cursor = current.pointee.next
            if current.pointee.type == XML_ELEMENT_NODE { return XMLElement(node: current) }
        }
        return nil
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes without leading and trailing space, tab, CR and LF.
    func trimmingXMLWhitespace() -> Slice<UnsafeBufferPointer<UInt8>> {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isXMLWhitespace { start += 1 }
        while end > start, self[end - 1].isXMLWhitespace { end -= 1 }
        return self[start..<end]
    }
}

extension UInt8 {
    /// Space, tab, CR or LF: the characters XML treats as whitespace.
    var isXMLWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
