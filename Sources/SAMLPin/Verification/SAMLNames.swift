/// Namespace URIs and algorithm identifiers the verifier matches against (never prefixes).
enum SAMLNamespace {
    static let protocol_: StaticString = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let assertion: StaticString = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let signature: StaticString = "http://www.w3.org/2000/09/xmldsig#"
    static let signature11: StaticString = "http://www.w3.org/2009/xmldsig11#"
    static let exclusiveCanonicalization: StaticString = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let schemaInstance: StaticString = "http://www.w3.org/2001/XMLSchema-instance"
}

/// Fixed values of SAML attributes.
enum SAMLValue {
    static let version: StaticString = "2.0"
    static let statusSuccess: StaticString = "urn:oasis:names:tc:SAML:2.0:status:Success"
    static let entityFormat: StaticString = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
    static let bearer: StaticString = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
}

/// The algorithm identifiers the SAML signature profile accepts here.
enum SignatureAlgorithm {
    static let exclusiveCanonicalization: StaticString = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let envelopedSignature: StaticString = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

    /// SignatureMethod URIs and the key family each needs; SHA-1 ones only by opt-in.
    static let signatureMethods: [(uri: StaticString, family: KeyFamily, isSHA1: Bool)] = [
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", .rsa, false),
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", .rsa, false),
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", .rsa, false),
        ("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", .ecdsa, false),
        ("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384", .ecdsa, false),
        ("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512", .ecdsa, false),
        ("http://www.w3.org/2000/09/xmldsig#rsa-sha1", .rsa, true),
    ]

    /// DigestMethod URIs and whether each is SHA-1.
    static let digestMethods: [(uri: StaticString, isSHA1: Bool)] = [
        ("http://www.w3.org/2001/04/xmlenc#sha256", false),
        ("http://www.w3.org/2001/04/xmldsig-more#sha384", false),
        ("http://www.w3.org/2001/04/xmlenc#sha512", false),
        ("http://www.w3.org/2000/09/xmldsig#sha1", true),
    ]

    /// The public-key family a SignatureMethod needs.
    enum KeyFamily {
        case rsa
        case ecdsa
    }
}
