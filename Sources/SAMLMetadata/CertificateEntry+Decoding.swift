import SAMLPinSupport

extension CertificateEntry {
    /// Reads a `ds:X509Certificate` element: its whole text, whitespace removed, base64-decoded
    /// and handed to OpenSSL. Every failure is kept in `parsed`; nothing here throws.
    init(element: XMLElement) {
        // Space, tab, CR (including `&#13;`) and LF may wrap the base64 anywhere.
        let compact: [UInt8] = element.withContent { bytes in bytes.filter { !$0.isXMLWhitespace } }
        let base64 = String(decoding: compact, as: UTF8.self)

        let parsed: Result<CertificateDetails, CertificateParseError>
        if compact.isEmpty {
            parsed = .failure(CertificateParseError(reason: "the X509Certificate element is empty"))
        } else if let der = Base64.decode(compact) {
            parsed = CertificateDetails.read(der: der)
        } else {
            parsed = .failure(CertificateParseError(reason: "the X509Certificate text is not valid base64"))
        }
        self.init(line: element.line, base64: base64, parsed: parsed)
    }
}

extension CertificateDetails {
    /// Decodes DER with OpenSSL and collects what the model shows about the certificate.
    static func read(der: [UInt8]) -> Result<CertificateDetails, CertificateParseError> {
        let certificate: X509Certificate
        do {
            certificate = try X509Certificate(der: der)
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
