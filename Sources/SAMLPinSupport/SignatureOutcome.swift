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

extension SignatureOutcome {
    /// Whether `other` reaches the same verdict: both verified with the very same signed element
    /// node, or both refused.
    ///
    /// The kinds of refusal are not compared: an engine that stops at a malformed value
    /// (`.failed`) and one that runs the cryptography on it and finds a mismatch (`.invalid`)
    /// refuse the same signature, and the verifier reports both as `signature.invalid`.
    package func agrees(with other: SignatureOutcome) -> Bool {
        switch (self, other) {
        case (.verified(let mine), .verified(let theirs)): return mine == theirs
        case (.verified, _), (_, .verified): return false
        default: return true
        }
    }

    /// Every value `kind` takes.
    package static let allKinds = ["verified", "invalid", "failed"]

    /// The verdict's kind, for messages that must not quote engine internals.
    package var kind: String {
        switch self {
        case .verified: return "verified"
        case .invalid: return "invalid"
        case .failed: return "failed"
        }
    }
}

/// Which implementation checks the cryptography of a signature.
package enum SignatureEngine: Sendable, Hashable {
    /// The narrow verifier for the one profile accepted: libxml2 exclusive c14n and OpenSSL EVP.
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
