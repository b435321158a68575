@preconcurrency import CLibXML2

/// The verdict of one signature engine for one signature and one pinned key.
///
/// Both engines (`NarrowSignatureVerifier` and the libxmlsec1 reference, `XMLSecSignatureVerifier`)
/// answer with this type, so the caller maps their verdicts to errors in one place.
package enum SignatureOutcome {
    /// The signature verified, and its single Reference resolved to `signedElement`.
    case verified(signedElement: xmlNodePtr)
    /// The cryptography ran and the signature or a digest does not match.
    case invalid
    /// The engine refused to run (wrong key type, disabled algorithm, unresolvable reference...).
    case failed(reason: String)
}

/// Which implementation checks the cryptography of a signature.
package enum SignatureEngine: Sendable, Hashable {
    /// The narrow verifier for the one profile accepted: libxml2 exclusive c14n and OpenSSL EVP.
    case narrow
    /// libxmlsec1, the reference implementation.
    case xmlsec
}
