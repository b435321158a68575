import COpenSSL
import Foundation

/// An X.509 certificate decoded by OpenSSL, owned by this object.
///
/// The certificate is decoded once from DER and never changed afterwards, so every read is
/// safe from several tasks at once. Each accessor asks OpenSSL again; callers that need a
/// value often should keep it.
package final class X509Certificate: @unchecked Sendable {
    /// The OpenSSL `X509*`. Valid for the lifetime of this object; never free it, never change it.
    package let pointer: OpaquePointer

    /// The DER encoding the certificate was decoded from, byte for byte.
    package let der: [UInt8]

    /// How much of the certificate OpenSSL decodes.
    package enum Decoding: Sendable {
        /// Everything, including an `EVP_PKEY` for the public key (needed to verify with it).
        case full
        /// Everything but the `EVP_PKEY`: the key's algorithm and size are read from the raw
        /// SubjectPublicKeyInfo instead. OpenSSL 3.0 builds a provider decoder for every key it
        /// decodes, which costs about a millisecond of CPU per certificate; build-time inspection of
        /// large federation feeds skips that and only reads RSA and EC keys it can size.
        case inspection
    }

    /// Decodes one DER-encoded certificate.
    ///
    /// - Parameters:
    ///   - der: exactly one DER `Certificate` structure, nothing before or after it.
    ///   - decoding: whether to decode the public key into an `EVP_PKEY` (`.full`, the default) or
    ///     only to read its algorithm and size (`.inspection`).
    /// - Throws: `X509CertificateError` when the input is empty, is not a certificate, carries
    ///   trailing bytes, or holds a public key that cannot be read (with `.inspection`: one that is
    ///   neither an RSA key with a readable modulus nor an EC key on a named curve).
    package init(der: [UInt8], decoding: Decoding = .full) throws(X509CertificateError) {
        // An empty buffer would make OpenSSL read nothing and report a confusing error.
        guard !der.isEmpty else { throw .empty }
        guard der.count <= Int(Int32.max) else { throw .malformed("the certificate is too large") }

        // The inspection context has only OpenSSL's null provider, so no key decoder is ever built.
        let context = decoding == .inspection ? InspectionLibraryContext.shared.pointer : nil
        var consumed = 0
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            var certificate: OpaquePointer? = nil
            if let context {
                certificate = X509_new_ex(context, nil)
                guard certificate != nil else { return nil }
            }
            // On failure d2i_X509 frees a certificate passed in and leaves nil behind.
            let result = d2i_X509(&certificate, &cursor, buffer.count)
            if let cursor { consumed = cursor - base }
            return result
        }
        guard let decoded else { throw .malformed(Self.drainOpenSSLErrors()) }

        // Bytes after the DER structure would let two different inputs pin the same key unnoticed.
        guard consumed == der.count else {
            X509_free(decoded)
            throw .trailingBytes(count: der.count - consumed)
        }

        if context != nil {
            // A key that cannot be sized here could never verify a signature either.
            let facts = SubjectPublicKeyFacts(decoded)
            ERR_clear_error()
            guard let facts else {
                X509_free(decoded)
                throw .unreadablePublicKey("the key is neither RSA nor EC on a named curve, or is malformed")
            }
            self.inspectedKey = facts
        } else {
            // A certificate whose key OpenSSL cannot read can never verify a signature.
            guard X509_get0_pubkey(decoded) != nil else {
                X509_free(decoded)
                throw .unreadablePublicKey(Self.drainOpenSSLErrors())
            }
            self.inspectedKey = nil
        }
        self.pointer = decoded
        self.der = der
    }

    /// The key facts read from the SubjectPublicKeyInfo when decoded with `.inspection`.
    private let inspectedKey: SubjectPublicKeyFacts?

    deinit {
        X509_free(pointer)
    }

    /// The subject as one RFC 2253 line (`CN=…,O=…`), most specific part first, in UTF-8.
    package var subject: String {
        Self.oneLine(X509_get_subject_name(pointer))
    }

    /// The issuer as one RFC 2253 line, in UTF-8.
    package var issuer: String {
        Self.oneLine(X509_get_issuer_name(pointer))
    }

    /// The serial number as uppercase hex pairs without separators, with a leading `-` if negative.
    package var serialNumber: String {
        guard let serial = X509_get0_serialNumber(pointer) else { return "" }
        let length = Int(ASN1_STRING_length(serial))
        guard length > 0, let data = ASN1_STRING_get0_data(serial) else { return "00" }
        let hex = Self.hex(UnsafeBufferPointer(start: data, count: length), separator: "")
        return ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER ? "-" + hex : hex
    }

    /// The start of the validity period, or nil if OpenSSL cannot read it.
    package var notBefore: Date? {
        Self.date(X509_get0_notBefore(pointer))
    }

    /// The end of the validity period, or nil if OpenSSL cannot read it.
    package var notAfter: Date? {
        Self.date(X509_get0_notAfter(pointer))
    }

    /// The public key's algorithm family.
    package var keyKind: X509KeyKind {
        if let inspectedKey { return inspectedKey.kind }
        guard let key = X509_get0_pubkey(pointer) else { return .other("none") }
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA:
            return .rsa
        case EVP_PKEY_EC:
            var buffer = [CChar](repeating: 0, count: 80)
            var length = 0
            let found = EVP_PKEY_get_utf8_string_param(key, "group", &buffer, buffer.count, &length)
            guard found == 1 else { return .ec(curve: "unknown") }
            return .ec(curve: String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        default:
            if let name = EVP_PKEY_get0_type_name(key) { return .other(String(cString: name)) }
            return .other(Self.objectName(EVP_PKEY_get_base_id(key)))
        }
    }

    /// The size of the public key in bits (the modulus for RSA, the field for EC).
    package var keyBits: Int {
        if let inspectedKey { return inspectedKey.bits }
        guard let key = X509_get0_pubkey(pointer) else { return 0 }
        return Int(EVP_PKEY_get_bits(key))
    }

    /// The name of the algorithm the issuer used to sign this certificate (`sha256WithRSAEncryption`).
    package var signatureAlgorithm: String {
        Self.objectName(X509_get_signature_nid(pointer))
    }

    /// SHA-256 of the DER as uppercase hex pairs joined by `:`.
    package var sha256Fingerprint: String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        der.withUnsafeBufferPointer { input in
            _ = SHA256(input.baseAddress, input.count, &digest)
        }
        return digest.withUnsafeBufferPointer { Self.hex($0, separator: ":") }
    }

    // MARK: - Helpers

    private static func oneLine(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        // XN_FLAG_RFC2253 without ASN1_STRFLGS_ESC_MSB (the macro does not import): RFC 2253
        // escaping and order, but UTF-8 kept as is so that non-ASCII names stay readable.
        let stringFlags = UInt(ASN1_STRFLGS_ESC_2253) | UInt(ASN1_STRFLGS_ESC_CTRL) | UInt(ASN1_STRFLGS_UTF8_CONVERT)
            | UInt(ASN1_STRFLGS_DUMP_UNKNOWN) | UInt(ASN1_STRFLGS_DUMP_DER)
        let flags = stringFlags | UInt(XN_FLAG_SEP_COMMA_PLUS) | UInt(XN_FLAG_DN_REV) | UInt(XN_FLAG_FN_SN)
            | UInt(XN_FLAG_DUMP_UNKNOWN_FIELDS)
        guard X509_NAME_print_ex(bio, name, 0, flags) >= 0 else { return "" }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while true {
            let read = BIO_read(bio, &chunk, Int32(chunk.count))
            guard read > 0 else { break }
            output.append(contentsOf: chunk.prefix(Int(read)))
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func objectName(_ nid: Int32) -> String {
        if let long = OBJ_nid2ln(nid) { return String(cString: long) }
        if let short = OBJ_nid2sn(nid) { return String(cString: short) }
        return "unknown (NID \(nid))"
    }

    private static func hex(_ bytes: UnsafeBufferPointer<UInt8>, separator: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * (2 + separator.utf8.count))
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(contentsOf: separator.utf8) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Empties this thread's OpenSSL error queue and returns its first entry as text.
    private static func drainOpenSSLErrors() -> String {
        let first = ERR_get_error()
        ERR_clear_error()
        guard first != 0 else { return "not a DER certificate" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(first, &buffer, buffer.count)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
