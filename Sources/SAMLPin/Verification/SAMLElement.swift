@preconcurrency import CLibXML2
import SAMLPinSupport

/// Allocation-free reads over one libxml2 element node of the message being verified.
///
/// Names are matched by namespace URI and local name as bytes, never by prefix. Text is read
/// whole, as `xmlNodeGetContent` reads it, so a comment or processing instruction inside an element
/// can never cut its value short; values are lent from the tree (`BorrowedXMLText`), not copied.
struct SAMLElement {
    let node: xmlNodePtr

    /// Whether this element is `name` in `namespace`.
    @inline(__always)
    func `is`(_ namespace: StaticString, _ name: StaticString) -> Bool {
        guard sameXMLString(node.pointee.name, name.utf8Start) else { return false }
        guard let href = node.pointee.ns?.pointee.href else { return false }
        return sameXMLString(href, namespace.utf8Start)
    }

    /// Whether this element is in `namespace`, whatever its name.
    @inline(__always)
    func isIn(_ namespace: StaticString) -> Bool {
        guard let href = node.pointee.ns?.pointee.href else { return false }
        return sameXMLString(href, namespace.utf8Start)
    }

    /// Whether the local name is `name`, whatever the namespace.
    @inline(__always)
    func hasLocalName(_ name: StaticString) -> Bool {
        sameXMLString(node.pointee.name, name.utf8Start)
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

    /// How many element children are named `name` in `namespace`.
    func count(_ namespace: StaticString, _ name: StaticString) -> Int {
        var count = 0
        for child in children where child.is(namespace, name) { count += 1 }
        return count
    }

    /// The first element child named `name` in `namespace`.
    func firstChild(_ namespace: StaticString, _ name: StaticString) -> SAMLElement? {
        for child in children where child.is(namespace, name) { return child }
        return nil
    }

    /// The element after this one in document order that is still inside the subtree of `root`:
    /// a pre-order walk by the tree's own links, without a stack.
    func following(within root: SAMLElement) -> SAMLElement? {
        var below = children
        if let child = below.next() { return child }
        var cursor = node
        while cursor != root.node {
            var siblings = SAMLElementChildren(cursor: cursor.pointee.next)
            if let sibling = siblings.next() { return sibling }
            guard let parent = cursor.pointee.parent else { return nil }
            cursor = parent
        }
        return nil
    }

    /// Calls `body` with the lent value of the attribute without a namespace; nil when the
    /// attribute is absent (or, as libxml2's getter would say, has no value).
    func withAttribute<Result>(_ name: StaticString, _ body: (UnsafePointer<xmlChar>) -> Result) -> Result? {
        guard let attribute = BorrowedXMLText.unqualifiedAttribute(node, name.utf8Start) else { return nil }
        return BorrowedXMLText.withValue(of: attribute) { value in value.map(body) }
    }

    /// An attribute without a namespace, exactly as parsed.
    func attribute(_ name: StaticString) -> String? {
        withAttribute(name) { String(cString: $0) }
    }

    /// Whether the attribute without a namespace is present and holds exactly `expected`.
    func attribute(_ name: StaticString, equals expected: StaticString) -> Bool {
        withAttribute(name) { BorrowedXMLText.equals($0, expected) } ?? false
    }

    /// The first of `candidates` whose bytes the attribute without a namespace holds exactly, if
    /// any: the caller's own String, so nothing is copied out of the tree.
    func attribute(_ name: StaticString, matchingOneOf candidates: [String]) -> String? {
        withAttribute(name) { value in
            candidates.first { candidate in candidate.withXMLChars { sameXMLString(value, $0) } }
        } ?? nil
    }

    /// Whether the attribute without a namespace is present and holds exactly the bytes of `expected`.
    func attribute(_ name: StaticString, equalsString expected: String) -> Bool {
        withAttribute(name) { value in expected.withXMLChars { sameXMLString(value, $0) } } ?? false
    }

    /// Whether the attribute without a namespace is present and holds exactly `#` and then `id`.
    func attribute(_ name: StaticString, equalsFragmentOf id: String) -> Bool {
        withAttribute(name) { value in
            value.pointee == UInt8(ascii: "#") && id.withXMLChars { sameXMLString(value + 1, $0) }
        } ?? false
    }

    /// An attribute in `namespace`.
    func attribute(_ name: StaticString, namespace: StaticString) -> String? {
        guard let attribute = BorrowedXMLText.qualifiedAttribute(node, name.utf8Start, namespace: namespace.utf8Start)
        else { return nil }
        return BorrowedXMLText.withValue(of: attribute) { value in value.map { String(cString: $0) } }
    }

    /// Whether an attribute without a namespace is present.
    func hasAttribute(_ name: StaticString) -> Bool {
        BorrowedXMLText.unqualifiedAttribute(node, name.utf8Start) != nil
    }

    /// The whole text content, exactly as parsed.
    var text: String {
        BorrowedXMLText.withContent(of: node) { content in content.map { String(cString: $0) } ?? "" }
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
