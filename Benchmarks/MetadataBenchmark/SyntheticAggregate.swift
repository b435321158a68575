import COpenSSL
import Foundation

/// Builds synthetic `EntitiesDescriptor` aggregates in which every IdP has a certificate of its own.
///
/// One RSA-2048 key signs (and is the subject key of) every certificate; each certificate still has
/// its own serial number and subject, so every DER, fingerprint and base64 literal is distinct, as
/// in a real federation feed. The certificates are made in-process with OpenSSL, because minting
/// thousands through the `openssl` CLI would take minutes.
struct SyntheticAggregate {
    enum Failure: Error, CustomStringConvertible {
        case openssl(String)
        var description: String {
            switch self {
            case .openssl(let step): return "OpenSSL failed while \(step)"
            }
        }
    }

    let entityCount: Int

    /// The aggregate's XML.
    func metadataXML() throws -> String {
        let key = try Self.makeKey()
        defer { EVP_PKEY_free(key) }

        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" \
            xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Name="urn:example:benchmark:federation">

            """
        xml.reserveCapacity(entityCount * 4_200)
        for index in 0..<entityCount {
            let certificate = try Self.makeCertificate(serial: index + 1, key: key)
            xml += entityXML(index: index, certificateBase64: certificate)
        }
        xml += "</md:EntitiesDescriptor>\n"
        return xml
    }

    /// A `saml-pin.json` that pins every IdP in the aggregate.
    func configurationJSON(metadataFileName: String) -> String {
        let entries = (0..<entityCount).map { index in
            """
                {"slug": "idp-\(index)", "metadata": "\(metadataFileName)", \
            "entityID": "\(Self.entityID(index))"}
            """
        }
        return """
            {
              "serviceProvider": {
                "entityID": "https://sp.example.com/saml/metadata",
                "assertionConsumerServiceURLs": ["https://sp.example.com/saml/acs"]
              },
              "identityProviders": [
            \(entries.joined(separator: ",\n"))
              ]
            }

            """
    }

    static func entityID(_ index: Int) -> String {
        "https://idp\(index).example.org/idp/shibboleth"
    }

    private func entityXML(index: Int, certificateBase64: String) -> String {
        let host = "idp\(index).example.org"
        return """
              <md:EntityDescriptor entityID="\(Self.entityID(index))">
                <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                  <md:KeyDescriptor use="signing">
                    <ds:KeyInfo><ds:X509Data><ds:X509Certificate>
            \(certificateBase64)
                    </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
                  </md:KeyDescriptor>
                  <md:KeyDescriptor use="encryption">
                    <ds:KeyInfo><ds:X509Data><ds:X509Certificate>
            \(certificateBase64)
                    </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
                  </md:KeyDescriptor>
                  <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" \
            Location="https://\(host)/idp/profile/SAML2/Redirect/SLO"/>
                  <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
                  <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
                  <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" \
            Location="https://\(host)/idp/profile/SAML2/Redirect/SSO"/>
                  <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" \
            Location="https://\(host)/idp/profile/SAML2/POST/SSO"/>
                </md:IDPSSODescriptor>
                <md:Organization>
                  <md:OrganizationName xml:lang="en">Example Organisation \(index)</md:OrganizationName>
                  <md:OrganizationDisplayName xml:lang="en">Example \(index)</md:OrganizationDisplayName>
                  <md:OrganizationURL xml:lang="en">https://\(host)/</md:OrganizationURL>
                </md:Organization>
              </md:EntityDescriptor>

            """
    }

    private static func makeKey() throws -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { throw Failure.openssl("keygen setup") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer? = nil
        guard EVP_PKEY_keygen_init(context) > 0, EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) > 0,
            EVP_PKEY_keygen(context, &key) > 0, let key
        else { throw Failure.openssl("generating an RSA key") }
        return key
    }

    /// A self-signed certificate valid from 2026 to 2036, base64 wrapped at 64 columns.
    private static func makeCertificate(serial: Int, key: OpaquePointer) throws -> String {
        guard let certificate = X509_new() else { throw Failure.openssl("allocating a certificate") }
        defer { X509_free(certificate) }

        X509_set_version(certificate, 2)
        ASN1_INTEGER_set(X509_get_serialNumber(certificate), serial)
        X509_time_adj_ex(X509_getm_notBefore(certificate), 0, 0, nil)
        X509_time_adj_ex(X509_getm_notAfter(certificate), 3_650, 0, nil)
        guard let name = X509_get_subject_name(certificate) else { throw Failure.openssl("naming") }
        let commonName = Array("idp\(serial - 1).example.org".utf8)
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, Int32(commonName.count), -1, 0)
        X509_set_issuer_name(certificate, name)
        X509_set_pubkey(certificate, key)
        guard X509_sign(certificate, key, EVP_sha256()) > 0 else { throw Failure.openssl("signing") }

        var cursor: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509(certificate, &cursor)
        guard length > 0, let cursor else { throw Failure.openssl("encoding DER") }
        defer { CRYPTO_free(cursor, #file, #line) }
        let der = Data(bytes: cursor, count: Int(length))
        return der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
    }
}
