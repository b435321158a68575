import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Attacks on the signature itself: exclusion, foreign keys, algorithm confusion, SignedInfo and
/// Reference tricks, transforms and KeyInfo (catalogue sections 2, 4-7, 9, 10, 14, 15, 18, 19, 27).
@Suite("Attack: signatures")
struct AttackSignatureTests {
    static let evilNameID = "admin@example.com"

    /// Signs a default response with `template` (and `key`, by default the IdP's).
    static func signed(
        _ name: String,
        parts: SignedParts = .assertion,
        template: SignatureTemplate,
        key: @escaping @Sendable () throws -> XMLSec1Signer.SigningKey? = { nil },
        edit: @escaping @Sendable (inout XMLText) -> Void = { _ in }
    ) throws -> SignedResponse {
        try TestResponses.cached("signature-attack-\(name)") {
            try TestResponses.signed(parts: parts, template: template, key: key(), editingTemplate: edit)
        }
    }

    static func attacker() throws -> XMLSec1Signer.SigningKey { .keyPair(try TestKeys.shared().attacker) }

    static let exclusion: [AttackCase] = [
        // Section 4: the only signature stripped.
        AttackCase("assertion signature stripped", [.signatureMissing]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { $0.remove("ds:Signature") }
        },
        // Section 4.
        AttackCase("response signature stripped", [.signatureMissing]) {
            AttackFixtures.edited(try AttackFixtures.responseSigned()) { $0.remove("ds:Signature") }
        },
        // Section 4.
        AttackCase("both signatures stripped", [.signatureMissing]) {
            AttackFixtures.edited(try AttackFixtures.bothSigned()) { text in
                text.remove("ds:Signature")
                text.remove("ds:Signature")
            }
        },
        // Section 4/10: both signed, the Assertion's signature removed: the Response digest breaks.
        AttackCase("both signed, assertion signature stripped", [.digestMismatch]) {
            AttackFixtures.edited(try AttackFixtures.bothSigned()) { $0.remove("ds:Signature", occurrence: 1) }
        },
        // Section 13: a policy that requires both signatures refuses a Response-signature-less message.
        AttackCase(
            "policy both, response signature stripped",
            [.signatureMissing],
            policy: IdentityProviderPolicy(signatureRequirement: .both)
        ) {
            AttackFixtures.edited(try AttackFixtures.bothSigned()) { $0.remove("ds:Signature", occurrence: 0) }
        },
        // Section 13: a policy that requires an assertion signature refuses a Response-only signature.
        AttackCase(
            "policy assertion, only the response signed",
            [.signatureMissing],
            policy: IdentityProviderPolicy(signatureRequirement: .assertion)
        ) {
            .xml(try AttackFixtures.responseSigned().xml)
        },
        // Section 4.
        // An empty SignatureValue is no base64 text, so the profile refuses it before any engine runs.
        AttackCase("SignatureValue emptied", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.setContent(of: "ds:SignatureValue", to: "")
            }
        },
        // Section 4.
        AttackCase("SignedInfo removed", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { $0.remove("ds:SignedInfo") }
        },
        // Section 4/27: SignatureValue truncated.
        AttackCase("SignatureValue truncated", [.signatureInvalid]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.setContent(of: "ds:SignatureValue", to: "AAAA")
            }
        },
        // Section 27: SignatureValue not base64.
        AttackCase("SignatureValue not base64", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.setContent(of: "ds:SignatureValue", to: "***not-base64***")
            }
        },
        // Section 9: signed content changed after signing: the digest no longer matches.
        AttackCase("NameID changed after signing", [.digestMismatch]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.setContent(of: "saml2:NameID", to: evilNameID)
            }
        },
        // Signed content changed after signing (Response-level signature).
        AttackCase("response-signed NameID changed after signing", [.digestMismatch]) {
            AttackFixtures.edited(try AttackFixtures.responseSigned()) {
                $0.setContent(of: "saml2:NameID", to: evilNameID)
            }
        },
    ]

    static let keys: [AttackCase] = [
        // Section 5a: attacker key, attacker certificate (cloned subject) in KeyInfo.
        AttackCase("attacker key, cloned-subject cert in KeyInfo", [.signatureInvalid]) {
            .xml(try signed("attacker-cert", template: .okta, key: attacker).xml)
        },
        // Section 5c: attacker key, RSAKeyValue in KeyInfo.
        AttackCase("attacker key, RSAKeyValue in KeyInfo", [.signatureInvalid]) {
            .xml(try signed("attacker-keyvalue", template: SignatureTemplate(keyInfo: .keyValue), key: attacker).xml)
        },
        // Section 5d: attacker key, no KeyInfo.
        AttackCase("attacker key, no KeyInfo", [.signatureInvalid]) {
            .xml(try signed("attacker-no-keyinfo", template: SignatureTemplate(keyInfo: .none), key: attacker).xml)
        },
        // Section 5e: attacker key, the IdP's real certificate in KeyInfo.
        AttackCase("attacker key, IdP cert in KeyInfo", [.signatureInvalid]) {
            let idp = try TestKeys.shared().identityProvider.certificateBase64
            return AttackFixtures.edited(try signed("attacker-cert", template: .okta, key: attacker)) {
                $0.setContent(of: "ds:X509Certificate", to: idp)
            }
        },
        // Section 5f: attacker key, KeyInfo with the IdP's and the attacker's certificates.
        AttackCase("attacker key, IdP and attacker certs in KeyInfo", [.signatureInvalid]) {
            let idp = try TestKeys.shared().identityProvider.certificateBase64
            return AttackFixtures.edited(try signed("attacker-cert", template: .okta, key: attacker)) {
                $0.insert("<ds:X509Certificate>\(idp)</ds:X509Certificate>", asFirstChildOf: "ds:X509Data")
            }
        },
        // Section 5, response level.
        AttackCase("attacker key signs the Response", [.signatureInvalid]) {
            .xml(try signed("attacker-response", parts: .response, template: .okta, key: attacker).xml)
        },
        // Section 27/I-03: ECDSA signature while only the RSA key is pinned.
        AttackCase("EC signature, only RSA pinned", [.signatureInvalid]) {
            .xml(
                try signed("ec-unpinned", template: .ecdsa, key: { .keyPair(try TestKeys.shared().identityProviderEC) })
                    .xml)
        },
        // I-03: rollover key not pinned.
        AttackCase("unpinned rollover key", [.signatureInvalid]) {
            .xml(
                try signed(
                    "rollover-unpinned", template: .okta,
                    key: { .keyPair(try TestKeys.shared().identityProviderRollover) }
                ).xml)
        },
    ]

    static let algorithms: [AttackCase] = [
        // Section 6: HMAC-SHA256 keyed with the IdP certificate's DER bytes.
        AttackCase("HMAC-SHA256 keyed with the pinned cert DER", [.disallowedAlgorithm]) {
            .xml(
                try signed(
                    "hmac-der",
                    template: SignatureTemplate(signatureMethod: SignatureTemplate.hmacSHA256, keyInfo: .none),
                    key: { .hmac(try TestKeys.shared().identityProvider.certificateDER) }
                ).xml)
        },
        // Section 6: HMAC-SHA1 keyed with the PEM text.
        AttackCase("HMAC-SHA1 keyed with the pinned cert PEM", [.disallowedAlgorithm]) {
            .xml(
                try signed(
                    "hmac-pem",
                    template: SignatureTemplate(signatureMethod: SignatureTemplate.hmacSHA1, keyInfo: .none),
                    key: {
                        let pem = try String(
                            contentsOfFile: TestKeys.shared().identityProvider.certificatePath, encoding: .utf8)
                        return .hmac(Array(pem.utf8))
                    }
                ).xml)
        },
        // Section 6: HMACOutputLength truncation.
        AttackCase("HMAC with HMACOutputLength 8", [.disallowedAlgorithm]) {
            let response = try signed(
                "hmac-der",
                template: SignatureTemplate(signatureMethod: SignatureTemplate.hmacSHA256, keyInfo: .none),
                key: { .hmac(try TestKeys.shared().identityProvider.certificateDER) }
            )
            return AttackFixtures.edited(response) {
                $0.replaceFirst(
                    "hmac-sha256\"/>",
                    with: "hmac-sha256\"><ds:HMACOutputLength>8</ds:HMACOutputLength></ds:SignatureMethod>"
                )
            }
        },
        // Section 7: RSA-SHA1/SHA-1 without the IdP's opt-in.
        AttackCase("rsa-sha1 without opt-in", [.disallowedAlgorithm]) {
            .xml(try signed("sha1", template: .rsaSHA1Legacy).xml)
        },
        // Section 7: RSA-SHA1 signature with a SHA-256 digest, no opt-in.
        AttackCase("rsa-sha1 signature, sha256 digest", [.disallowedAlgorithm]) {
            .xml(
                try signed("sha1-sig-only", template: SignatureTemplate(signatureMethod: SignatureTemplate.rsaSHA1)).xml
            )
        },
        // Section 7: SHA-1 digest under RSA-SHA256.
        AttackCase("rsa-sha256 signature, sha1 digest", [.disallowedAlgorithm]) {
            .xml(try signed("sha1-digest-only", template: SignatureTemplate(digestMethod: SignatureTemplate.sha1)).xml)
        },
        // Section 7: MD5 digest.
        AttackCase("md5 digest", [.disallowedAlgorithm]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(SignatureTemplate.sha256, with: SignatureTemplate.md5)
            }
        },
        // Section 7: RSA-MD5 signature method.
        AttackCase("rsa-md5 signature method", [.disallowedAlgorithm]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(SignatureTemplate.rsaSHA256, with: SignatureTemplate.rsaMD5)
            }
        },
        // Section 7: DSA-SHA1.
        AttackCase("dsa-sha1 signature method", [.disallowedAlgorithm]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(SignatureTemplate.rsaSHA256, with: "http://www.w3.org/2000/09/xmldsig#dsa-sha1")
            }
        },
        // Section 7: unknown URI.
        AttackCase("unknown signature algorithm URI", [.disallowedAlgorithm]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(SignatureTemplate.rsaSHA256, with: "urn:example:none")
            }
        },
        // Section 7: empty Algorithm attribute.
        AttackCase("empty SignatureMethod Algorithm", [.disallowedAlgorithm]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst(SignatureTemplate.rsaSHA256, with: "")
            }
        },
        // Section 15/I-14: WithComments canonicalization for SignedInfo.
        AttackCase("exc-c14n#WithComments for SignedInfo", [.disallowedAlgorithm]) {
            .xml(
                try signed(
                    "withcomments-signedinfo",
                    template: SignatureTemplate(canonicalizationMethod: SignatureTemplate.exclusiveC14NWithComments)
                ).xml)
        },
        // Section 15/I-14: WithComments as the Reference transform.
        AttackCase("exc-c14n#WithComments as Reference transform", [.disallowedAlgorithm]) {
            .xml(
                try signed(
                    "withcomments-reference",
                    template: SignatureTemplate(transforms: [
                        SignatureTemplate.envelopedTransform,
                        "<ds:Transform Algorithm=\"\(SignatureTemplate.exclusiveC14NWithComments)\"/>",
                    ])
                ).xml)
        },
        // Section 15/18/I-20: inclusive C14N as the Reference transform.
        AttackCase("inclusive c14n as Reference transform", [.disallowedAlgorithm]) {
            .xml(
                try signed(
                    "inclusive-reference",
                    template: SignatureTemplate(transforms: [
                        SignatureTemplate.envelopedTransform,
                        "<ds:Transform Algorithm=\"\(SignatureTemplate.inclusiveC14N)\"/>",
                    ])
                ).xml)
        },
        // Section 18: XSLT transform.
        AttackCase("XSLT transform", [.disallowedAlgorithm]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert(
                    "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\">"
                        + "<xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\">"
                        + "<xsl:template match=\"/\"><xsl:copy-of select=\"document('file:///etc/passwd')\"/>"
                        + "</xsl:template></xsl:stylesheet></ds:Transform>",
                    asLastChildOf: "ds:Transforms"
                )
            }
        },
        // Section 18: XPath transform.
        AttackCase("XPath transform", [.disallowedAlgorithm]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert(
                    "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\">"
                        + "<ds:XPath>not(ancestor-or-self::saml2:NameID)</ds:XPath></ds:Transform>",
                    asFirstChildOf: "ds:Transforms"
                )
            }
        },
        // Section 18: XPath Filter 2.0 subtract.
        AttackCase("XPath-Filter2 transform", [.disallowedAlgorithm]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert(
                    "<ds:Transform Algorithm=\"http://www.w3.org/2002/06/xmldsig-filter2\">"
                        + "<dsig-xpath:XPath xmlns:dsig-xpath=\"http://www.w3.org/2002/06/xmldsig-filter2\""
                        + " Filter=\"subtract\">//saml2:NameID</dsig-xpath:XPath></ds:Transform>",
                    asFirstChildOf: "ds:Transforms"
                )
            }
        },
    ]

    static let profile: [AttackCase] = [
        // Section 2: decoy Reference/DigestValue earlier in document order, in Extensions.
        AttackCase(
            "decoy Reference in Extensions, NameID changed",
            [.digestMismatch]
        ) {
            let original = try AttackFixtures.assertionSigned()
            let reference = XMLText(original.xml).element("ds:Reference") ?? ""
            return AttackFixtures.edited(original) { text in
                text.insert(
                    "<saml2p:Extensions><ds:SignedInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
                        + reference.replacingOccurrences(of: "<ds:DigestValue>", with: "<ds:DigestValue>AAAA")
                        + "</ds:SignedInfo></saml2p:Extensions>",
                    after: "saml2:Issuer"
                )
                text.setContent(of: "saml2:NameID", to: evilNameID)
            }
        },
        // Section 2: decoy DigestValue in StatusDetail.
        AttackCase(
            "decoy DigestValue in StatusDetail, NameID changed",
            [.digestMismatch]
        ) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                text.insert(
                    "<saml2p:StatusDetail><ds:DigestValue xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
                        + "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</ds:DigestValue></saml2p:StatusDetail>",
                    asLastChildOf: "saml2p:Status"
                )
                text.setContent(of: "saml2:NameID", to: evilNameID)
            }
        },
        // Section 2: two References in SignedInfo (signed as such).
        AttackCase("two References in SignedInfo", [.signatureProfileViolation]) {
            .xml(
                try signed(
                    "two-references", template: .okta,
                    edit: { text in
                        let reference = text.element("ds:Reference") ?? ""
                        text.insert(reference, after: "ds:Reference")
                    }
                ).xml)
        },
        // Section 2/18: an empty-URI Reference next to the #ID one (signed as such).
        AttackCase("empty-URI Reference plus #ID Reference", [.signatureProfileViolation]) {
            let parameters = ResponseParameters()
            return .xml(
                try TestResponses.signed(parameters, parts: .response) { text in
                    let reference = (text.element("ds:Reference") ?? "")
                        .replacingOccurrences(of: "URI=\"#\(parameters.responseID)\"", with: "URI=\"\"")
                    text.insert(reference, before: "ds:Reference")
                }.xml)
        },
        // Section 18: URI="" on an Assertion signature (not the document root).
        AttackCase("URI=\"\" on the Assertion signature", [.signatureProfileViolation]) {
            .xml(try signed("empty-uri", template: SignatureTemplate(referenceURI: "")).xml)
        },
        // Section 18: a Reference to another document.
        AttackCase("Reference URI to http", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                text.replaceFirst("URI=\"#", with: "URI=\"http://127.0.0.1:9/#")
            }
        },
        // Section 1/2 (I-01): the Assertion's signature references the Response.
        AttackCase(
            "assertion signature referencing the Response", [.signatureProfileViolation]
        ) {
            let parameters = ResponseParameters()
            let response = try TestResponses.signed(
                parameters,
                parts: .assertion,
                template: SignatureTemplate(referenceURI: "#\(parameters.responseID)")
            )
            return .xml(response.xml)
        },
        // Section 2/11: the profile reads the Reference URI without a namespace ('#' + the Assertion's
        // ID), while both engines read the first attribute named URI in any namespace, here the
        // Response's ID; xmlsec1 signs what it reads, so the signature is valid over the Response.
        // Only the last check, that the verified element is the one read, stands in the way.
        AttackCase("namespaced x:URI naming the Response before URI naming the Assertion", [.signedElementMismatch])
        {
            let parameters = ResponseParameters()
            let response = try TestResponses.cached("signature-attack-namespaced-uri") {
                try TestResponses.signed(parameters, parts: .assertion) { text in
                    text.replaceFirst(
                        "URI=\"#\(parameters.assertionID)\"",
                        with: "xmlns:x=\"urn:x\" x:URI=\"#\(parameters.responseID)\" URI=\"#\(parameters.assertionID)\""
                    )
                }
            }
            return .xml(response.xml)
        },
        // Section 9: comment with a forged digest inside DigestValue, NameID changed.
        // The profile refuses any markup inside DigestValue before the changed digest is computed.
        AttackCase("comment inside DigestValue, NameID changed", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                text.insert("<!--47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=-->", asFirstChildOf: "ds:DigestValue")
                text.setContent(of: "saml2:NameID", to: evilNameID)
            }
        },
        // Section 9: comment inside DigestValue on its own: DigestValue must be only base64 text.
        AttackCase("comment inside DigestValue", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert("<!--x-->", asFirstChildOf: "ds:DigestValue")
            }
        },
        // Section 9: element inside DigestValue.
        AttackCase("element inside DigestValue", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert("<ds:X/>", asFirstChildOf: "ds:DigestValue")
            }
        },
        // Section 9: two SignedInfo elements.
        AttackCase("two SignedInfo", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                let signedInfo = text.element("ds:SignedInfo") ?? ""
                text.insert(
                    signedInfo.replacingOccurrences(of: "<ds:DigestValue>", with: "<ds:DigestValue>AAAA"),
                    before: "ds:SignedInfo")
                text.setContent(of: "saml2:NameID", to: evilNameID)
            }
        },
        // Section 9: genuine SignedInfo wrapped in an unknown element, attacker SignedInfo beside it.
        AttackCase("SignedInfo wrapped in an unknown element", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                let signedInfo = text.element("ds:SignedInfo") ?? ""
                text.replaceElement("ds:SignedInfo", with: signedInfo + "<ds:Wrapper>\(signedInfo)</ds:Wrapper>")
            }
        },
        // Section 10: a second copy of the genuine Signature in the Assertion.
        AttackCase("duplicated Signature in the Assertion", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                let signature = text.element("ds:Signature") ?? ""
                text.insert(signature, after: "ds:Signature")
            }
        },
        // Section 10: an extra Signature inside Status.
        AttackCase("extra Signature inside StatusDetail", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                let signature = text.element("ds:Signature") ?? ""
                text.insert("<saml2p:StatusDetail>\(signature)</saml2p:StatusDetail>", asLastChildOf: "saml2p:Status")
            }
        },
        // Section 10: both signed, the Response's SignatureValue altered.
        AttackCase("both signed, response signature broken", [.signatureInvalid]) {
            AttackFixtures.edited(try AttackFixtures.bothSigned()) { text in
                text.replaceFirst("<ds:SignatureValue>", with: "<ds:SignatureValue>AAAA")
            }
        },
        // Section 18: ds:Object with content in the Signature.
        AttackCase("ds:Object in Signature", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.insert("<ds:Object Id=\"o1\"><x>payload</x></ds:Object>", asLastChildOf: "ds:Signature")
            }
        },
        // Section 18: a Manifest inside an Object.
        AttackCase("ds:Manifest in Signature", [.signatureProfileViolation]) {
            let original = try AttackFixtures.assertionSigned()
            let reference = XMLText(original.xml).element("ds:Reference") ?? ""
            return AttackFixtures.edited(original) {
                $0.insert(
                    "<ds:Object><ds:Manifest Id=\"m1\">\(reference)</ds:Manifest></ds:Object>",
                    asLastChildOf: "ds:Signature")
            }
        },
        // Section 18: three transforms.
        AttackCase("three transforms", [.signatureProfileViolation]) {
            .xml(
                try signed(
                    "three-transforms",
                    template: SignatureTemplate(transforms: [
                        SignatureTemplate.envelopedTransform, SignatureTemplate.exclusiveC14NTransform,
                        SignatureTemplate.exclusiveC14NTransform,
                    ])
                ).xml)
        },
        // Section 18: enveloped-signature twice.
        AttackCase("enveloped transform twice", [.signatureProfileViolation]) {
            .xml(
                try signed(
                    "enveloped-twice",
                    template: SignatureTemplate(transforms: [
                        SignatureTemplate.envelopedTransform, SignatureTemplate.envelopedTransform,
                        SignatureTemplate.exclusiveC14NTransform,
                    ])
                ).xml)
        },
        // Section 18: no enveloped-signature transform (the signature is not enveloped).
        AttackCase("no enveloped transform", [.signatureProfileViolation]) {
            .xml(
                try signed(
                    "no-enveloped", template: SignatureTemplate(transforms: [SignatureTemplate.exclusiveC14NTransform])
                ).xml)
        },
        // Section 18: c14n then enveloped (order).
        AttackCase("c14n before enveloped", [.signatureProfileViolation]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                text.remove("ds:Transform", occurrence: 0)
                text.insert(SignatureTemplate.envelopedTransform, asLastChildOf: "ds:Transforms")
            }
        },
        // Section 14: void canonicalization via a relative namespace URI on the Assertion, with the
        // DigestValue replaced by the SHA-256 of nothing, which a fail-open canonicalizer would match.
        AttackCase("relative namespace URI on the Assertion", [.canonicalizationFailed]) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) { text in
                text.replaceFirst("<saml2:Assertion ", with: "<saml2:Assertion xmlns:v=\"1\" ")
                text.setContent(of: "ds:DigestValue", to: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
            }
        },
        // Section 14: relative namespace URI on an inner signed element, signed as such by xmlsec1.
        AttackCase(
            "relative namespace URI inside signed content",
            [.canonicalizationFailed]
        ) {
            AttackFixtures.edited(try AttackFixtures.assertionSigned()) {
                $0.replaceFirst("<saml2:Subject ", with: "<saml2:Subject xmlns:v=\"relative/ns\" ")
            }
        },
    ]

    static let keyInfo: [AttackCase] = [
        // Section 19: RetrievalMethod pointing at the network, with an attacker signature.
        // The profile refuses a RetrievalMethod outright, before any key is tried.
        AttackCase("attacker key, RetrievalMethod to http", [.signatureProfileViolation]) {
            AttackFixtures.edited(try signed("attacker-cert", template: .okta, key: attacker)) {
                $0.replaceElement(
                    "ds:KeyInfo",
                    with: "<ds:KeyInfo><ds:RetrievalMethod URI=\"http://127.0.0.1:9/key.der\""
                        + " Type=\"http://www.w3.org/2000/09/xmldsig#rawX509Certificate\"/></ds:KeyInfo>"
                )
            }
        },
        // Section 19: RetrievalMethod to an in-document attacker certificate.
        AttackCase(
            "attacker key, RetrievalMethod to an in-document cert", [.signatureProfileViolation]
        ) {
            let attackerCertificate = try TestKeys.shared().attacker.certificateBase64
            return AttackFixtures.edited(try signed("attacker-cert", template: .okta, key: attacker)) { text in
                text.replaceElement(
                    "ds:KeyInfo",
                    with: "<ds:KeyInfo><ds:RetrievalMethod URI=\"#kx\""
                        + " Type=\"http://www.w3.org/2000/09/xmldsig#X509Data\"/></ds:KeyInfo>"
                )
                text.insert(
                    "<saml2p:Extensions><ds:X509Data xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" ID=\"kx\">"
                        + "<ds:X509Certificate>\(attackerCertificate)</ds:X509Certificate></ds:X509Data>"
                        + "</saml2p:Extensions>",
                    after: "saml2:Issuer"
                )
            }
        },
    ]

    @Test("stripped or broken signatures are refused", arguments: exclusion)
    func exclusionRefused(_ attack: AttackCase) throws { try attack.check() }

    @Test("keys other than the pinned ones never verify", arguments: keys)
    func keysRefused(_ attack: AttackCase) throws { try attack.check() }

    @Test("algorithms outside the allow-list are refused", arguments: algorithms)
    func algorithmsRefused(_ attack: AttackCase) throws { try attack.check() }

    @Test("signature profile violations are refused", arguments: profile)
    func profileRefused(_ attack: AttackCase) throws { try attack.check() }

    @Test("KeyInfo never brings in a key", arguments: keyInfo)
    func keyInfoRefused(_ attack: AttackCase) throws { try attack.check() }

    // Section 19: a RetrievalMethod to the network next to a valid IdP signature is never followed:
    // keys come only from the pin, so the profile refuses any KeyInfo that points at key material.
    @Test("a RetrievalMethod in KeyInfo of a valid signature is refused by the profile, never followed")
    func retrievalMethodBesideValidSignature() throws {
        let original = try AttackFixtures.assertionSigned()
        var text = XMLText(original.xml)
        text.replaceElement(
            "ds:KeyInfo",
            with: "<ds:KeyInfo><ds:RetrievalMethod URI=\"http://127.0.0.1:9/key.der\""
                + " Type=\"http://www.w3.org/2000/09/xmldsig#rawX509Certificate\"/>"
                + "<ds:RetrievalMethod URI=\"#self\"/></ds:KeyInfo>"
        )
        switch verdict(text.text, with: try TestVerifiers.okta()) {
        case .success(let verified):
            Issue.record("accepted as '\(verified.nameID.value)' despite a RetrievalMethod in KeyInfo")
        case .failure(let error):
            #expect(error.code == .signatureProfileViolation, "\(error)")
            #expect(error.reason.contains("RetrievalMethod"), "\(error)")
        }
    }
}
