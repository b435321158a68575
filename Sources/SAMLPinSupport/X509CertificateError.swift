/// Why bytes could not be used as an X.509 certificate.
package enum X509CertificateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No bytes at all.
    case empty
    /// OpenSSL could not decode a certificate; the text is OpenSSL's reason.
    case malformed(String)
    /// A certificate was decoded, but more bytes follow it.
    case trailingBytes(count: Int)
    /// The certificate decoded, but its public key did not; the text is OpenSSL's reason.
    case unreadablePublicKey(String)

    package var description: String {
        switch self {
        case .empty:
            return "the certificate is empty"
        case .malformed(let reason):
            return "the certificate is not valid DER: \(reason)"
        case .trailingBytes(let count):
            return "the certificate is followed by \(count) unexpected byte(s)"
        case .unreadablePublicKey(let reason):
            return "the certificate's public key cannot be read: \(reason)"
        }
    }
}
