@preconcurrency import CLibXML2
import CXMLSec

/// The one place where libxmlsec1 checks an XML signature.
///
/// The caller has already enforced the SAML signature profile on the `ds:Signature` element
/// (one Reference to its parent's ID, allowed transforms and algorithms only); this type adds
/// the cryptography and restricts xmlsec to the same allow-list, so a profile check that missed
/// something still cannot widen what xmlsec accepts. It is the reference implementation that
/// `NarrowSignatureVerifier` is checked against.
package enum XMLSecSignatureVerifier {
    /// The verdict for one signature and one key.
    package typealias Outcome = SignatureOutcome

    /// Verifies `signature` with `key`.
    ///
    /// - Parameters:
    ///   - signature: a `ds:Signature` element whose profile was already checked.
    ///   - document: the document that holds it, with the signed element's ID registered.
    ///   - key: the pinned key to try.
    ///   - allowsSHA1: also enable RSA-SHA1 and the SHA-1 digest.
    /// - Returns: `.verified` only when xmlsec returned 0, its status is Succeeded, exactly one
    ///   Reference was processed and succeeded, and that Reference resolves to one element.
    package static func verify(
        signature: xmlNodePtr,
        document: xmlDocPtr,
        key: XMLSecPinnedKey,
        allowsSHA1: Bool
    ) -> Outcome {
        XMLSecErrorCapture.install()
        guard let context = xmlSecDSigCtxCreate(nil) else { return .failed(reason: "no memory for a DSig context") }
        defer { xmlSecDSigCtxDestroy(context) }

        // The context owns and destroys its key, so it gets a copy of the shared pinned key.
        guard let signingKey = key.duplicate() else { return .failed(reason: "could not copy the pinned key") }
        context.pointee.signKey = signingKey

        // Manifests are never followed. The processed references are listed in every case (the
        // store flag would only add a copy of the canonical bytes), and the check below needs them.
        context.pointee.flags = UInt32(XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS)
        // Same-document references only: no file, no network, no whole-document URI="".
        context.pointee.enabledReferenceUris = xmlSecTransformUriType(xmlSecTransformUriTypeSameDocument)
        // KeyInfo must never lead xmlsec to other key material, even though signKey is preset.
        context.pointee.keyInfoReadCtx.maxRetrievalMethodLevel = 0
        context.pointee.keyInfoReadCtx.maxEncryptedKeyLevel = 0

        // Only allow-listed algorithms may run, whatever the document names.
        for transform in signatureTransforms(allowsSHA1: allowsSHA1) {
            guard xmlSecDSigCtxEnableSignatureTransform(context, transform) == 0 else {
                return .failed(reason: "could not restrict signature algorithms")
            }
        }
        for transform in referenceTransforms(allowsSHA1: allowsSHA1) {
            guard xmlSecDSigCtxEnableReferenceTransform(context, transform) == 0 else {
                return .failed(reason: "could not restrict reference transforms")
            }
        }

        // A zero return alone is not a verdict: the status must say Succeeded as well.
        XMLSecErrorCapture.resetCanonicalizationFailure()
        let result = xmlSecDSigCtxVerify(context, signature)
        guard result == 0 else {
            if XMLSecErrorCapture.canonicalizationFailed { return .canonicalizationFailed }
            return .failed(reason: "xmlsec could not process the signature")
        }

        guard let offset = MemoryLayout<xmlSecDSigCtx>.offset(of: \xmlSecDSigCtx.signedInfoReferences) else {
            return .failed(reason: "the DSig context has no reference list")
        }
        let references = UnsafeMutableRawPointer(context).advanced(by: offset)
            .assumingMemoryBound(to: xmlSecPtrList.self)
        guard context.pointee.status == xmlSecDSigStatusSucceeded else {
            // xmlsec checks each Reference before the SignatureValue and stops at the first that
            // fails, so a failed reference means the content changed, whatever the key.
            for index in 0..<xmlSecPtrListGetSize(references) {
                guard let item = xmlSecPtrListGetItem(references, index) else { continue }
                let reference = item.assumingMemoryBound(to: xmlSecDSigReferenceCtx.self)
                if reference.pointee.status != xmlSecDSigStatusSucceeded { return .digestMismatch }
            }
            return .signatureMismatch
        }

        // Exactly one reference must have been processed, and it must have succeeded.
        guard xmlSecPtrListGetSize(references) == 1,
            let item = xmlSecPtrListGetItem(references, 0)
        else {
            return .failed(reason: "the signature did not process exactly one reference")
        }
        let reference = item.assumingMemoryBound(to: xmlSecDSigReferenceCtx.self)
        guard reference.pointee.status == xmlSecDSigStatusSucceeded else { return .digestMismatch }

        // Resolve the reference the way xmlsec did, so the caller can compare nodes.
        guard let uri = reference.pointee.uri, uri.pointee == UInt8(ascii: "#") else {
            return .failed(reason: "the reference is not a same-document ID reference")
        }
        guard let attribute = xmlGetID(document, uri.advanced(by: 1)), let element = attribute.pointee.parent else {
            return .failed(reason: "the reference does not resolve to a registered ID")
        }
        return .verified(signedElement: element)
    }

    private static func signatureTransforms(allowsSHA1: Bool) -> [xmlSecTransformId] {
        var transforms: [xmlSecTransformId] = [
            xmlSecTransformExclC14NGetKlass(),
            xmlSecOpenSSLTransformRsaSha256GetKlass(),
            xmlSecOpenSSLTransformRsaSha384GetKlass(),
            xmlSecOpenSSLTransformRsaSha512GetKlass(),
            xmlSecOpenSSLTransformEcdsaSha256GetKlass(),
            xmlSecOpenSSLTransformEcdsaSha384GetKlass(),
            xmlSecOpenSSLTransformEcdsaSha512GetKlass(),
        ]
        if allowsSHA1 { transforms.append(xmlSecOpenSSLTransformRsaSha1GetKlass()) }
        return transforms
    }

    private static func referenceTransforms(allowsSHA1: Bool) -> [xmlSecTransformId] {
        var transforms: [xmlSecTransformId] = [
            xmlSecTransformEnvelopedGetKlass(),
            xmlSecTransformExclC14NGetKlass(),
            xmlSecOpenSSLTransformSha256GetKlass(),
            xmlSecOpenSSLTransformSha384GetKlass(),
            xmlSecOpenSSLTransformSha512GetKlass(),
        ]
        if allowsSHA1 { transforms.append(xmlSecOpenSSLTransformSha1GetKlass()) }
        return transforms
    }
}
