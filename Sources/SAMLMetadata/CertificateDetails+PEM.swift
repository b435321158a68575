import Foundation

extension CertificateDetails {
    /// The PEM armour that starts a certificate block.
    public static let pemBeginMarker = "-----BEGIN CERTIFICATE-----"
    /// The PEM armour that ends a certificate block.
    public static let pemEndMarker = "-----END CERTIFICATE-----"

    /// Decodes the first certificate of a PEM file with OpenSSL, as the certificates of metadata are.
    ///
    /// - Parameter pem: the file's bytes; text before the first block (such as `openssl x509 -text`
    ///   output) is ignored.
    /// - Returns: the certificate's details, or why the first block is not a usable certificate: no
    ///   `BEGIN`/`END` pair, base64 that does not decode, or DER that OpenSSL refuses.
    public static func read(pem: [UInt8]) -> Result<CertificateDetails, CertificateParseError> {
        let text = String(decoding: pem, as: UTF8.self)
        guard let begin = text.range(of: pemBeginMarker) else {
            return .failure(CertificateParseError(reason: "the file holds no '\(pemBeginMarker)' line"))
        }
        guard let end = text.range(of: pemEndMarker, range: begin.upperBound..<text.endIndex) else {
            return .failure(CertificateParseError(reason: "the certificate block has no '\(pemEndMarker)' line"))
        }
        // PEM wraps base64 at 64 columns; whitespace carries no data.
        let base64 = text[begin.upperBound..<end.lowerBound].utf8.filter { !$0.isXMLWhitespace }
        guard let der = Base64.decode(Array(base64)) else {
            return .failure(CertificateParseError(reason: "the certificate block is not valid base64"))
        }
        return read(der: der)
    }
}
