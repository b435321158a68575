import Foundation
import SAMLPin
import Testing

@Suite("PinnedCertificate description")
struct PinnedCertificateDescriptionTests {
    @Test func printingACertificateShowsWhatItTrustsNotItsBytes() {
        let certificate = PinnedCertificate(
            der: Array(repeating: 0x30, count: 900), sha256Fingerprint: "AB:CD", subject: "CN=idp.example.com",
            notBefore: Date(timeIntervalSince1970: 0), notAfter: Date(timeIntervalSince1970: 1_830_000_000)
        )
        #expect(
            "\(certificate)"
                == "PinnedCertificate(subject: \"CN=idp.example.com\", sha256: AB:CD, notAfter: 2027-12-28T13:20:00Z)"
        )
    }
}
