/// How metadata URIs map onto the `SAMLPin` runtime's enum cases and static members.
enum EndpointTranslation {
    /// The protocol URI an IdP must list to speak SAML 2.0.
    static let saml2Protocol = "urn:oasis:names:tc:SAML:2.0:protocol"

    private static let bindings: [String: String] = [
        "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect": "httpRedirect",
        "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST": "httpPOST",
        "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact": "httpArtifact",
        "urn:oasis:names:tc:SAML:2.0:bindings:SOAP": "soap",
        "urn:oasis:names:tc:SAML:2.0:bindings:PAOS": "paos",
    ]

    private static let nameIDFormats: [String: String] = [
        "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified": "unspecified",
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress": "emailAddress",
        "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName": "x509SubjectName",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent": "persistent",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:transient": "transient",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:entity": "entity",
    ]

    /// The `Binding` case name for a binding URI, or nil when the runtime has no such binding.
    static func bindingCase(for uri: String) -> String? {
        bindings[uri]
    }

    /// Whether an AuthnRequest can be sent through this binding (HTTP-Redirect or HTTP-POST).
    static func isRequestBinding(_ uri: String) -> Bool {
        uri == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
            || uri == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    }

    /// The `NameIDFormat` static member for a well-known format URI, or nil.
    static func nameIDFormatMember(for uri: String) -> String? {
        nameIDFormats[uri]
    }
}
