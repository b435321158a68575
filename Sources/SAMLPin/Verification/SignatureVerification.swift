@preconcurrency import CLibXML2
import SAMLPinSupport

/// Which signatures verified, and with which pinned key.
struct VerifiedSignatures {
    let responseSigned: Bool
    let assertionSigned: Bool
    /// The fingerprint of the key that verified the assertion's own signature, else the Response's.
    let fingerprint: String
    /// The InclusiveNamespaces prefixes of the signature that covers the assertion (the Assertion's
    /// own, else the Response's): prefixes whose bindings it signs even where no name uses them.
    let inclusivePrefixes: Set<String>
}

/// Finds, profile-checks and verifies the Response and Assertion signatures.
struct SignatureVerification {
    let document: HardenedXMLDocument
    let survey: DocumentSurvey
    let issuer: TrustedIssuer
    let engine: SignatureEngine
    let response: (element: SAMLElement, id: String)
    let assertion: (element: SAMLElement, id: String)

    func run() throws(SAMLError) -> VerifiedSignatures {
        let responseSignature = try directSignature(of: response.element, role: "Response")
        let assertionSignature = try directSignature(of: assertion.element, role: "Assertion")

        // A signature anywhere else is never verified nor relied on, so its presence is refused outright.
        for signature in survey.signatures
        where signature.node != responseSignature?.node && signature.node != assertionSignature?.node {
            let parent = signature.parent?.localName ?? "document"
            throw SAMLError(
                .signatureProfileViolation,
                "a Signature inside '\(parent)' is neither the Response's nor the Assertion's"
            )
        }

        // The IdP's policy decides which elements must carry their own signature.
        let requirement = issuer.identityProvider.policy.signatureRequirement
        switch requirement {
        case .assertionOrResponse where responseSignature == nil && assertionSignature == nil:
            throw SAMLError(.signatureMissing, "neither the Response nor the Assertion is signed")
        case .assertion where assertionSignature == nil, .both where assertionSignature == nil:
            throw SAMLError(.signatureMissing, "the Assertion is not signed, and this IdP's policy requires it")
        case .response where responseSignature == nil, .both where responseSignature == nil:
            throw SAMLError(.signatureMissing, "the Response is not signed, and this IdP's policy requires it")
        default:
            break
        }

        // Every signature present must verify, even one the policy does not require.
        var covering: (fingerprint: String, inclusivePrefixes: Set<String>)?
        if let responseSignature {
            covering = try verify(responseSignature, signs: response.element, id: response.id)
        }
        if let assertionSignature {
            covering = try verify(assertionSignature, signs: assertion.element, id: assertion.id)
        }
        guard let covering else {
            throw SAMLError(.signatureMissing, "no signature covers the assertion")
        }
        return VerifiedSignatures(
            responseSigned: responseSignature != nil,
            assertionSigned: assertionSignature != nil,
            fingerprint: covering.fingerprint,
            inclusivePrefixes: covering.inclusivePrefixes
        )
    }

    /// The `ds:Signature` that is a direct child of `element`, if any.
    private func directSignature(of element: SAMLElement, role: String) throws(SAMLError) -> SAMLElement? {
        let signatures = element.children(SAMLNamespace.signature, "Signature")
        // Two enveloped signatures on one element leave it unclear which one vouches for it.
        guard signatures.count <= 1 else {
            throw SAMLError(.signatureProfileViolation, "the \(role) carries \(signatures.count) Signature elements")
        }
        return signatures.first
    }

    /// Checks the profile, then tries each pinned key of the right family until one verifies.
    ///
    /// - Returns: the fingerprint of the key that verified the signature, and the signature's
    ///   InclusiveNamespaces prefixes.
    private func verify(
        _ signature: SAMLElement,
        signs element: SAMLElement,
        id: String
    ) throws(SAMLError) -> (fingerprint: String, inclusivePrefixes: Set<String>) {
        let policy = issuer.identityProvider.policy
        let (family, prefixes) = try SignatureProfile.check(signature, parentID: id, allowsSHA1: policy.allowsSHA1)

        var lastFailure = "no pinned key of '\(issuer.identityProvider.slug)' fits its SignatureMethod"
        // Every pinned key is tried, so a key rollover at the IdP needs no coordinated release.
        for signingKey in issuer.signingKeys where signingKey.key.family.matches(family) {
            let outcome: SignatureOutcome
            switch engine {
            case .narrow:
                outcome = NarrowSignatureVerifier.verify(
                    signature: signature.node, document: document.pointer, key: signingKey.publicKey,
                    allowsSHA1: policy.allowsSHA1
                )
            case .xmlsec:
                outcome = XMLSecSignatureVerifier.verify(
                    signature: signature.node, document: document.pointer, key: signingKey.key,
                    allowsSHA1: policy.allowsSHA1
                )
            case .crossChecked:
                let narrow = NarrowSignatureVerifier.verify(
                    signature: signature.node, document: document.pointer, key: signingKey.publicKey,
                    allowsSHA1: policy.allowsSHA1
                )
                let reference = XMLSecSignatureVerifier.verify(
                    signature: signature.node, document: document.pointer, key: signingKey.key,
                    allowsSHA1: policy.allowsSHA1
                )
                // Two engines that disagree leave no verdict to trust: refuse, with a code no check shares.
                guard narrow.agrees(with: reference) else {
                    throw SAMLError(
                        .signatureEnginesDisagree,
                        "the signature of '\(id)' is \(narrow.kind) for the narrow engine and \(reference.kind) "
                            + "for libxmlsec1 with the pinned key \(signingKey.fingerprint)"
                    )
                }
                outcome = narrow
            }
            switch outcome {
            case .verified(let signedElement):
                // The digest must cover the very element whose values are read, not a look-alike.
                guard signedElement == element.node else {
                    throw SAMLError(.signedElementMismatch, "the signature of '\(id)' covers a different element")
                }
                return (signingKey.fingerprint, prefixes)
            case .digestMismatch:
                // The digest does not depend on the key: the content changed after it was signed.
                throw SAMLError(
                    .digestMismatch,
                    "the content signed by the signature of '\(id)' was changed: its digest does not match"
                )
            case .canonicalizationFailed:
                // Digesting nothing in place of content that cannot be canonicalized is the void
                // canonicalization bypass: refuse, whatever the key.
                throw SAMLError(
                    .canonicalizationFailed,
                    "the signature of '\(id)' covers content that exclusive c14n cannot canonicalize"
                )
            case .signatureMismatch:
                lastFailure = "it does not verify with the pinned key \(signingKey.fingerprint)"
            case .failed(let reason):
                lastFailure = reason
            }
        }
        throw SAMLError(.signatureInvalid, "the signature of '\(id)' is not valid: \(lastFailure)")
    }
}

extension XMLSecPinnedKey.Family {
    /// Whether a key of this family can verify a SignatureMethod of `family`.
    func matches(_ family: SignatureAlgorithm.KeyFamily) -> Bool {
        switch (self, family) {
        case (.rsa, .rsa), (.ecdsa, .ecdsa): return true
        default: return false
        }
    }
}
