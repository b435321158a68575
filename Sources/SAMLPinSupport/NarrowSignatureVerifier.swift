@preconcurrency import CLibXML2
import COpenSSL

/// Verifies the one XML signature profile SAML responses use here, with the libxml2 tree, our own
/// exclusive c14n writer (`ExclusiveCanonicalWriter`, byte-identical to libxml2's) and OpenSSL.
///
/// The profile: an enveloped `ds:Signature` whose SignedInfo has exclusive c14n (optionally with
/// InclusiveNamespaces), an RSA PKCS#1 v1.5 or ECDSA SignatureMethod, and exactly one Reference to
/// `#ID` with the transforms enveloped-signature then exclusive c14n and a SHA-2 digest (SHA-1 only
/// by opt-in). `SignatureProfile` has already enforced that shape; everything this type depends on
/// is checked again here, read the way libxmlsec1 reads it, and anything else fails. It answers
/// with the same verdicts as `XMLSecSignatureVerifier`, its reference implementation.
package enum NarrowSignatureVerifier {
    /// Verifies `signature` with `key`.
    ///
    /// - Parameters:
    ///   - signature: a `ds:Signature` element whose profile was already checked.
    ///   - document: the document that holds it, with the signed element's ID registered.
    ///   - key: the pinned key to try.
    ///   - allowsSHA1: also accept RSA-SHA1 and the SHA-1 digest.
    /// - Returns: `.verified` only when the one Reference resolves to a registered ID, its digest
    ///   matches, and the signature over the canonical SignedInfo verifies with `key`.
    package static func verify(
        signature: xmlNodePtr,
        document: xmlDocPtr,
        key: PinnedPublicKey,
        allowsSHA1: Bool
    ) -> SignatureOutcome {
        // 1. The elements, in the only order the profile allows.
        guard let signedInfo = firstElement(signature.pointee.children),
            isSignatureElement(signedInfo, "SignedInfo"),
            let signatureValue = firstElement(signedInfo.pointee.next),
            isSignatureElement(signatureValue, "SignatureValue"),
            let canonicalization = firstElement(signedInfo.pointee.children),
            isSignatureElement(canonicalization, "CanonicalizationMethod"),
            let method = firstElement(canonicalization.pointee.next),
            isSignatureElement(method, "SignatureMethod"),
            let reference = firstElement(method.pointee.next),
            isSignatureElement(reference, "Reference"),
            firstElement(reference.pointee.next) == nil
        else {
            return .failed(reason: "the signature does not have the one accepted shape")
        }

        // 2. SignedInfo's canonicalization and signature algorithms, from the allow-list only.
        guard let signedInfoPrefixes = exclusiveCanonicalization(canonicalization) else {
            return .failed(reason: "the CanonicalizationMethod is not exclusive c14n")
        }
        // A digest OpenSSL could not provide is refused, never left for OpenSSL to default.
        guard let signatureAlgorithm = signatureAlgorithm(of: method, allowsSHA1: allowsSHA1),
            signatureAlgorithm.digest != nil
        else {
            return .failed(reason: "the SignatureMethod is not allowed")
        }
        // The key must be of the family the SignatureMethod names: no cross-algorithm use of a key.
        guard signatureAlgorithm.family == key.family else {
            return .failed(reason: "the pinned key does not fit the SignatureMethod")
        }

        // 3. The Reference: URI, transforms, digest algorithm and value.
        guard let target = referencedElement(reference, document: document) else {
            return .failed(reason: "the reference does not resolve to a registered ID")
        }
        guard let transforms = firstElement(reference.pointee.children),
            isSignatureElement(transforms, "Transforms"),
            let digestMethod = firstElement(transforms.pointee.next),
            isSignatureElement(digestMethod, "DigestMethod"),
            let digestValue = firstElement(digestMethod.pointee.next),
            isSignatureElement(digestValue, "DigestValue"),
            firstElement(digestValue.pointee.next) == nil
        else {
            return .failed(reason: "the Reference does not have the one accepted shape")
        }
        guard let envelopedTransform = firstElement(transforms.pointee.children),
            isSignatureElement(envelopedTransform, "Transform"),
            algorithm(of: envelopedTransform, is: "http://www.w3.org/2000/09/xmldsig#enveloped-signature"),
            let canonicalTransform = firstElement(envelopedTransform.pointee.next),
            isSignatureElement(canonicalTransform, "Transform"),
            firstElement(canonicalTransform.pointee.next) == nil,
            let referencePrefixes = exclusiveCanonicalization(canonicalTransform)
        else {
            return .failed(reason: "the transforms are not enveloped-signature then exclusive c14n")
        }
        guard let digestAlgorithm = digestAlgorithm(of: digestMethod, allowsSHA1: allowsSHA1) else {
            return .failed(reason: "the DigestMethod is not allowed")
        }
        // The enveloped transform removes the Signature that holds it, found the way xmlsec finds it.
        guard let enveloping = enclosingSignature(of: envelopedTransform) else {
            return .failed(reason: "the enveloped-signature transform is not inside a Signature")
        }

        // 4. The digest of the canonical referenced element, compared in constant time.
        guard let expectedDigest = SignatureBase64.decodeContent(of: digestValue) else {
            return .failed(reason: "the DigestValue is not base64")
        }
        guard let digestContext = EVP_MD_CTX_new() else { return .failed(reason: "no memory for a digest") }
        defer { EVP_MD_CTX_free(digestContext) }
        guard EVP_DigestInit_ex(digestContext, digestAlgorithm, nil) == 1 else {
            return .failed(reason: "OpenSSL could not start the digest")
        }
        // libxml2's canonicalization refuses a relative namespace URI anywhere in the document.
        guard ExclusiveCanonicalWriter.namespacesAreAbsolute(in: document) else { return .canonicalizationFailed }
        let digestedBytes = withExtendedLifetime(referencePrefixes) {
            ExclusiveCanonicalWriter.canonicalize(
                target, excluding: enveloping, prefixes: referencePrefixes.list, into: .digest(digestContext)
            )
        }
        // A canonicalization that failed or produced nothing must never be digested as if it were content.
        guard let digestedBytes, digestedBytes > 0 else { return .canonicalizationFailed }
        let digestMatches = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) {
            digest -> Bool? in
            var digestLength: UInt32 = 0
            guard EVP_DigestFinal_ex(digestContext, digest.baseAddress, &digestLength) == 1 else { return nil }
            // A timing difference in the compare would leak how much of a forged digest is right.
            return expectedDigest.count == Int(digestLength)
                && CRYPTO_memcmp(expectedDigest, digest.baseAddress, Int(digestLength)) == 0
        }
        guard let digestMatches else { return .failed(reason: "OpenSSL could not finish the digest") }
        guard digestMatches else { return .digestMismatch }

        // 5. The signature over the canonical SignedInfo, with the pinned key only.
        guard let signatureBytes = SignatureBase64.decodeContent(of: signatureValue) else {
            return .failed(reason: "the SignatureValue is not base64")
        }
        let encodedSignature: [UInt8]
        if key.family == .ecdsa {
            // XML-DSig carries ECDSA as r || s of the group order's length each; OpenSSL wants DER.
            guard let der = ecdsaDER(signatureBytes, halfSize: key.ecdsaHalfSize) else {
                return .failed(reason: "the ECDSA SignatureValue does not have the key's length")
            }
            encodedSignature = der
        } else {
            encodedSignature = signatureBytes
        }
        guard let digest = signatureAlgorithm.digest, let verifyContext = key.verificationContext(digest: digest) else {
            return .failed(reason: "OpenSSL could not start the verification")
        }
        defer { EVP_MD_CTX_free(verifyContext) }
        let signedBytes = withExtendedLifetime(signedInfoPrefixes) {
            ExclusiveCanonicalWriter.canonicalize(
                signedInfo, excluding: nil, prefixes: signedInfoPrefixes.list, into: .verification(verifyContext)
            )
        }
        guard let signedBytes, signedBytes > 0 else { return .canonicalizationFailed }
        // Only 1 is a valid signature: 0 is a mismatch and a negative value an error.
        let verdict = EVP_DigestVerifyFinal(verifyContext, encodedSignature, encodedSignature.count)
        ERR_clear_error()
        guard verdict == 1 else { return .signatureMismatch }
        return .verified(signedElement: target)
    }

    // MARK: - Reading the signature the way libxmlsec1 reads it

    /// The element itself or the next element sibling, skipping text, comments and PIs.
    private static func firstElement(_ start: xmlNodePtr?) -> xmlNodePtr? {
        var cursor = start
        while let node = cursor {
            if node.pointee.type == XML_ELEMENT_NODE { return node }
            cursor = node.pointee.next
        }
        return nil
    }

    private static func isSignatureElement(_ node: xmlNodePtr, _ name: StaticString) -> Bool {
        guard sameXMLString(node.pointee.name, name.utf8Start), let href = node.pointee.ns?.pointee.href else {
            return false
        }
        return sameXMLString(href, SignatureURI.namespace.utf8Start)
    }

    /// Whether the `Algorithm` attribute, read as libxmlsec1 reads it, is `uri`.
    private static func algorithm(of node: xmlNodePtr, is uri: StaticString) -> Bool {
        withAlgorithm(of: node) { value in value.map { BorrowedXMLText.equals($0, uri) } ?? false }
    }

    /// Calls `body` with the `Algorithm` attribute as xmlGetProp reads it: the name in any namespace,
    /// first one wins, exactly as xmlsec reads it.
    private static func withAlgorithm<Result>(
        of node: xmlNodePtr,
        _ body: (UnsafePointer<xmlChar>?) -> Result
    ) -> Result {
        guard let attribute = BorrowedXMLText.attributeInAnyNamespace(node, "Algorithm") else { return body(nil) }
        return BorrowedXMLText.withValue(of: attribute, body)
    }

    /// The prefix list of an exclusive c14n element (a CanonicalizationMethod or Transform), or
    /// nil when the element is not exclusive c14n or its parameters are not one InclusiveNamespaces.
    private static func exclusiveCanonicalization(_ node: xmlNodePtr) -> PrefixParameter? {
        guard algorithm(of: node, is: "http://www.w3.org/2001/10/xml-exc-c14n#") else { return nil }
        guard let parameter = firstElement(node.pointee.children) else { return PrefixParameter(list: nil) }
        guard sameXMLString(parameter.pointee.name, "InclusiveNamespaces"),
            let href = parameter.pointee.ns?.pointee.href,
            sameXMLString(href, "http://www.w3.org/2001/10/xml-exc-c14n#"),
            firstElement(parameter.pointee.next) == nil,
            let list = InclusivePrefixList(of: parameter)
        else {
            return nil
        }
        return PrefixParameter(list: list)
    }

    private static func signatureAlgorithm(
        of node: xmlNodePtr,
        allowsSHA1: Bool
    ) -> (digest: OpaquePointer?, family: PinnedPublicKey.Family)? {
        let digests = FetchedDigests.shared
        return withAlgorithm(of: node) { value -> (digest: OpaquePointer?, family: PinnedPublicKey.Family)? in
            guard let value else { return nil }
            let uri = { (candidate: StaticString) in BorrowedXMLText.equals(value, candidate) }
            if uri("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") { return (digests.sha256, .rsa) }
            if uri("http://www.w3.org/2001/04/xmldsig-more#rsa-sha384") { return (digests.sha384, .rsa) }
            if uri("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512") { return (digests.sha512, .rsa) }
            if uri("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256") { return (digests.sha256, .ecdsa) }
            if uri("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384") { return (digests.sha384, .ecdsa) }
            if uri("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512") { return (digests.sha512, .ecdsa) }
            if allowsSHA1, uri("http://www.w3.org/2000/09/xmldsig#rsa-sha1") { return (digests.sha1, .rsa) }
            return nil
        }
    }

    private static func digestAlgorithm(of node: xmlNodePtr, allowsSHA1: Bool) -> OpaquePointer? {
        let digests = FetchedDigests.shared
        return withAlgorithm(of: node) { value -> OpaquePointer? in
            guard let value else { return nil }
            let uri = { (candidate: StaticString) in BorrowedXMLText.equals(value, candidate) }
            if uri("http://www.w3.org/2001/04/xmlenc#sha256") { return digests.sha256 }
            if uri("http://www.w3.org/2001/04/xmldsig-more#sha384") { return digests.sha384 }
            if uri("http://www.w3.org/2001/04/xmlenc#sha512") { return digests.sha512 }
            if allowsSHA1, uri("http://www.w3.org/2000/09/xmldsig#sha1") { return digests.sha1 }
            return nil
        }
    }

    /// The element a same-document `#ID` reference names, through the document's registered IDs only.
    private static func referencedElement(_ reference: xmlNodePtr, document: xmlDocPtr) -> xmlNodePtr? {
        // xmlGetProp's reading, as libxmlsec1 reads the URI.
        guard let uriAttribute = BorrowedXMLText.attributeInAnyNamespace(reference, "URI") else { return nil }
        return BorrowedXMLText.withValue(of: uriAttribute) { uri -> xmlNodePtr? in
            // Only `#ID`: no whole-document "", no XPointer expression, no other document.
            guard let uri, uri.pointee == UInt8(ascii: "#"), xmlStrncmp(uri, "#xpointer(", 10) != 0 else { return nil }
            guard let attribute = xmlGetID(document, uri + 1), attribute.pointee.type == XML_ATTRIBUTE_NODE,
                let element = attribute.pointee.parent, element.pointee.type == XML_ELEMENT_NODE
            else {
                return nil
            }
            return element
        }
    }

    /// The nearest `ds:Signature` ancestor of `node`.
    private static func enclosingSignature(of node: xmlNodePtr) -> xmlNodePtr? {
        var cursor = node.pointee.parent
        while let current = cursor, current.pointee.type == XML_ELEMENT_NODE {
            if isSignatureElement(current, "Signature") { return current }
            cursor = current.pointee.parent
        }
        return nil
    }

    /// Converts an XML-DSig ECDSA signature (r || s, each `halfSize` bytes) to DER.
    private static func ecdsaDER(_ raw: [UInt8], halfSize: Int) -> [UInt8]? {
        guard halfSize > 0, raw.count == 2 * halfSize, let signature = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(signature) }
        let parts: (OpaquePointer?, OpaquePointer?) = raw.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return (nil, nil) }
            return (BN_bin2bn(base, Int32(halfSize), nil), BN_bin2bn(base + halfSize, Int32(halfSize), nil))
        }
        guard let r = parts.0, let s = parts.1, ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(parts.0)
            BN_free(parts.1)
            return nil
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        guard written == length else { return nil }
        return der
    }

    /// An exclusive c14n parameter: its prefix list, or nil when there is no InclusiveNamespaces.
    private struct PrefixParameter {
        let list: InclusivePrefixList?
    }

    private enum SignatureURI {
        static let namespace: StaticString = "http://www.w3.org/2000/09/xmldsig#"
    }
}
