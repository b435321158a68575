/// An empty `ds:Signature` skeleton that `xmlsec1 --sign` fills in.
///
/// The defaults are Okta's: exclusive C14N for SignedInfo, RSA-SHA256, one Reference to `#ID`
/// with the enveloped-signature and exclusive C14N (`PrefixList="xs"`) transforms, a SHA-256
/// digest, and the signing certificate in `KeyInfo`.
public struct SignatureTemplate: Sendable, Hashable {
    /// What `KeyInfo` carries.
    public enum KeyInfo: Sendable, Hashable {
        /// No `KeyInfo` element.
        case none
        /// `X509Data/X509Certificate`, filled with the signing certificate.
        case certificate
        /// `KeyValue`, filled with the raw public key (for example `RSAKeyValue`).
        case keyValue
        /// This exact XML (for example a `RetrievalMethod`).
        case raw(String)
    }

    public var canonicalizationMethod: String
    public var signatureMethod: String
    public var digestMethod: String
    /// Transform elements inside `ds:Transforms`, rendered as XML.
    public var transforms: [String]
    /// The Reference `URI`; nil means `#` + the signed element's ID.
    public var referenceURI: String?
    public var keyInfo: KeyInfo

    public static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    public static let exclusiveC14NWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
    public static let inclusiveC14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    public static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    public static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    public static let rsaSHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    public static let rsaMD5 = "http://www.w3.org/2001/04/xmldsig-more#rsa-md5"
    public static let rsaSHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
    public static let rsaSHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
    public static let ecdsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
    public static let ecdsaSHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"
    public static let ecdsaSHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
    public static let hmacSHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
    public static let hmacSHA1 = "http://www.w3.org/2000/09/xmldsig#hmac-sha1"
    public static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    public static let sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
    public static let sha512 = "http://www.w3.org/2001/04/xmlenc#sha512"
    public static let sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"
    public static let md5 = "http://www.w3.org/2001/04/xmldsig-more#md5"

    /// The enveloped-signature transform.
    public static let envelopedTransform = "<ds:Transform Algorithm=\"\(envelopedSignature)\"/>"
    /// Exclusive C14N with Okta's `InclusiveNamespaces PrefixList="xs"`.
    public static let exclusiveC14NTransform =
        "<ds:Transform Algorithm=\"\(exclusiveC14N)\"><ec:InclusiveNamespaces"
        + " xmlns:ec=\"\(exclusiveC14N)\" PrefixList=\"xs\"/></ds:Transform>"

    public init(
        canonicalizationMethod: String = SignatureTemplate.exclusiveC14N,
        signatureMethod: String = SignatureTemplate.rsaSHA256,
        digestMethod: String = SignatureTemplate.sha256,
        transforms: [String] = [SignatureTemplate.envelopedTransform, SignatureTemplate.exclusiveC14NTransform],
        referenceURI: String? = nil,
        keyInfo: KeyInfo = .certificate
    ) {
        self.canonicalizationMethod = canonicalizationMethod
        self.signatureMethod = signatureMethod
        self.digestMethod = digestMethod
        self.transforms = transforms
        self.referenceURI = referenceURI
        self.keyInfo = keyInfo
    }

    /// Okta's profile: RSA-SHA256 with a SHA-256 digest.
    public static let okta = SignatureTemplate()
    /// The legacy profile some IdPs still use: RSA-SHA1 with a SHA-1 digest.
    public static let rsaSHA1Legacy = SignatureTemplate(signatureMethod: rsaSHA1, digestMethod: sha1)
    /// ECDSA P-256 with SHA-256.
    public static let ecdsa = SignatureTemplate(signatureMethod: ecdsaSHA256)

    /// The skeleton for the element whose `ID` is `id`.
    public func xml(referencing id: String) -> String {
        let uri = referenceURI ?? "#\(id)"
        let keyInfoXML: String
        switch keyInfo {
        case .none: keyInfoXML = ""
        case .certificate: keyInfoXML = "<ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>"
        case .keyValue: keyInfoXML = "<ds:KeyInfo><ds:KeyValue/></ds:KeyInfo>"
        case .raw(let xml): keyInfoXML = xml
        }
        return "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>"
            + "<ds:CanonicalizationMethod Algorithm=\"\(canonicalizationMethod)\"/>"
            + "<ds:SignatureMethod Algorithm=\"\(signatureMethod)\"/>"
            + "<ds:Reference URI=\"\(XMLEscaping.attribute(uri))\">"
            + "<ds:Transforms>\(transforms.joined())</ds:Transforms>"
            + "<ds:DigestMethod Algorithm=\"\(digestMethod)\"/><ds:DigestValue/></ds:Reference>"
            + "</ds:SignedInfo><ds:SignatureValue/>\(keyInfoXML)</ds:Signature>"
    }
}
