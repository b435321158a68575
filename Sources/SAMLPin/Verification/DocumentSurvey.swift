@preconcurrency import CLibXML2
import SAMLPinSupport

/// One pass over the whole document, collecting what the shape checks need.
///
/// It finds assertions and signatures wherever they are (not only where SAML puts them), so
/// that a second assertion or a stray signature hidden deep in the tree is noticed, and it
/// keeps every ID-like attribute so an ID can be proven unique.
struct DocumentSurvey {
    /// Every `saml:Assertion`, in document order.
    private(set) var assertions: [SAMLElement] = []
    /// Every `saml:EncryptedAssertion`, in document order.
    private(set) var encryptedAssertions: [SAMLElement] = []
    /// Every `ds:Signature`, in document order.
    private(set) var signatures: [SAMLElement] = []
    /// Every `ID`, `Id`, `id` or `AssertionID` attribute, in any namespace, in document order.
    private var idAttributes: [xmlAttrPtr] = []

    init(root: SAMLElement) {
        // A Response and its Assertion carry two IDs; room for a few more without growing.
        idAttributes.reserveCapacity(8)
        // Pre-order over element nodes by pointer, so elements come in document order without a stack.
        var next: SAMLElement? = root
        while let element = next {
            let node = element.node
            if element.is(SAMLNamespace.assertion, "Assertion") {
                assertions.append(element)
            } else if element.is(SAMLNamespace.assertion, "EncryptedAssertion") {
                encryptedAssertions.append(element)
            } else if element.is(SAMLNamespace.signature, "Signature") {
                signatures.append(element)
            }
            countIDs(of: node)
            next = element.following(within: root)
        }
    }

    private mutating func countIDs(of node: xmlNodePtr) {
        var property = node.pointee.properties
        while let attribute = property {
            property = attribute.pointee.next
            guard let name = attribute.pointee.name else { continue }
            // Any namespace counts (xml:id, saml2p:ID...): a prefixed copy of an ID is still a decoy.
            let isIDName =
                sameXMLString(name, "ID") || sameXMLString(name, "Id")
                || sameXMLString(name, "id") || sameXMLString(name, "AssertionID")
            if isIDName { idAttributes.append(attribute) }
        }
    }

    /// How many of the ID-like attributes hold `value`, equal as Swift Strings are equal.
    ///
    /// Canonically equivalent Unicode counts as the same ID (`é` as one scalar or as `e` and a
    /// combining accent, `K` and the Kelvin sign): a copy that any reader comparing Strings would
    /// take for the ID is a decoy too. The bytes are compared first; only text outside ASCII can
    /// be equal without the same bytes, and only then are Strings built.
    func occurrences(ofID value: String) -> Int {
        let valueIsASCII = value.utf8.allSatisfy { $0 < 0x80 }
        return value.withXMLChars { expected in
            var count = 0
            for attribute in idAttributes {
                let matches = BorrowedXMLText.withValue(of: attribute) { held -> Bool in
                    guard let held else { return false }
                    if sameXMLString(held, expected) { return true }
                    if valueIsASCII, Self.isASCII(held) { return false }
                    return String(cString: held) == value
                }
                if matches { count += 1 }
            }
            return count
        }
    }

    private static func isASCII(_ text: UnsafePointer<xmlChar>) -> Bool {
        var cursor = text
        while cursor.pointee != 0 {
            if cursor.pointee >= 0x80 { return false }
            cursor += 1
        }
        return true
    }
}
