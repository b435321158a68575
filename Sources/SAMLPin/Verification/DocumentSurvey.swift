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
        var stack: [xmlNodePtr] = [root.node]
        while let node = stack.popLast() {
            let element = SAMLElement(node: node)
            if element.is(SAMLNamespace.assertion, "Assertion") {
                assertions.append(element)
            } else if element.is(SAMLNamespace.assertion, "EncryptedAssertion") {
                encryptedAssertions.append(element)
            } else if element.is(SAMLNamespace.signature, "Signature") {
                signatures.append(element)
            }
            countIDs(of: node)
            // Children are pushed in reverse so elements pop in document order.
            var children: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { children.append(current) }
                child = current.pointee.next
            }
            stack.append(contentsOf: children.reversed())
        }
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
