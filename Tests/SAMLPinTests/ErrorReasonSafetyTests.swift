import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// No refusal's reason carries key material or the assertion: every reason of every attack and
/// corpus refusal is at most 512 bytes, quotes no pinned certificate, no SignatureValue or
/// DigestValue of the message, and no SAML markup.
@Suite("error reasons never leak keys or assertions")
struct ErrorReasonSafetyTests {
    /// The base64 texts of every `ds:SignatureValue` and `ds:DigestValue` in `xml`, whitespace removed.
    private static func signatureValues(in xml: String) -> [String] {
        let text = XMLText(xml)
        return ["ds:SignatureValue", "ds:DigestValue"].flatMap { name in
            (0..<text.count(of: name)).compactMap { occurrence -> String? in
                guard let element = text.element(name, occurrence: occurrence),
                    let open = element.firstIndex(of: ">"), let close = element.range(of: "</", options: .backwards)
                else { return nil }
                let value = element[element.index(after: open)..<close.lowerBound].filter { !$0.isWhitespace }
                // Short values (an attack's "AAAA") could appear in a reason by chance.
                return value.count >= 16 ? String(value) : nil
            }
        }
    }

    /// Records every way `error` could leak: its size, a pinned certificate, a signature value, markup.
    private static func check(
        _ error: SAMLError,
        of name: String,
        message: String,
        certificates: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let reason = error.reason
        #expect(reason.utf8.count <= 512, "\(name): \(reason.utf8.count) bytes", sourceLocation: sourceLocation)
        #expect(!reason.contains("<saml"), "\(name): markup in '\(reason)'", sourceLocation: sourceLocation)
        for certificate in certificates {
            // Any 40 characters of the certificate would be recognisable key material.
            #expect(
                !reason.contains(certificate.prefix(40)) && !reason.contains(certificate.suffix(40)),
                "\(name): certificate in '\(reason)'", sourceLocation: sourceLocation
            )
        }
        for value in signatureValues(in: message) {
            #expect(!reason.contains(value), "\(name): signature value in '\(reason)'", sourceLocation: sourceLocation)
        }
    }

    @Test("every attack refusal")
    func attacks() throws {
        let keys = try TestKeys.shared()
        let pairs = [keys.identityProvider, keys.identityProviderEC, keys.identityProviderRollover, keys.attacker]
        let certificates = pairs.map(\.certificateBase64)
        var checked = 0
        for attack in DifferentialSignatureEngineTests.attackCases {
            let input = try attack.build()
            let verifier = try TestVerifiers.okta(policy: attack.policy)
            let message: String
            let outcome: Result<VerifiedAssertion, SAMLError>
            switch input {
            case .xml(let xml):
                message = xml
                outcome = verdict(xml, with: verifier, expectedRequestID: attack.expectedRequestID)
            case .form(let value):
                let decoded = Data(base64Encoded: value, options: .ignoreUnknownCharacters) ?? Data()
                message = String(decoding: decoded, as: UTF8.self)
                outcome = Result { () throws(SAMLError) in
                    try verifier.verify(samlResponse: value, expectedRequestID: attack.expectedRequestID)
                }
            }
            guard case .failure(let error) = outcome else { continue }
            Self.check(error, of: attack.name, message: message, certificates: certificates)
            checked += 1
        }
        #expect(checked == DifferentialSignatureEngineTests.attackCases.count)
    }

    @Test("every corpus refusal, and the seeded mutations of a signed response")
    func corpus() throws {
        var checked = 0
        for entry in try Corpus.allResponses() {
            let bytes = try Corpus.bytes(of: entry)
            let certificate = Data(try Corpus.pinnedCertificate(for: entry).der).base64EncodedString()
            let verifier = try Corpus.verifier(for: entry, policy: Corpus.manifestPolicy(for: entry))
            do {
                _ = try verifier.verify(responseXML: bytes, expectedRequestID: entry.expectedRequestID)
            } catch {
                Self.check(
                    error, of: entry.file, message: String(decoding: bytes, as: UTF8.self), certificates: [certificate]
                )
                checked += 1
            }
        }
        // The invalid, encrypted and audience-less files: everything but the seven accepted ones.
        #expect(checked == 17)

        let entry = try Corpus.response("keycloak-signed-assertion.xml")
        let certificate = Data(try Corpus.pinnedCertificate(for: entry).der).base64EncodedString()
        let original = String(decoding: try Corpus.bytes(of: entry), as: UTF8.self)
        for (round, bytes) in SeededMutations.variants(of: try Corpus.bytes(of: entry)).enumerated() {
            let verifier = try Corpus.verifier(for: entry)
            do {
                _ = try verifier.verify(responseXML: bytes, expectedRequestID: entry.expectedRequestID)
            } catch {
                Self.check(error, of: "mutation \(round)", message: original, certificates: [certificate])
            }
        }
    }
}
