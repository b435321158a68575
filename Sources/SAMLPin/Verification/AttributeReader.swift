@preconcurrency import CLibXML2

/// Reads NameIDs and attributes from a verified assertion.
enum AttributeReader {
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
    static func attributes(of assertion: SAMLElement) -> [Attribute] {
        var result: [Attribute] = []
        for statement in assertion.children(SAMLNamespace.assertion, "AttributeStatement") {
            for element in statement.children(SAMLNamespace.assertion, "Attribute") {
                let values = element.children(SAMLNamespace.assertion, "AttributeValue").map(value)
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

    private static func value(_ element: SAMLElement) -> AttributeValue {
        let type = element.attribute("type", namespace: SAMLNamespace.schemaInstance).map { resolve($0, at: element) }
        let nilValue = element.attribute("nil", namespace: SAMLNamespace.schemaInstance)
        let isNil = nilValue == "true" || nilValue == "1"
        let children = Array(element.children)
        if children.isEmpty {
            return AttributeValue(text: element.text, type: type, isNil: isNil)
        }
        // A nested NameID (eduPersonTargetedID) is kept as a NameID, not flattened into text.
        if children.count == 1, children[0].is(SAMLNamespace.assertion, "NameID") {
            let nameID = nameID(children[0])
            return AttributeValue(text: nameID.value, type: type, nameID: nameID, isNil: isNil)
        }
        // Other markup is not silently concatenated into a string.
        return AttributeValue(text: "", type: type, isNil: isNil, containsElements: true)
    }

    /// Resolves an `xsi:type` QName against the namespaces in scope at `element`.
    private static func resolve(_ qualifiedName: String, at element: SAMLElement) -> QualifiedName {
        let trimmed = qualifiedName.trimmingXMLWhitespace()
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let prefix: String? = parts.count == 2 ? String(parts[0]) : nil
        let localName = parts.count == 2 ? String(parts[1]) : trimmed
        let namespace = xmlSearchNs(element.node.pointee.doc, element.node, prefix)
        let href = namespace?.pointee.href.map { String(cString: $0) }
        return QualifiedName(namespaceURI: href, localName: localName)
    }
}
