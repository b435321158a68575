import SAMLPinSupport

extension CertificateEntry {
    /// Stands in for OpenSSL's verdict until `CertificateBatch` has decoded the DER; never leaves
    /// the parser.
    static let pendingDecode = CertificateParseError(reason: "not decoded yet")

    /// Reads a `ds:X509Certificate` element: its whole text with whitespace removed, then base64.
    ///
    /// - Returns: the entry, and its DER when the base64 decoded. An entry with DER carries
    ///   `pendingDecode` until its certificate is decoded; any other failure is final.
    static func reading(_ element: XMLElement) -> (entry: CertificateEntry, der: [UInt8]?) {
        // Space, tab, CR (including `&#13;`) and LF may wrap the base64 anywhere.
        let compact: [UInt8] = element.withContent { bytes in bytes.filter { !$0.isXMLWhitespace } }
        let base64 = String(decoding: compact, as: UTF8.self)

        if compact.isEmpty {
            let failure = CertificateParseError(reason: "the X509Certificate element is empty")
            return (CertificateEntry(line: element.line, base64: base64, parsed: .failure(failure)), nil)
        }
        guard let der = Base64.decode(compact) else {
            let failure = CertificateParseError(reason: "the X509Certificate text is not valid base64")
            return (CertificateEntry(line: element.line, base64: base64, parsed: .failure(failure)), nil)
        }
        return (CertificateEntry(line: element.line, base64: base64, parsed: .failure(pendingDecode)), der)
    }
}

extension CertificateDetails {
    /// Decodes DER with OpenSSL and collects what the model shows about the certificate.
    static func read(der: [UInt8]) -> Result<CertificateDetails, CertificateParseError> {
        let certificate: X509Certificate
        do {
            certificate = try X509Certificate(der: der, decoding: .inspection)
        } catch {
            return .failure(CertificateParseError(reason: error.description))
        }
        guard let notBefore = certificate.notBefore, let notAfter = certificate.notAfter else {
            return .failure(CertificateParseError(reason: "the certificate's validity dates cannot be read"))
        }
        let keyType: KeyType
        switch certificate.keyKind {
        case .rsa: keyType = .rsa
        case .ec(let curve): keyType = .ec(curve: curve)
        case .other(let name): keyType = .other(name)
        }
        return .success(
            CertificateDetails(
                der: der, subject: certificate.subject, issuer: certificate.issuer,
                serialNumber: certificate.serialNumber, notBefore: notBefore, notAfter: notAfter,
                keyType: keyType, keyBits: certificate.keyBits, signatureAlgorithm: certificate.signatureAlgorithm,
                sha256Fingerprint: certificate.sha256Fingerprint))
    }
}
