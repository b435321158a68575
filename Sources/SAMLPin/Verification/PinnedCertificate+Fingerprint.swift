import COpenSSL

extension PinnedCertificate {
    /// The SHA-256 of `der`, computed now, as uppercase hex pairs separated by colons.
    public var computedSHA256Fingerprint: String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        der.withUnsafeBufferPointer { bytes in
            _ = SHA256(bytes.baseAddress, bytes.count, &digest)
        }
        return Self.colonHex(digest)
    }

    /// True when `der` is non-empty and hashes to `sha256Fingerprint` (case, colons and
    /// whitespace in the declared value are ignored).
    public var matchesFingerprint: Bool {
        guard !der.isEmpty else { return false }
        let declared = sha256Fingerprint.uppercased().filter { $0.isHexDigit }
        let computed = computedSHA256Fingerprint.filter { $0.isHexDigit }
        return declared.count == 64 && declared == computed
    }

    static func colonHex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ":")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
