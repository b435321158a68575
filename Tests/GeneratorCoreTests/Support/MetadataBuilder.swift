import Foundation

/// Writes small IdP metadata documents for tests, one element per line so that expected
/// diagnostic lines can be found with `line(of:)`.
struct MetadataBuilder {
    static let redirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    static let post = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    static let artifact = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"

    struct Key {
        var use: String?
        var base64: String
    }

    var entityID = "https://idp.example.test/metadata"
    var validUntil: String?
    var wantAuthnRequestsSigned = false
    var keys: [Key] = []
    var singleSignOnServices: [(binding: String, location: String)] = [(redirect, "https://idp.example.test/sso")]
    var singleLogoutServices: [(binding: String, location: String)] = []
    var signingMethods: [String] = []
    var digestMethods: [String] = []
    var displayName: String?

    init(certificate: String? = nil) {
        if let certificate { keys = [Key(use: "signing", base64: certificate)] }
    }

    /// The `EntityDescriptor` element, indented by `indent` spaces.
    func entity(indent: Int = 0, declareNamespaces: Bool = true) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var open = "<md:EntityDescriptor"
        if declareNamespaces { open += " " + Self.namespaces }
        open += " entityID=\"\(Self.escape(entityID))\""
        if let validUntil { open += " validUntil=\"\(validUntil)\"" }
        lines.append(open + ">")
        if !signingMethods.isEmpty || !digestMethods.isEmpty {
            lines.append("  <md:Extensions>")
            for algorithm in digestMethods {
                lines.append("    <alg:DigestMethod Algorithm=\"\(algorithm)\"/>")
            }
            for algorithm in signingMethods {
                lines.append("    <alg:SigningMethod Algorithm=\"\(algorithm)\"/>")
            }
            lines.append("  </md:Extensions>")
        }
        let want = wantAuthnRequestsSigned ? " WantAuthnRequestsSigned=\"true\"" : ""
        let protocols = "urn:oasis:names:tc:SAML:2.0:protocol"
        lines.append("  <md:IDPSSODescriptor protocolSupportEnumeration=\"\(protocols)\"\(want)>")
        if let displayName {
            lines.append("    <md:Extensions>")
            lines.append("      <mdui:UIInfo>")
            lines.append("        <mdui:DisplayName xml:lang=\"en\">\(Self.escape(displayName))</mdui:DisplayName>")
            lines.append("      </mdui:UIInfo>")
            lines.append("    </md:Extensions>")
        }
        for key in keys {
            lines.append("    <md:KeyDescriptor" + (key.use.map { " use=\"\($0)\"" } ?? "") + ">")
            lines.append("      <ds:KeyInfo>")
            lines.append("        <ds:X509Data>")
            lines.append("          <ds:X509Certificate>\(key.base64)</ds:X509Certificate>")
            lines.append("        </ds:X509Data>")
            lines.append("      </ds:KeyInfo>")
            lines.append("    </md:KeyDescriptor>")
        }
        for service in singleLogoutServices {
            lines.append("    <md:SingleLogoutService Binding=\"\(service.binding)\" "
                + "Location=\"\(Self.escape(service.location))\"/>")
        }
        lines.append("    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>")
        for service in singleSignOnServices {
            lines.append("    <md:SingleSignOnService Binding=\"\(service.binding)\" "
                + "Location=\"\(Self.escape(service.location))\"/>")
        }
        lines.append("  </md:IDPSSODescriptor>")
        lines.append("</md:EntityDescriptor>")
        return lines.map { pad + $0 }.joined(separator: "\n")
    }

    /// A complete document with this entity as its root.
    var document: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + entity() + "\n"
    }

    /// An `EntitiesDescriptor` holding `entities`.
    static func aggregate(_ entities: [MetadataBuilder], validUntil: String? = nil) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<md:EntitiesDescriptor \(namespaces)"
        if let validUntil { text += " validUntil=\"\(validUntil)\"" }
        text += ">\n"
        for entity in entities { text += entity.entity(indent: 2, declareNamespaces: false) + "\n" }
        return text + "</md:EntitiesDescriptor>\n"
    }

    static let namespaces = "xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
        + "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" "
        + "xmlns:alg=\"urn:oasis:names:tc:SAML:metadata:algsupport\" "
        + "xmlns:mdui=\"urn:oasis:names:tc:SAML:metadata:ui\""

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n": result += "&#10;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// The 1-based line of the `occurrence`-th line containing `needle`, or 0 when absent.
func line(of needle: String, in text: String, occurrence: Int = 1) -> Int {
    var seen = 0
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where line.contains(needle) {
        seen += 1
        if seen == occurrence { return index + 1 }
    }
    return 0
}
