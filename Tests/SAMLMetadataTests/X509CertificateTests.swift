import Foundation
import SAMLPinSupport
import SAMLPinTestSupport
import Testing

@Suite("X.509 certificate inspection")
struct X509CertificateTests {
    private func der(ofPEM name: String) throws -> [UInt8] {
        let text = String(decoding: try Fixtures.bytes(Fixtures.corpusResponse(name)), as: UTF8.self)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(try #require(Data(base64Encoded: body)))
    }

    @Test("empty, truncated, trailing and garbage inputs are typed errors")
    func badInputs() throws {
        let good = try der(ofPEM: "okta-exkppsa1-idp-cert.pem")
        #expect(throws: X509CertificateError.empty) { try X509Certificate(der: []) }
        #expect(throws: X509CertificateError.trailingBytes(count: 1)) { try X509Certificate(der: good + [0]) }
        let truncated = #expect(throws: X509CertificateError.self) { try X509Certificate(der: Array(good.prefix(300))) }
        guard case .malformed = truncated else {
            Issue.record("a truncated certificate gave \(String(describing: truncated))")
            return
        }
        #expect(throws: X509CertificateError.self) { try X509Certificate(der: Array(repeating: 0x30, count: 64)) }
    }

    @Test("DER comes back byte for byte and the fields match index.json")
    func roundTrip() throws {
        let bytes = try der(ofPEM: "keycloak-master-2025-idp-cert.pem")
        let certificate = try X509Certificate(der: bytes)
        #expect(certificate.der == bytes)
        #expect(certificate.subject == "CN=master")
        #expect(certificate.keyKind == .rsa)
        #expect(certificate.keyBits == 2048)
        #expect(certificate.sha256Fingerprint.hasPrefix("A9:F2:FB:CE:2C:D2:6D:0D"))
        #expect(certificate.sha256Fingerprint.count == 32 * 3 - 1)
    }

    @Test("reads from many tasks at once agree")
    func concurrentReads() async throws {
        let certificate = try X509Certificate(der: try der(ofPEM: "samael-ecdsa-p256-idp-cert.pem"))
        let expected = certificate.sha256Fingerprint + certificate.subject
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<32 { group.addTask { certificate.sha256Fingerprint + certificate.subject } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 == expected })
    }
}
