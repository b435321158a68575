@preconcurrency import CLibXML2

/// Allocation-free reads over one libxml2 element node of the message being verified.
///
/// Names are matched by namespace URI and local name as bytes, never by prefix. Text is read
/// whole with `xmlNodeGetContent`, so a comment or processing instruction inside an element can
/// never cut its value short.
struct SAMLElement {
    let node: xmlNodePtr

    /// Whether this element is `name` in `namespace`.
    @inline(__always)
    func `is`(_ namespace: StaticString, _ name: StaticString) -> Bool {
        guard xmlStrEqual(node.pointee.name, name.utf8Start) != 0 else { return false }
        guard let href = node.pointee.ns?.pointee.href else { return false }
        return xmlStrEqual(href, namespace.utf8Start) != 0
    }

    /// Whether this element is in `namespace`, whatever its name.
    @inline(__always)
    func isIn(_ namespace: StaticString) -> Bool {
        guard let href = node.pointee.ns?.pointee.href else { return false }
        return xmlStrEqual(href, namespace.utf8Start) != 0
    }

    /// `{namespace}local`, for messages.
    var qualifiedName: String {
        let local = node.pointee.name.map { String(cString: $0) } ?? ""
        guard let href = node.pointee.ns?.pointee.href else { return local }
        return "{\(String(cString: href))}\(local)"
    }

    /// The local name, for messages.
    var localName: String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The parent element, if the parent is an element.
    var parent: SAMLElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return SAMLElement(node: parent)
    }

    /// The element children, in document order.
    var children: SAMLElementChildren { SAMLElementChildren(cursor: node.pointee.children) }

    /// The element children named `name` in `namespace`.
    func children(_ namespace: StaticString, _ name: StaticString) -> [SAMLElement] {
        children.filter { $0.is(namespace, name) }
    }

    /// The first element child named `name` in `namespace`.
    func firstChild(_ namespace: StaticString, _ name: StaticString) -> SAMLElement? {
        for child in children where child.is(namespace, name) { return child }
        return nil
    }

    /// An attribute without a namespace, exactly as parsed.
    func attribute(_ name: StaticString) -> String? {
        guard let value = xmlGetNoNsProp(node, name.utf8Start) else { return nil }
        defer { samlpin_xml_free(value) }
        return String(cString: value)
    }

    /// An attribute in `namespace`.
    func attribute(_ name: StaticString, namespace: StaticString) -> String? {
        guard let value = xmlGetNsProp(node, name.utf8Start, namespace.utf8Start) else { return nil }
        defer { samlpin_xml_free(value) }
        return String(cString: value)
    }

    /// Whether an attribute without a namespace is present.
    func hasAttribute(_ name: StaticString) -> Bool {
        xmlHasNsProp(node, name.utf8Start, nil) != nil
    }

    /// The whole text content, exactly as parsed.
    var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { samlpin_xml_free(content) }
        return String(cString: content)
    }

    /// The whole text content without leading or trailing XML whitespace (for URIs and IDs).
    var trimmedText: String {
        text.trimmingXMLWhitespace()
    }

    /// Whether any element child exists.
    var hasElementChildren: Bool {
        var iterator = children
        return iterator.next() != nil
    }
}

/// Iterates over the element children of a node, skipping text, comments and PIs.
struct SAMLElementChildren: Sequence, IteratorProtocol {
    var cursor: xmlNodePtr?

    mutating func next() -> SAMLElement? {
        while let current = cursor {
            cursor = current.pointee.next
            if current.pointee.type == XML_ELEMENT_NODE { return SAMLElement(node: current) }
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF).
    func trimmingXMLWhitespace() -> String {
        let isXMLSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isXMLSpace($0) }),
            let last = scalars.lastIndex(where: { !isXMLSpace($0) })
        else { return "" }
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
