import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Work an attacker can make the verifier do before any signature is checked, through what the
/// canonicalization reads: the forged SignedInfo's InclusiveNamespaces list and the namespace
/// declarations of the message.
@Suite("Attack review: canonicalization cost before any signature check")
struct AttackReviewCanonicalizationCostTests {
    /// The default test response with `payload` inside an AttributeValue of the signed Assertion.
    private static func padded(_ payload: String) throws -> SignedResponse {
        let signed = try TestResponses.cached("canonicalization-cost-base") {
            try TestResponses.signed(parts: .assertion)
        }
        let marker = "</saml2:AttributeStatement>"
        let inserted =
            "<saml2:Attribute Name=\"pad\"><saml2:AttributeValue>\(payload)</saml2:AttributeValue>"
            + "</saml2:Attribute>"
        return signed.replacing(signed.xml.replacingOccurrences(of: marker, with: inserted + marker))
    }

    private static func verify(_ xml: String) throws -> SAMLError? {
        do {
            _ = try TestVerifiers.okta().verify(
                responseXML: Array(xml.utf8), expectedRequestID: TestIdentityProviders.requestID)
            return nil
        } catch let error as SAMLError {
            return error
        }
    }

    /// The refusal of the default signed response once its Reference's PrefixList reads `list`.
    private static func refusal(withPrefixList list: String) throws -> SAMLError {
        let signed = try TestResponses.cached("canonicalization-cost-base") {
            try TestResponses.signed(parts: .assertion)
        }
        let xml = signed.xml.replacingOccurrences(of: "PrefixList=\"xs\"", with: "PrefixList=\"\(list)\"")
        #expect(xml != signed.xml)
        return try #require(try verify(xml))
    }

    @Test("a PrefixList with more than 32 entries is refused by the profile, before any digest")
    func longPrefixList() throws {
        let error = try Self.refusal(withPrefixList: Array(repeating: "xs", count: 20_000).joined(separator: " "))
        #expect(error.code == .signatureProfileViolation)
        #expect(error.reason.contains("lists 20000 prefixes; at most 32 are accepted"))
    }

    @Test("a PrefixList naming a prefix twice is refused by the profile")
    func repeatedPrefix() throws {
        let error = try Self.refusal(withPrefixList: "xs saml2 xs")
        #expect(error.code == .signatureProfileViolation)
        #expect(error.reason.contains("names a prefix twice"))
    }

    @Test("a tab inside a PrefixList is part of a token, as libxml2 splits it, and so is refused")
    func tabIsNoSeparator() throws {
        let error = try Self.refusal(withPrefixList: "xs&#9;saml2")
        #expect(error.code == .signatureProfileViolation)
    }

    /// Thousands of distinct namespace URIs: each is checked once (the check used to search every
    /// URI already checked, quadratic in their number). The digest then fails, as the payload was
    /// added after signing.
    @Test("50,000 distinct namespace URIs in the signed element are refused as a changed digest")
    func manyDistinctNamespaceURIs() throws {
        var payload = ""
        var counter = 0
        for _ in 0..<200 {
            payload += "<e"
            for prefix in 0..<250 {
                counter += 1
                payload += " xmlns:p\(prefix)=\"u:\(String(counter, radix: 36))\""
            }
            payload += "/>"
        }
        let response = try Self.padded(payload)
        let error = try #require(try Self.verify(response.xml))
        #expect(error.code == .digestMismatch)
    }
}
