import COpenSSL

/// The algorithm and size of a certificate's public key, read from its SubjectPublicKeyInfo
/// without building an `EVP_PKEY`.
struct SubjectPublicKeyFacts: Sendable {
    let kind: X509KeyKind
    let bits: Int

    /// Reads the key of `certificate`, or nil when it is neither an RSA key whose modulus and
    /// exponent are positive integers nor an EC key on a named curve OpenSSL knows.
    init?(_ certificate: OpaquePointer) {
        guard let publicKey = X509_get_X509_PUBKEY(certificate) else { return nil }
        var algorithm: OpaquePointer? = nil
        var keyBytes: UnsafePointer<UInt8>? = nil
        var keyLength: Int32 = 0
        var parameters: UnsafeMutablePointer<X509_ALGOR>? = nil
        guard X509_PUBKEY_get0_param(&algorithm, &keyBytes, &keyLength, &parameters, publicKey) == 1,
            let algorithm, let keyBytes, keyLength > 0
        else { return nil }

        switch OBJ_obj2nid(algorithm) {
        case NID_rsaEncryption:
            guard let bits = Self.rsaModulusBits(keyBytes, Int(keyLength)) else { return nil }
            self.kind = .rsa
            self.bits = bits
        case NID_X9_62_id_ecPublicKey:
            guard let parameters, let curve = Self.namedCurve(parameters) else { return nil }
            self.kind = .ec(curve: curve.name)
            self.bits = curve.bits
        default:
            return nil
        }
    }

    /// The bit length of the modulus of an RSAPublicKey `SEQUENCE { n INTEGER, e INTEGER }`.
    private static func rsaModulusBits(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int? {
        var cursor: UnsafePointer<UInt8>? = bytes
        guard let sequence = d2i_ASN1_SEQUENCE_ANY(nil, &cursor, length) else { return nil }
        defer { OPENSSL_sk_pop_free(sequence) { ASN1_TYPE_free($0?.assumingMemoryBound(to: ASN1_TYPE.self)) } }
        // Exactly the two INTEGERs, and nothing after the SEQUENCE.
        guard let cursor, cursor - bytes == length, OPENSSL_sk_num(sequence) == 2 else { return nil }

        var integers: [Int] = []
        for index in 0..<Int32(2) {
            guard let item = OPENSSL_sk_value(sequence, index) else { return nil }
            let value = item.assumingMemoryBound(to: ASN1_TYPE.self).pointee
            guard value.type == V_ASN1_INTEGER, let integer = value.value.integer,
                let number = ASN1_INTEGER_to_BN(integer, nil)
            else { return nil }
            defer { BN_free(number) }
            guard BN_is_negative(number) == 0, BN_is_zero(number) == 0 else { return nil }
            integers.append(Int(BN_num_bits(number)))
        }
        return integers[0]
    }

    /// The short name and field size of a named curve given as the algorithm's parameters.
    private static func namedCurve(_ parameters: UnsafeMutablePointer<X509_ALGOR>) -> (name: String, bits: Int)? {
        var type: Int32 = 0
        var value: UnsafeRawPointer? = nil
        X509_ALGOR_get0(nil, &type, &value, parameters)
        guard type == V_ASN1_OBJECT, let value else { return nil }
        let nid = OBJ_obj2nid(OpaquePointer(value))
        guard nid != NID_undef, let name = OBJ_nid2sn(nid), let group = EC_GROUP_new_by_curve_name(nid) else {
            return nil
        }
        defer { EC_GROUP_free(group) }
        return (String(cString: name), Int(EC_GROUP_get_degree(group)))
    }
}

/// An OpenSSL library context holding only the null provider, used to decode certificates
/// without decoding their keys. Created once; never freed (it lives as long as the process).
final class InspectionLibraryContext: @unchecked Sendable {
    static let shared = InspectionLibraryContext()

    /// nil when OpenSSL could not create the context; callers then decode fully.
    let pointer: OpaquePointer?

    private init() {
        guard let context = OSSL_LIB_CTX_new() else {
            pointer = nil
            return
        }
        // Loading a provider explicitly stops OpenSSL from loading the default one on demand.
        guard OSSL_PROVIDER_load(context, "null") != nil else {
            OSSL_LIB_CTX_free(context)
            pointer = nil
            return
        }
        pointer = context
    }
}
