@preconcurrency import CLibXML2

/// The verdict of one signature engine for one signature and one pinned key.
///
/// Both engines (`NarrowSignatureVerifier` and the libxmlsec1 reference, `XMLSecSignatureVerifier`)
/// answer with this type, so the caller maps their verdicts to errors in one place.
package enum SignatureOutcome {
    /// The signature verified, and its single Reference resolved to `signedElement`.
    case verified(signedElement: xmlNodePtr)
    /// The Reference's digest does not match the canonical referenced element: the signed
    /// content changed. It does not depend on the key.
    case digestMismatch
    /// The digest matched, but the SignatureValue does not verify over SignedInfo with this key.
    case signatureMismatch
    /// Exclusive c14n of the referenced element or of SignedInfo failed or produced nothing, so
    /// there is nothing to digest or verify (a relative namespace URI, for one).
    case canonicalizationFailed
    /// The engine refused to run (wrong key type, disabled algorithm, unresolvable reference...).
    case failed(reason: String)
}

extension SignatureOutcome {
    /// Whether `other` reaches the same verdict: both verified with the very same signed element
    /// node, both found a digest mismatch, or both refused the signature otherwise.
    ///
    /// A signature-value mismatch and a failure are one verdict: an engine that stops at a
    /// malformed SignatureValue (`.failed`) and one that runs the cryptography on it
    /// (`.signatureMismatch`) refuse the same signature, and the verifier reports both as
    /// `signature.invalid`.
    package func agrees(with other: SignatureOutcome) -> Bool {
        switch (self, other) {
        case (.verified(let mine), .verified(let theirs)): return mine == theirs
        case (.digestMismatch, .digestMismatch), (.canonicalizationFailed, .canonicalizationFailed): return true
        case (.signatureMismatch, .signatureMismatch), (.signatureMismatch, .failed), (.failed, .signatureMismatch),
            (.failed, .failed):
            return true
        default: return false
        }
    }

    /// Every value `kind` takes.
    package static let allKinds = [
        "verified", "digestMismatch", "canonicalizationFailed", "signatureMismatch", "failed",
    ]

    /// The verdict's kind, for messages that must not quote engine internals.
    package var kind: String {
        switch self {
        case .verified: return "verified"
        case .digestMismatch: return "digestMismatch"
        case .signatureMismatch: return "signatureMismatch"
        case .canonicalizationFailed: return "canonicalizationFailed"
        case .failed: return "failed"
        }
    }
}

/// Which implementation checks the cryptography of a signature.
package enum SignatureEngine: Sendable, Hashable {
    /// The narrow verifier for the one profile accepted: `ExclusiveCanonicalWriter` and OpenSSL EVP.
    case narrow
    /// libxmlsec1, the reference implementation.
    case xmlsec
    /// Both engines on every signature and key, refusing the message when their verdicts differ.
    ///
    /// The narrow engine is only trusted because it agrees with libxmlsec1; running both on every
    /// input of the test suite turns each test into a differential test. Never used in production:
    /// it costs both engines' time.
    case crossChecked
}
