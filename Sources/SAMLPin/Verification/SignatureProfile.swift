@preconcurrency import CLibXML2
import SAMLPinSupport

/// The SAML signature profile (SAML core section 5.4), enforced on a `ds:Signature` element by
/// walking it before any cryptography runs.
///
/// xmlsec is a general XML-DSig engine: it verifies whatever the signature references and runs
/// whatever transforms it names. What a SAML signature may look like is decided here. A
/// `#WithComments` canonicalization is refused: comments would then be signed text, and the
/// values read afterwards deliberately ignore comments.
enum SignatureProfile {
    /// The most entries an InclusiveNamespaces PrefixList may have; real signers list a few
    /// (`xs`, `#default saml ds xs xsi`).
    static let maximumInclusivePrefixes = 32

    /// Checks `signature`, the enveloped signature of the element whose ID is `parentID`.
    ///
    /// - Parameters:
    ///   - signature: a `ds:Signature` element that is a direct child of the signed element.
    ///   - parentID: the signed element's `ID`.
    ///   - allowsSHA1: whether RSA-SHA1 and the SHA-1 digest are allowed.
    /// - Returns: the key family the SignatureMethod needs, and the InclusiveNamespaces prefixes of
    ///   the Reference's exclusive c14n transform (declarations the signature covers wherever they are).
    /// - Throws: `signatureProfileViolation` naming the broken rule, or `disallowedAlgorithm`
    ///   naming the algorithm URI.
    static func check(
        _ signature: SAMLElement,
        parentID: String,
        allowsSHA1: Bool
    ) throws(SAMLError) -> (family: SignatureAlgorithm.KeyFamily, inclusivePrefixes: Set<String>) {
        let signatureName = SignatureName(parentID: parentID)
        var children = LeadingChildren(of: signature)

        // Exactly SignedInfo, SignatureValue and an optional KeyInfo, in this order: no Object, no Manifest.
        guard children.count >= 2, children.count <= 3,
            children[0].is(SAMLNamespace.signature, "SignedInfo"),
            children[1].is(SAMLNamespace.signature, "SignatureValue")
        else {
            throw violation(
                "\(signatureName) must hold exactly one SignedInfo, one SignatureValue and at most one KeyInfo"
            )
        }
        if children.count == 3 {
            guard children[2].is(SAMLNamespace.signature, "KeyInfo") else {
                throw violation(
                    "\(signatureName) holds '\(children[2].localName)'; only KeyInfo may follow SignatureValue"
                )
            }
            try checkKeyInfo(children[2], signatureName: signatureName)
        }
        // A SignatureValue that is not plain base64 is refused before xmlsec decodes it.
        guard isBase64Text(children[1]) else {
            throw violation("the SignatureValue of \(signatureName) is not base64 text")
        }

        let signedInfo = children[0]
        children = LeadingChildren(of: signedInfo)
        // SignedInfo is CanonicalizationMethod, SignatureMethod and exactly one Reference.
        guard children.count == 3,
            children[0].is(SAMLNamespace.signature, "CanonicalizationMethod"),
            children[1].is(SAMLNamespace.signature, "SignatureMethod"),
            children[2].is(SAMLNamespace.signature, "Reference")
        else {
            throw violation(
                "the SignedInfo of \(signatureName) must hold CanonicalizationMethod, SignatureMethod "
                    + "and exactly one Reference"
            )
        }
        _ = try checkExclusiveCanonicalization(
            children[0], role: "CanonicalizationMethod", signatureName: signatureName
        )
        let family = try checkSignatureMethod(children[1], allowsSHA1: allowsSHA1, signatureName: signatureName)
        let prefixes = try checkReference(
            children[2], parentID: parentID, allowsSHA1: allowsSHA1, signatureName: signatureName
        )
        return (family, prefixes)
    }

    private static func checkSignatureMethod(
        _ method: SAMLElement,
        allowsSHA1: Bool,
        signatureName: SignatureName
    ) throws(SAMLError) -> SignatureAlgorithm.KeyFamily {
        // Only asymmetric algorithms from the allow-list: no HMAC, no MD5, no DSA, SHA-1 by opt-in.
        let entry = SignatureAlgorithm.signatureMethods.first { method.attribute("Algorithm", equals: $0.uri) }
        guard let entry, allowsSHA1 || !entry.isSHA1 else {
            let algorithm = method.attribute("Algorithm") ?? ""
            throw SAMLError(
                .disallowedAlgorithm,
                "the SignatureMethod '\(algorithm)' of \(signatureName) is not allowed by this IdP's policy"
            )
        }
        // Parameters such as HMACOutputLength have no place in an asymmetric signature.
        guard !method.hasElementChildren else {
            throw violation("the SignatureMethod of \(signatureName) carries parameters")
        }
        return entry.family
    }

