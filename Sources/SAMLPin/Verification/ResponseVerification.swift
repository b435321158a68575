/// One run of the verification pipeline over one message.
struct ResponseVerification {
    let verifier: ResponseVerifier
    let expectedRequestID: String?
    let relayState: String?

    func run(_ bytes: [UInt8]) throws(SAMLError) -> VerifiedAssertion {
        throw SAMLError(.internalError, "not available")
    }
}
