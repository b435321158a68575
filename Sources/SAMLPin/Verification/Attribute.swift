/// One `saml:Attribute` of a verified assertion.
public struct Attribute: Sendable, Hashable, Encodable {
    /// The NameFormat that a missing `NameFormat` means.
    public static let unspecifiedNameFormat = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"

    /// The `Name`.
    public let name: String
    /// The `NameFormat`, if present (absent means unspecified).
    public let nameFormat: String?
    /// The `FriendlyName`, if present.
    public let friendlyName: String?
    /// Every `AttributeValue`, in document order; empty when the attribute has none.
    public let values: [AttributeValue]

    /// Creates an attribute.
    public init(name: String, nameFormat: String?, friendlyName: String?, values: [AttributeValue]) {
        self.name = name
        self.nameFormat = nameFormat
        self.friendlyName = friendlyName
        self.values = values
    }
}

/// One `saml:AttributeValue`.
public struct AttributeValue: Sendable, Hashable, Encodable {
    /// The value's whole text when it holds only text; for a nested `NameID`, that NameID's
    /// value; empty when the value holds other elements (see `containsElements`).
    public let text: String
    /// The `xsi:type`, resolved against the namespaces in scope (any prefix), if present.
    ///
    /// The namespace is resolved only when the signature covers the prefix's binding: exclusive
    /// c14n signs a binding only where an element or attribute name uses the prefix, or when the
    /// signature lists it in InclusiveNamespaces (Okta: `PrefixList="xs"`). Otherwise, as with
    /// most `xs:string` values, `namespaceURI` is nil and `localName` still says `string`: the
    /// binding could be changed without breaking the signature. Treat an unresolved type as text.
    public let type: QualifiedName?
    /// The `xsi:type` exactly as written (for example `xs:string`), if present; not resolved.
    public let lexicalType: String?
    /// The nested `saml:NameID`, when the value is one (for example eduPersonTargetedID).
    public let nameID: NameID?
    /// True when the value is `xsi:nil="true"`.
    public let isNil: Bool
    /// True when the value holds child elements other than one `saml:NameID`; their text is
    /// not concatenated into `text`.
    public let containsElements: Bool

    /// Creates a value; everything but `text` is optional.
    public init(
        text: String,
        type: QualifiedName? = nil,
        lexicalType: String? = nil,
        nameID: NameID? = nil,
        isNil: Bool = false,
        containsElements: Bool = false
    ) {
        self.text = text
        self.type = type
        self.lexicalType = lexicalType
        self.nameID = nameID
        self.isNil = isNil
        self.containsElements = containsElements
    }
}

/// An XML qualified name resolved to its namespace URI.
public struct QualifiedName: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// The XML Schema namespace, which `xs:string` and friends resolve to.
    public static let xmlSchemaNamespace = "http://www.w3.org/2001/XMLSchema"

    /// The namespace URI the prefix was bound to; nil when the QName had no prefix and no
    /// default namespace was in scope, or when its prefix was not declared.
    public let namespaceURI: String?
    /// The local part.
    public let localName: String

    /// Creates a resolved name.
    public init(namespaceURI: String?, localName: String) {
        self.namespaceURI = namespaceURI
        self.localName = localName
    }

    /// True for an XML Schema built-in type with this local name (for example `"string"`).
    public func isXMLSchema(_ localName: String) -> Bool {
        namespaceURI == Self.xmlSchemaNamespace && self.localName == localName
    }

    /// `{namespace}local`, or `local` without a namespace.
    public var description: String {
        namespaceURI.map { "{\($0)}\(localName)" } ?? localName
    }
}
