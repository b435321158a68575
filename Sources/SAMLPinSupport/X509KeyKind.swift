/// The family of a certificate's public key.
package enum X509KeyKind: Sendable, Hashable {
    case rsa
    /// An elliptic-curve key, with OpenSSL's short name for the curve (`prime256v1`).
    case ec(curve: String)
    /// Anything else, with OpenSSL's name for the algorithm.
    case other(String)
}
