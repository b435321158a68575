import COpenSSL

/// The digest implementations the verifier uses, fetched once from OpenSSL's default provider.
///
/// OpenSSL 3 looks an implementation up again on every initialisation that is handed a legacy
/// `EVP_sha256()`-style handle; an explicitly fetched `EVP_MD` skips that, about a microsecond per
/// verification. Fetched digests are immutable and may be shared by every thread.
package final class FetchedDigests: @unchecked Sendable {
    package let sha1: OpaquePointer?
    package let sha256: OpaquePointer?
    package let sha384: OpaquePointer?
    package let sha512: OpaquePointer?

    /// The digests, fetched on first use. A digest the provider lacks stays nil and is refused.
    package static let shared = FetchedDigests()

    private init() {
        sha1 = EVP_MD_fetch(nil, "SHA1", nil)
        sha256 = EVP_MD_fetch(nil, "SHA2-256", nil)
        sha384 = EVP_MD_fetch(nil, "SHA2-384", nil)
        sha512 = EVP_MD_fetch(nil, "SHA2-512", nil)
    }
}
