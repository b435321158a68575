@preconcurrency import CLibXML2

/// One pass over the whole document, collecting what the shape checks need.
///
/// It finds assertions and signatures wherever they are (not only where SAML puts them), so
/// that a second assertion or a stray signature hidden deep in the tree is noticed, and it
/// counts every ID-like attribute value so an ID can be proven unique.
struct DocumentSurvey {
    /// Every `saml:Assertion`, in document order.
    private(set) var assertions: [SAMLElement] = []
    /// Every `saml:EncryptedAssertion`, in document order.
    private(set) var encryptedAssertions: [SAMLElement] = []
    /// Every `ds:Signature`, in document order.
    private(set) var signatures: [SAMLElement] = []
    /// How often each value of an `ID`, `Id`, `id` or `AssertionID` attribute (in any namespace) occurs.
    private(set) var idValueCounts: [String: Int] = [:]

    init(root: SAMLElement) {
        // Pre-order over element nodes by pointer, so elements come in document order without a stack.
        var next: xmlNodePtr? = root.node
        while let node = next {
            let element = SAMLElement(node: node)
            if element.is(SAMLNamespace.assertion, "Assertion") {
                assertions.append(element)
            } else if element.is(SAMLNamespace.assertion, "EncryptedAssertion") {
                encryptedAssertions.append(element)
            } else if element.is(SAMLNamespace.signature, "Signature") {
                signatures.append(element)
            }
            countIDs(of: node)
            next = Self.following(node, within: root.node)
        }
    }

    /// The next element after `node` in document order without leaving the subtree of `root`.
    private static func following(_ node: xmlNodePtr, within root: xmlNodePtr) -> xmlNodePtr? {
        if let child = firstElement(node.pointee.children) { return child }
        var cursor = node
        while cursor != root {
            if let sibling = firstElement(cursor.pointee.next) { return sibling }
            guard let parent = cursor.pointee.parent else { return nil }
            cursor = parent
        }
        return nil
    }

    /// `start` or its first following sibling that is an element.
    private static func firstElement(_ start: xmlNodePtr?) -> xmlNodePtr? {
        var cursor = start
        while let current = cursor {
            if current.pointee.type == XML_ELEMENT_NODE { return current }
            cursor = current.pointee.next
        }
        return nil
    }

    private mutating func countIDs(of node: xmlNodePtr) {
        var property = node.pointee.properties
        while let attribute = property {
            property = attribute.pointee.next
            guard let name = attribute.pointee.name else { continue }
            // Any namespace counts (xml:id, saml2p:ID...): a prefixed copy of an ID is still a decoy.
            let isIDName = xmlStrEqual(name, "ID") != 0 || xmlStrEqual(name, "Id") != 0
                || xmlStrEqual(name, "id") != 0 || xmlStrEqual(name, "AssertionID") != 0
            guard isIDName, let value = xmlNodeListGetString(node.pointee.doc, attribute.pointee.children, 1) else {
                continue
            }
            idValueCounts[String(cString: value), default: 0] += 1
            samlpin_xml_free(value)
        }
    }
}
