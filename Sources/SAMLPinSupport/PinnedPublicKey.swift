import COpenSSL

/// The public key of a pinned certificate as an OpenSSL `EVP_PKEY`, decoded once and shared
/// read-only by every verification.
///
/// OpenSSL allows one `EVP_PKEY` to verify on several threads at once as long as nobody changes
/// it, and nothing here changes it after `init`.
package final class PinnedPublicKey: @unchecked Sendable {
    /// The algorithm family of the key.
    package enum Family: Sendable, Hashable {
        case rsa
        case ecdsa
        case other
    }

    /// The `EVP_PKEY*`, owned by this object.
    package let pointer: OpaquePointer
    /// The key's algorithm family.
    package let family: Family
    /// For an EC key, the byte length of the group order: each half of an XML-DSig `r || s`
    /// signature has exactly this length. Zero for other keys.
    package let ecdsaHalfSize: Int

    /// Decodes the public key of one DER-encoded X.509 certificate.
    ///
    /// - Parameter certificateDER: the certificate bytes.
    /// - Throws: `XMLSecFailure` when the bytes are not a certificate or carry no usable key.
    package init(certificateDER: [UInt8]) throws(XMLSecFailure) {
        guard !certificateDER.isEmpty, certificateDER.count <= Int(Int32.max) else {
            throw XMLSecFailure(reason: "the certificate is empty")
        }
        let key: OpaquePointer? = certificateDER.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let certificate = d2i_X509(nil, &cursor, buffer.count) else { return nil }
            defer { X509_free(certificate) }
            // X509_get_pubkey adds a reference, so the key outlives the certificate.
            return X509_get_pubkey(certificate)
        }
        ERR_clear_error()
        guard let key else { throw XMLSecFailure(reason: "the certificate carries no usable public key") }
        pointer = key
        switch EVP_PKEY_get_base_id(key) {
        case NID_rsaEncryption:
            family = .rsa
            ecdsaHalfSize = 0
        case NID_X9_62_id_ecPublicKey:
            family = .ecdsa
            ecdsaHalfSize = (Int(EVP_PKEY_get_bits(key)) + 7) / 8
        default:
            family = .other
            ecdsaHalfSize = 0
        }
    }

    deinit {
        EVP_PKEY_free(pointer)
    }
}