    private static func checkReference(
        _ reference: SAMLElement,
        parentID: String,
        allowsSHA1: Bool,
        signatureName: SignatureName
    ) throws(SAMLError) -> Set<String> {
        // The one Reference must point at the signature's own parent, so the signature covers what is read.
        guard reference.attribute("URI", equalsFragmentOf: parentID) else {
            throw violation("the Reference URI of \(signatureName) must be '#\(parentID)'")
        }
        let children = LeadingChildren(of: reference)
        guard children.count == 3,
            children[0].is(SAMLNamespace.signature, "Transforms"),
            children[1].is(SAMLNamespace.signature, "DigestMethod"),
            children[2].is(SAMLNamespace.signature, "DigestValue")
        else {
            throw violation("the Reference of \(signatureName) must hold Transforms, DigestMethod and DigestValue")
        }
        let prefixes = try checkTransforms(children[0], signatureName: signatureName)

        // Digests from the allow-list only; SHA-1 by opt-in.
        let digestEntry = SignatureAlgorithm.digestMethods.first { children[1].attribute("Algorithm", equals: $0.uri) }
        guard let digestEntry, allowsSHA1 || !digestEntry.isSHA1 else {
            let digest = children[1].attribute("Algorithm") ?? ""
            throw SAMLError(
                .disallowedAlgorithm,
                "the DigestMethod '\(digest)' of \(signatureName) is not allowed by this IdP's policy"
            )
        }
        guard !children[1].hasElementChildren else {
            throw violation("the DigestMethod of \(signatureName) carries parameters")
        }
        // A DigestValue with markup or stray characters is refused before xmlsec decodes it.
        guard isBase64Text(children[2]) else {
            throw violation("the DigestValue of \(signatureName) is not base64 text")
        }
        return prefixes
    }

    private static func checkTransforms(
        _ transforms: SAMLElement,
        signatureName: SignatureName
    ) throws(SAMLError) -> Set<String> {
        let list = LeadingChildren(of: transforms)
        for transform in transforms.children {
            guard transform.is(SAMLNamespace.signature, "Transform") else {
                throw violation("the Transforms of \(signatureName) hold '\(transform.localName)'")
            }
            // XSLT, XPath, inclusive or comment-keeping c14n can change what is digested: refuse them.
            guard
                transform.attribute("Algorithm", equals: SignatureAlgorithm.envelopedSignature)
                    || transform.attribute("Algorithm", equals: SignatureAlgorithm.exclusiveCanonicalization)
            else {
                let algorithm = transform.attribute("Algorithm") ?? ""
                throw SAMLError(.disallowedAlgorithm, "the transform '\(algorithm)' in \(signatureName) is not allowed")
            }
        }
        // Exactly enveloped-signature, then exclusive c14n.
        guard list.count == 2,
            list[0].attribute("Algorithm", equals: SignatureAlgorithm.envelopedSignature),
            list[1].attribute("Algorithm", equals: SignatureAlgorithm.exclusiveCanonicalization),
            !list[0].hasElementChildren
        else {
            throw violation(
                "the transforms of \(signatureName) must be exactly enveloped-signature then exclusive c14n"
            )
        }
        return try checkExclusiveCanonicalization(list[1], role: "transform", signatureName: signatureName)
    }

