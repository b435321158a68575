import COpenSSL

/// The public key of a pinned certificate as an OpenSSL `EVP_PKEY`, decoded once and shared
/// read-only by every verification.
///
/// OpenSSL allows one `EVP_PKEY` to verify on several threads at once as long as nobody changes
/// it, and nothing here changes it after `init`. The same holds for the verification templates:
/// after `init` they are only ever the source of a copy, which reads them and takes references.
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
    /// One verification context per fetched digest, initialised once for this key and never
    /// used itself: each verification starts from a copy, because `EVP_DigestVerifyInit` looks
    /// the provider's implementation up again (about 2.4 µs) where `EVP_MD_CTX_copy_ex`, which
    /// only reads its source, takes a tenth of that.
    private let verificationTemplates: [(digest: OpaquePointer, context: OpaquePointer)]

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
        var templates: [(digest: OpaquePointer, context: OpaquePointer)] = []
        if family != .other {
            let digests = FetchedDigests.shared
            for digest in [digests.sha256, digests.sha384, digests.sha512, digests.sha1].compactMap({ $0 }) {
                // A digest this key cannot start with gets no template; `verificationContext` then
                // reports the same failure as a direct initialisation would.
                guard let context = Self.initialisedContext(key: key, digest: digest) else { continue }
                templates.append((digest, context))
            }
        }
        verificationTemplates = templates
    }

    deinit {
        for template in verificationTemplates { EVP_MD_CTX_free(template.context) }
        EVP_PKEY_free(pointer)
    }

    /// A new context that verifies a signature by this key over a message digested with `digest`,
    /// ready for `EVP_DigestVerifyUpdate`; the caller frees it. Nil when OpenSSL refuses.
    package func verificationContext(digest: OpaquePointer) -> OpaquePointer? {
        guard let template = verificationTemplates.first(where: { $0.digest == digest }) else {
            return Self.initialisedContext(key: pointer, digest: digest)
        }
        guard let context = EVP_MD_CTX_new() else { return nil }
        guard EVP_MD_CTX_copy_ex(context, template.context) == 1 else {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
            return nil
        }
        return context
    }

    private static func initialisedContext(key: OpaquePointer, digest: OpaquePointer) -> OpaquePointer? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        guard EVP_DigestVerifyInit(context, nil, digest, nil, key) == 1 else {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
            return nil
        }
        return context
    }
}
