/// An attribute to put into a test assertion's `AttributeStatement`.
public struct TestAttribute: Sendable, Hashable {
    /// The `Name`.
    public let name: String
    /// The `NameFormat`, or nil to leave it out.
    public let nameFormat: String?
    /// Each `saml2:AttributeValue` element, already rendered as XML.
    public let valueElements: [String]

    /// An attribute whose value elements are given as raw XML (for nested NameIDs, odd prefixes...).
    public init(name: String, nameFormat: String? = TestAttribute.unspecified, rawValues: [String]) {
        self.name = name
        self.nameFormat = nameFormat
        self.valueElements = rawValues
    }

    /// An attribute whose values are `xs:string` text, typed the way Okta types them.
    public static func string(
        _ name: String,
        _ values: [String],
        nameFormat: String? = TestAttribute.unspecified
    ) -> TestAttribute {
        TestAttribute(
            name: name,
            nameFormat: nameFormat,
            rawValues: values.map { value in
                "<saml2:AttributeValue xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                    + " xsi:type=\"xs:string\">\(XMLEscaping.text(value))</saml2:AttributeValue>"
            }
        )
    }

    /// `urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified`.
    public static let unspecified = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"
    /// `urn:oasis:names:tc:SAML:2.0:attrname-format:uri`.
    public static let uri = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"

    /// The `saml2:Attribute` element.
    var xml: String {
        let format = nameFormat.map { " NameFormat=\"\(XMLEscaping.attribute($0))\"" } ?? ""
        return "<saml2:Attribute Name=\"\(XMLEscaping.attribute(name))\"\(format)>"
            + valueElements.joined() + "</saml2:Attribute>"
    }
}

/// Escaping of text and attribute values for the XML templates.
public enum XMLEscaping {
    /// Escapes `&`, `<` and `>` for element content.
    public static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Escapes text and double quotes for a double-quoted attribute value.
    public static func attribute(_ value: String) -> String {
        text(value).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