    private static func checkExclusiveCanonicalization(
        _ element: SAMLElement,
        role: String,
        signatureName: SignatureName
    ) throws(SAMLError) -> Set<String> {
        // Only exclusive c14n without comments; see the type's documentation for why.
        guard element.attribute("Algorithm", equals: SignatureAlgorithm.exclusiveCanonicalization) else {
            let algorithm = element.attribute("Algorithm") ?? ""
            throw SAMLError(.disallowedAlgorithm, "the \(role) '\(algorithm)' of \(signatureName) is not allowed")
        }
        let parameters = LeadingChildren(of: element)
        // At most one InclusiveNamespaces parameter, whose PrefixList holds only prefixes.
        guard parameters.count <= 1 else {
            throw violation("the \(role) of \(signatureName) carries more than one parameter")
        }
        guard parameters.count == 1 else { return [] }
        let parameter = parameters[0]
        guard parameter.is(SAMLNamespace.exclusiveCanonicalization, "InclusiveNamespaces"),
            !parameter.hasElementChildren
        else {
            throw violation("the \(role) of \(signatureName) carries '\(parameter.localName)'")
        }
        // Split on spaces only, as libxml2 and libxmlsec1 split it: a tab stays inside a token (and
        // fails the NCName check), so this set never differs from what canonicalization renders.
        let tokens = (parameter.attribute("PrefixList") ?? "").split(separator: " ", omittingEmptySubsequences: false)
        // Every listed prefix costs work at every canonicalized element, before any signature is
        // checked: a signer needs a handful, and a forged list of thousands must not buy CPU time.
        guard tokens.count <= maximumInclusivePrefixes else {
            throw violation(
                "the InclusiveNamespaces PrefixList of \(signatureName) lists \(tokens.count) prefixes; "
                    + "at most \(maximumInclusivePrefixes) are accepted"
            )
        }
        var prefixes = Set<String>()
        for token in tokens where !token.isEmpty {
            let prefix = String(token)
            guard prefixes.insert(prefix).inserted else {
                throw violation("the InclusiveNamespaces PrefixList of \(signatureName) names a prefix twice")
            }
            guard prefix == "#default" || isNCName(prefix) else {
                throw violation("the InclusiveNamespaces PrefixList of \(signatureName) names '\(prefix)'")
            }
        }
        return prefixes
    }

    private static func checkKeyInfo(_ keyInfo: SAMLElement, signatureName: SignatureName) throws(SAMLError) {
        // Keys come only from the pin: anything in KeyInfo that fetches or points at key material is refused.
        var next = keyInfo.following(within: keyInfo)
        while let element = next {
            if element.is(SAMLNamespace.signature, "RetrievalMethod")
                || element.is(SAMLNamespace.signature11, "KeyInfoReference")
            {
                throw violation(
                    "the KeyInfo of \(signatureName) holds '\(element.localName)'; keys come only from the pin"
                )
            }
            next = element.following(within: keyInfo)
        }
    }

    /// Whether the element holds only text (no element, comment or PI) of base64 characters and
    /// XML whitespace; a comment would hide from the text read here what xmlsec reads.
    private static func isBase64Text(_ element: SAMLElement) -> Bool {
        var child = element.node.pointee.children
        while let node = child {
            guard node.pointee.type == XML_TEXT_NODE else { return false }
            child = node.pointee.next
        }
        // The bytes as libxml2 holds them: any byte outside ASCII is refused either way.
        return BorrowedXMLText.withContent(of: element.node) { content in
            content.map(isBase64Characters) ?? false
        }
    }

    /// Whether the text holds base64 characters and XML whitespace only, and at least one of the former.
    private static func isBase64Characters(_ content: UnsafePointer<xmlChar>) -> Bool {
        var significant = 0
        var cursor = content
        while cursor.pointee != 0 {
            let byte = cursor.pointee
            cursor += 1
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
                significant += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                continue
            default:
                return false
            }
        }
        return significant > 0
    }

    private static func violation(_ reason: String) -> SAMLError {
        SAMLError(.signatureProfileViolation, reason)
    }
}

/// "the signature of 'ID'", for reasons; written out only when a check fails.
private struct SignatureName: CustomStringConvertible {
    let parentID: String
    var description: String { "the signature of '\(parentID)'" }
}

/// The first four element children of an element and how many there are, read without allocating.
private struct LeadingChildren {
    private(set) var count = 0
    private var leading: (SAMLElement?, SAMLElement?, SAMLElement?, SAMLElement?)

    init(of element: SAMLElement) {
        leading = (nil, nil, nil, nil)
        for child in element.children {
            switch count {
            case 0: leading.0 = child
            case 1: leading.1 = child
            case 2: leading.2 = child
            case 3: leading.3 = child
            default: break
            }
            count += 1
        }
    }

    /// The child at `index`, which must be below both `count` and 4.
    subscript(index: Int) -> SAMLElement {
        let child: SAMLElement?
        switch index {
        case 0: child = leading.0
        case 1: child = leading.1
        case 2: child = leading.2
        case 3: child = leading.3
        default: child = nil
        }
        guard let child else { preconditionFailure("LeadingChildren holds no child at \(index)") }
        return child
    }
}

/// Whether `value` is an XML NCName (a name without a colon), as an ID must be.
func isNCName(_ value: String) -> Bool {
    guard !value.isEmpty, !value.utf8.contains(UInt8(ascii: ":")) else { return false }
    return value.withXMLChars { xmlValidateNCName($0, 0) } == 0
}
