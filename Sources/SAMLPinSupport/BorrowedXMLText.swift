@preconcurrency import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Attribute and element text read as libxml2's own getters read it (`xmlGetProp`,
/// `xmlGetNoNsProp`, `xmlGetNsProp`, `xmlNodeGetContent`), but lent straight from the tree.
///
/// The getters copy every value into memory the caller must free. The hardened parse leaves an
/// attribute value, and the text of a leaf element, as one text node, whose bytes are the value:
/// those are lent as they are. Any other shape takes libxml2's getter, so the bytes seen are
/// always the ones libxml2 (and therefore libxmlsec1) would return. A lent pointer is valid only
/// inside the closure.
package enum BorrowedXMLText {
    /// The first attribute named `name` in no namespace, as `xmlGetNoNsProp` picks it.
    package static func unqualifiedAttribute(_ node: xmlNodePtr, _ name: UnsafePointer<xmlChar>) -> xmlAttrPtr? {
        var property = node.pointee.properties
        while let attribute = property {
            if attribute.pointee.ns == nil, sameXMLString(attribute.pointee.name, name) { return attribute }
            property = attribute.pointee.next
        }
        return nil
    }

    /// The first attribute named `name` whatever its namespace, as `xmlGetProp` picks it (and so
    /// libxmlsec1, which reads `Algorithm`, `URI` and `PrefixList` with it).
    package static func attributeInAnyNamespace(_ node: xmlNodePtr, _ name: UnsafePointer<xmlChar>) -> xmlAttrPtr? {
        var property = node.pointee.properties
        while let attribute = property {
            if sameXMLString(attribute.pointee.name, name) { return attribute }
            property = attribute.pointee.next
        }
        return nil
    }

    /// The first attribute named `name` in the namespace `href`, as `xmlGetNsProp` picks it.
    package static func qualifiedAttribute(
        _ node: xmlNodePtr,
        _ name: UnsafePointer<xmlChar>,
        namespace href: UnsafePointer<xmlChar>
    ) -> xmlAttrPtr? {
        var property = node.pointee.properties
        while let attribute = property {
            if let namespace = attribute.pointee.ns, sameXMLString(attribute.pointee.name, name),
                sameXMLString(namespace.pointee.href, href)
            {
                return attribute
            }
            property = attribute.pointee.next
        }
        return nil
    }

    /// Calls `body` with the value of `attribute`, or nil where libxml2's getters return NULL.
    package static func withValue<Result>(
        of attribute: xmlAttrPtr,
        _ body: (UnsafePointer<xmlChar>?) -> Result
    ) -> Result {
        guard let first = attribute.pointee.children else { return body("") }
        if first.pointee.next == nil,
            first.pointee.type == XML_TEXT_NODE || first.pointee.type == XML_CDATA_SECTION_NODE
        {
            return body(first.pointee.content)
        }
        guard let joined = xmlNodeListGetString(attribute.pointee.doc, first, 1) else { return body("") }
        defer { samlpin_xml_free(joined) }
        return body(joined)
    }

    /// Calls `body` with the whole text content of `element` (every descendant text node, no
    /// comment or processing instruction), or nil where `xmlNodeGetContent` returns NULL.
    package static func withContent<Result>(
        of element: xmlNodePtr,
        _ body: (UnsafePointer<xmlChar>?) -> Result
    ) -> Result {
        if let only = element.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE,
            let content = only.pointee.content
        {
            return body(content)
        }
        guard let content = xmlNodeGetContent(element) else { return body(nil) }
        defer { samlpin_xml_free(content) }
        return body(content)
    }

    /// Whether the NUL-terminated `text` holds exactly the bytes of `expected`.
    package static func equals(_ text: UnsafePointer<xmlChar>, _ expected: StaticString) -> Bool {
        sameXMLString(text, expected.utf8Start)
    }
}

/// Whether two libxml2 strings hold the same bytes, decided as `xmlStrEqual` decides (two NULLs
/// are equal, one NULL is not), but with libc's vectorised `strcmp` instead of libxml2's loop of
/// one byte at a time: the namespace URIs compared on every element are some forty bytes long.
@inline(__always)
package func sameXMLString(_ first: UnsafePointer<xmlChar>?, _ second: UnsafePointer<xmlChar>?) -> Bool {
    guard let first, let second else { return first == nil && second == nil }
    // Most compares are of names that differ at once; a call to strcmp costs more than they do.
    guard first.pointee == second.pointee else { return false }
    guard first.pointee != 0 else { return true }
    return strcmp(
        UnsafeRawPointer(first).assumingMemoryBound(to: CChar.self),
        UnsafeRawPointer(second).assumingMemoryBound(to: CChar.self)
    ) == 0
}

/// `sameXMLString` against a literal.
@inline(__always)
package func sameXMLString(_ first: UnsafePointer<xmlChar>?, _ literal: StaticString) -> Bool {
    sameXMLString(first, literal.utf8Start)
}

extension String {
    /// Calls `body` with the string as the NUL-terminated `xmlChar` bytes libxml2 takes, lent from
    /// the string's own storage (passing a String where libxml2 wants `xmlChar *` copies it into
    /// a new array every time).
    package func withXMLChars<Result>(_ body: (UnsafePointer<xmlChar>) throws -> Result) rethrows -> Result {
        try withCString { try body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }
}
