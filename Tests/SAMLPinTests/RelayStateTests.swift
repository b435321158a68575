import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// RelayState is unsigned browser input: it is returned unchanged, and refused only above a
/// lenient size cap (catalogue section 25).
@Suite struct RelayStateTests {
    private static let limit = ResponseVerifier.maximumRelayStateSize

    private static func response() throws -> SignedResponse {
        try TestResponses.cached("relay-state") { try TestResponses.signed(parts: .assertion) }
    }

    @Test("values up to the cap are returned unchanged, including ones longer than the spec's 80 bytes")
    func upToTheCap() throws {
        let response = try Self.response()
        let values = ["/after/login", String(repeating: "r", count: 81), String(repeating: "x", count: Self.limit)]
        for value in values {
            let verified = try TestVerifiers.okta().verify(
                responseXML: response.bytes, relayState: value, expectedRequestID: TestIdentityProviders.requestID
            )
            #expect(verified.relayState == value)
        }
    }

    @Test("one byte over the cap is refused, counted in UTF-8 bytes, on both entry points")
    func overTheCap() throws {
        let response = try Self.response()
        // 2,048 two-byte characters fill the cap exactly; one more ASCII byte is over it.
        let atCap = String(repeating: "é", count: Self.limit / 2)
        #expect(atCap.utf8.count == Self.limit)
        let over = atCap + "x"
        let form = Data(response.xml.utf8).base64EncodedString()
        let requestID = TestIdentityProviders.requestID

        let raw = #expect(throws: SAMLError.self) {
            try TestVerifiers.okta().verify(responseXML: response.bytes, relayState: over, expectedRequestID: requestID)
        }
        #expect(raw?.code == .relayStateTooLarge)
        let posted = #expect(throws: SAMLError.self) {
            try TestVerifiers.okta().verify(samlResponse: form, relayState: over, expectedRequestID: requestID)
        }
        #expect(posted?.code == .relayStateTooLarge)
        #expect(posted?.reason.contains("\(Self.limit + 1) bytes") == true)
        // Checked before anything is decoded: a value that is not even base64 is not looked at.
        let first = #expect(throws: SAMLError.self) {
            try TestVerifiers.okta().verify(samlResponse: "***", relayState: over, expectedRequestID: requestID)
        }
        #expect(first?.code == .relayStateTooLarge)
    }
}
