import Foundation
import SAMLPinSupport
import SAMLPinTestSupport
import Testing

@Suite("X.509 certificate inspection")
struct X509CertificateTests {
    private func der(ofPEM name: String) throws -> [UInt8] {
        let text = String(decoding: try Fixtures.bytes(Fixtures.corpusResponse(name)), as: UTF8.self)
        let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
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

    @Test("inspection decoding reads the same key facts as full decoding for every corpus certificate")
    func inspectionAgreesWithFullDecoding() throws {
        let folder = Fixtures.corpus.appendingPathComponent("responses")
        let pems = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix("cert.pem") }.sorted()
        #expect(pems.count >= 10)
        for name in pems {
            let bytes = try der(ofPEM: name)
            let full = try X509Certificate(der: bytes)
            let inspected = try X509Certificate(der: bytes, decoding: .inspection)
            #expect(inspected.keyKind == full.keyKind, "\(name)")
            #expect(inspected.keyBits == full.keyBits, "\(name)")
            #expect(inspected.subject == full.subject, "\(name)")
            #expect(inspected.notAfter == full.notAfter, "\(name)")
            #expect(inspected.sha256Fingerprint == full.sha256Fingerprint, "\(name)")
        }
    }

    @Test("inspection decoding refuses what full decoding refuses")
    func inspectionRefusesBadInput() throws {
        let good = try der(ofPEM: "okta-exkppsa1-idp-cert.pem")
        #expect(throws: X509CertificateError.empty) { try X509Certificate(der: [], decoding: .inspection) }
        #expect(throws: X509CertificateError.trailingBytes(count: 1)) {
            try X509Certificate(der: good + [0], decoding: .inspection)
        }
        #expect(throws: X509CertificateError.self) {
            try X509Certificate(der: Array(good.prefix(300)), decoding: .inspection)
        }

        // Corrupt the RSA modulus's INTEGER tag inside the key's BIT STRING: the certificate still
        // decodes, but the key cannot be sized, so it must be refused, as full decoding refuses it.
        var broken = good
        let modulusHeader: [UInt8] = [0x02, 0x82, 0x01, 0x01, 0x00]
        let start = try #require(
            (0..<(broken.count - modulusHeader.count)).first { Array(broken[$0..<$0 + 5]) == modulusHeader }
        )
        broken[start] = 0x04
        #expect(throws: X509CertificateError.self) { try X509Certificate(der: broken) }
        let refused = #expect(throws: X509CertificateError.self) {
            try X509Certificate(der: broken, decoding: .inspection)
        }
        guard case .unreadablePublicKey = refused else {
            Issue.record("a certificate with a broken key gave \(String(describing: refused))")
            return
        }
    }
}
