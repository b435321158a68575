import Foundation

/// An X.509 certificate compiled into the binary as a trust anchor.
///
/// Only the public key inside is used, and only to verify signatures; the certificate's
/// chain, issuer and dates are never used to decide trust at run time. The dates are kept
/// so a service can report when its anchors expire.
public struct PinnedCertificate: Sendable, Hashable {
    /// The certificate in DER form.
    public let der: [UInt8]
    /// The SHA-256 of `der`, uppercase hex pairs separated by colons (`AB:CD:…`).
    public let sha256Fingerprint: String
    /// The subject distinguished name, for people.
    public let subject: String
    /// The start of the certificate's validity period.
    public let notBefore: Date
    /// The end of the certificate's validity period.
    public let notAfter: Date

    /// Creates a pinned certificate from generated code.
    ///
    /// - Parameters:
    ///   - base64DER: the DER bytes in base64; whitespace and line breaks are ignored. Bytes
    ///     that do not decode leave `der` empty, which `ResponseVerifier` refuses.
    ///   - sha256Fingerprint: the expected SHA-256 of the DER bytes.
    ///   - subject: the subject distinguished name.
    ///   - notBefore: start of validity.
    ///   - notAfter: end of validity.
    public init(base64DER: String, sha256Fingerprint: String, subject: String, notBefore: Date, notAfter: Date) {
        let compact = base64DER.filter { !$0.isWhitespace }
        self.init(
            der: Data(base64Encoded: compact).map { [UInt8]($0) } ?? [],
            sha256Fingerprint: sha256Fingerprint,
            subject: subject,
            notBefore: notBefore,
            notAfter: notAfter
        )
    }

    /// Creates a pinned certificate from DER bytes.
    public init(der: [UInt8], sha256Fingerprint: String, subject: String, notBefore: Date, notAfter: Date) {
        self.der = der
        self.sha256Fingerprint = sha256Fingerprint
        self.subject = subject
        self.notBefore = notBefore
        self.notAfter = notAfter
    }
}

extension PinnedCertificate: CustomStringConvertible {
    /// The subject, fingerprint and expiry, so that printing a configuration shows what it trusts
    /// rather than thousands of DER bytes.
    public var description: String {
        let expiry = notAfter.formatted(.iso8601)
        return "PinnedCertificate(subject: \"\(subject)\", sha256: \(sha256Fingerprint), notAfter: \(expiry))"
    }
}
