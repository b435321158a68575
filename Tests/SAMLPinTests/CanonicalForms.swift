@preconcurrency import CLibXML2
import SAMLPinSupport

/// The two exclusive canonicalizers side by side, for the differential tests.
enum CanonicalForms {
    /// The canonical bytes of `root` by libxml2's `xmlC14NExecute`, or nil when it refused.
    static func libxml2(_ root: xmlNodePtr, excluding excluded: xmlNodePtr?, prefixes: InclusivePrefixList?)
        -> [UInt8]?
    {
        let collector = ExclusiveCanonicalizer.CanonicalBytes()
        guard
            ExclusiveCanonicalizer.canonicalize(
                root, excluding: excluded, prefixes: prefixes, into: .collect(collector))
                != nil
        else { return nil }
        return collector.bytes
    }

    /// The canonical bytes of `root` as the narrow verifier produces them, or nil when it refused.
    static func written(
        _ root: xmlNodePtr, excluding excluded: xmlNodePtr?, prefixes: InclusivePrefixList?, document: xmlDocPtr
    ) -> [UInt8]? {
        guard ExclusiveCanonicalWriter.namespacesAreAbsolute(in: document) else { return nil }
        let collector = ExclusiveCanonicalizer.CanonicalBytes()
        guard
            ExclusiveCanonicalWriter.canonicalize(
                root, excluding: excluded, prefixes: prefixes, into: .collect(collector))
                != nil
        else { return nil }
        return collector.bytes
    }

    /// An InclusiveNamespaces PrefixList, split as the verifier splits it.
    static func prefixList(_ value: String) -> InclusivePrefixList? {
        guard let element = xmlNewNode(nil, "InclusiveNamespaces") else { return nil }
        defer { xmlFreeNode(element) }
        xmlSetProp(element, "PrefixList", value)
        return InclusivePrefixList(of: element)
    }

    /// The elements below `node` in document order, at most `limit` in all.
    static func elements(under node: xmlNodePtr, into found: inout [xmlNodePtr], limit: Int = .max) {
        var child = node.pointee.children
        while let current = child, found.count < limit {
            if current.pointee.type == XML_ELEMENT_NODE {
                found.append(current)
                elements(under: current, into: &found, limit: limit)
            }
            child = current.pointee.next
        }
    }
}
