/// A NameID format URI that an identity provider declares it supports.
public struct NameIDFormat: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let unspecified = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
    public static let emailAddress = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
    public static let x509SubjectName = NameIDFormat(
        rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName"
    )
    public static let persistent = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
    public static let transient = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient")
    public static let entity = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity")
}
