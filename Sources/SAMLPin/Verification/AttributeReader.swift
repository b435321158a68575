@preconcurrency import CLibXML2
import SAMLPinSupport

/// Reads NameIDs and attributes from a verified assertion.
struct AttributeReader {
    /// Prefixes whose declarations that signature covers wherever they are (InclusiveNamespaces).
    let inclusivePrefixes: Set<String>

    /// A `saml:NameID` (or a NameID nested in an attribute value).
    static func nameID(_ element: SAMLElement) -> NameID {
        NameID(
            value: element.text,
            format: element.attribute("Format"),
            nameQualifier: element.attribute("NameQualifier"),
            spNameQualifier: element.attribute("SPNameQualifier"),
            spProvidedID: element.attribute("SPProvidedID")
        )
    }

    /// Every attribute of every `AttributeStatement`, in document order.
    func attributes(of assertion: SAMLElement) -> [Attribute] {
        var result: [Attribute] = []
        for statement in assertion.children where statement.is(SAMLNamespace.assertion, "AttributeStatement") {
            for element in statement.children where element.is(SAMLNamespace.assertion, "Attribute") {
                var values: [AttributeValue] = []
                for child in element.children where child.is(SAMLNamespace.assertion, "AttributeValue") {
                    values.append(value(child))
                }
                result.append(
                    Attribute(
                        name: element.attribute("Name") ?? "",
                        nameFormat: element.attribute("NameFormat"),
                        friendlyName: element.attribute("FriendlyName"),
                        values: values
                    )
                )
            }
        }
        return result
    }

    private func value(_ element: SAMLElement) -> AttributeValue {
        let lexicalType = element.attribute("type", namespace: SAMLNamespace.schemaInstance)
        let type = lexicalType.map { resolve($0, at: element) }
        let nilValue = element.attribute("nil", namespace: SAMLNamespace.schemaInstance)
        let isNil = nilValue == "true" || nilValue == "1"
        var children = element.children
        guard let first = children.next() else {
            return AttributeValue(text: element.text, type: type, lexicalType: lexicalType, isNil: isNil)
        }
        // A nested NameID (eduPersonTargetedID) is kept as a NameID, not flattened into text.
        if children.next() == nil, first.is(SAMLNamespace.assertion, "NameID") {
            let nameID = Self.nameID(first)
            return AttributeValue(
                text: nameID.value, type: type, lexicalType: lexicalType, nameID: nameID, isNil: isNil
            )
        }
        // Other markup is not silently concatenated into a string.
        return AttributeValue(text: "", type: type, lexicalType: lexicalType, isNil: isNil, containsElements: true)
    }

    /// Resolves an `xsi:type` QName against the namespaces in scope at `element`, trusting only
    /// a binding the signature covers.
    ///
    /// Exclusive c14n renders a namespace declaration only where an element or attribute *name*
    /// uses its prefix. A prefix used only inside an attribute value (`xsi:type="xs:string"`) is
    /// therefore unsigned, wherever it is declared, unless the signature lists it in
    /// InclusiveNamespaces (Okta's `PrefixList="xs"` exists for exactly this). An unsigned binding
    /// could be changed without breaking the signature, so such a type is left unresolved.
    private func resolve(_ qualifiedName: String, at element: SAMLElement) -> QualifiedName {
        let trimmed = qualifiedName.trimmingXMLWhitespace()
        // Split at the first colon only, without building an array of parts.
        let colon = trimmed.utf8.firstIndex(of: UInt8(ascii: ":"))
        let prefix: String? = colon.map { String(trimmed[..<$0]) }
        let localName = colon.map { String(trimmed[trimmed.utf8.index(after: $0)...]) } ?? trimmed

        let signed = inclusivePrefixes.contains(prefix ?? "#default") || Self.visiblyUses(element.node, prefix)
        guard signed, let namespace = Self.binding(of: prefix, at: element.node),
            let href = namespace.pointee.href, href.pointee != 0
        else {
            return QualifiedName(namespaceURI: nil, localName: localName)
        }
        return QualifiedName(namespaceURI: String(cString: href), localName: localName)
    }

    /// The namespace `prefix` (nil for the default namespace) is bound to at `node`, if any.
    private static func binding(of prefix: String?, at node: xmlNodePtr) -> xmlNsPtr? {
        guard let prefix else { return xmlSearchNs(node.pointee.doc, node, nil) }
        return prefix.withXMLChars { xmlSearchNs(node.pointee.doc, node, $0) }
    }

    /// Whether the element's own name or one of its attribute names uses `prefix`.
    private static func visiblyUses(_ node: xmlNodePtr, _ prefix: String?) -> Bool {
        if matches(node.pointee.ns, prefix) { return true }
        // Unprefixed attributes are in no namespace: they never use the default namespace.
        guard prefix != nil else { return false }
        var property = node.pointee.properties
        while let attribute = property {
            if let namespace = attribute.pointee.ns, matches(namespace, prefix) { return true }
            property = attribute.pointee.next
        }
        return false
    }

    private static func matches(_ namespace: xmlNsPtr?, _ prefix: String?) -> Bool {
        guard let namespace else { return false }
        guard let declared = namespace.pointee.prefix else { return prefix == nil }
        guard let prefix else { return false }
        return prefix.withXMLChars { sameXMLString(declared, $0) }
    }
}
