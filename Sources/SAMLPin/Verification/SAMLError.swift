/// Why a SAML message was refused, or why the verifier could not be set up.
///
/// Each failed check has its own stable `code`, so a service can count and alert on them;
/// `reason` is for the people who read logs. Neither ever carries key material or the whole
/// assertion. Show the browser a generic failure page, not these values.
public struct SAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The check that failed; its raw value is stable across releases.
    public let code: Code
    /// What happened, for a person reading logs.
    public let reason: String
    /// The IdP's status, for `statusNotSuccess`; nil otherwise.
    public let status: Status?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the failed check.
    ///   - reason: what happened; line breaks and other control characters are escaped and the
    ///     text is cut at 512 bytes, because it may quote values from an unverified message.
    ///   - status: the IdP's status, for `statusNotSuccess`.
    public init(_ code: Code, _ reason: String, status: Status? = nil) {
        self.code = code
        self.reason = LogSafeText.clean(reason)
        self.status = status
    }

    /// `<code>: <reason>`.
    public var description: String { "\(code.rawValue): \(reason)" }
}

extension SAMLError {
    /// The top-level `samlp:Status` of a response that did not succeed.
    public struct Status: Sendable, Hashable, Codable {
        /// The top-level `StatusCode` value (for example `urn:oasis:names:tc:SAML:2.0:status:Responder`).
        public let code: String
        /// The nested `StatusCode` value, if any (for example `…:status:AuthnFailed`).
        public let subCode: String?
        /// The `StatusMessage` text, if any, with control characters escaped and cut at 512 bytes.
        public let message: String?

        /// Creates a status as read from a Response, which may be unsigned: every value is made
        /// safe to log.
        public init(code: String, subCode: String?, message: String?) {
            self.code = LogSafeText.clean(code)
            self.subCode = subCode.map { LogSafeText.clean($0) }
            self.message = message.map { LogSafeText.clean($0) }
        }
    }
}

extension SAMLError {
    /// The check that failed. One code per check; raw values never change.
    public enum Code: String, Sendable, Hashable, CaseIterable, Codable {
        // MARK: Configuration (thrown by `ResponseVerifier.init`)

        /// The verifier's configuration is unusable (no IdP, duplicate entity IDs, an IdP without signing keys).
        case invalidConfiguration = "configuration.invalid"
        /// A pinned certificate does not load, or its DER's SHA-256 differs from its declared fingerprint.
        case pinnedCertificateInvalid = "configuration.pinnedCertificateInvalid"

        // MARK: Message decoding and parsing

        /// The message is larger than the IdP policy's `maximumMessageSize` (checked on the base64 text too).
        case messageTooLarge = "message.tooLarge"
        /// The RelayState is larger than `ResponseVerifier.maximumRelayStateSize`.
        case relayStateTooLarge = "message.relayStateTooLarge"
        /// The form value is not base64 (after removing whitespace), or decodes to nothing.
        case invalidBase64 = "message.invalidBase64"
        /// The XML is not well-formed or not namespace-well-formed.
        case malformedXML = "xml.malformed"
        /// The document declares a DTD (`<!DOCTYPE`), which is never allowed.
        case documentTypeDeclaration = "xml.documentTypeDeclaration"

        // MARK: Shape

        /// The root element is not a `samlp:Response` in the SAML 2.0 protocol namespace.
        case unexpectedRoot = "response.unexpectedRoot"
        /// The Response or Assertion `Version` is not `2.0`.
        case versionMismatch = "response.versionMismatch"
        /// A required element or attribute is missing or has the wrong form (for example a bad `xs:dateTime`).
        case schemaViolation = "response.schemaViolation"
        /// The document holds more than one `Assertion`/`EncryptedAssertion`, anywhere.
        case multipleAssertions = "response.multipleAssertions"
        /// A successful Response carries no assertion.
        case noAssertion = "response.noAssertion"
        /// The assertion is encrypted; decryption is not supported yet.
        case encryptedAssertionUnsupported = "assertion.encryptedUnsupported"
        /// Two elements of the document carry the same ID value.
        case duplicateID = "xml.duplicateID"
        /// The ID of the Response or Assertion is missing or not an NCName.
        case invalidID = "xml.invalidID"

        // MARK: Signature

        /// The Issuer does not name any pinned identity provider (or there is no Issuer).
        case unknownIssuer = "response.unknownIssuer"
        /// No signature covers what the IdP policy requires to be signed.
        case signatureMissing = "signature.missing"
        /// A signature breaks the SAML signature profile; the reason names the rule.
        case signatureProfileViolation = "signature.profileViolation"
        /// A signature, digest, canonicalization or transform algorithm is not on the allow-list.
        case disallowedAlgorithm = "signature.disallowedAlgorithm"
        /// The signed content matches its digest, but no pinned key verifies the SignatureValue.
        case signatureInvalid = "signature.invalid"
        /// The signed content was changed after signing: the Reference's digest does not match it.
        case digestMismatch = "signature.digestMismatch"
        /// Exclusive c14n of the signed element or of SignedInfo failed, so nothing could be verified.
        case canonicalizationFailed = "signature.canonicalizationFailed"
        /// The verified reference does not resolve to the element that is read.
        case signedElementMismatch = "signature.signedElementMismatch"

        // MARK: Protocol checks on the verified elements

        /// The verified Issuer differs from the pinned entity ID (or Response and Assertion Issuers differ).
        case issuerMismatch = "response.issuerMismatch"
        /// A signed Response carries no `Destination`.
        case destinationMissing = "response.destinationMissing"
        /// The Response `Destination` is not one of the SP's ACS URLs.
        case destinationMismatch = "response.destinationMismatch"
        /// The top-level status is not Success; `status` carries code, sub-code and message.
        case statusNotSuccess = "response.statusNotSuccess"
        /// `InResponseTo` differs from the expected request ID (on the Response or the bearer confirmation).
        case inResponseToMismatch = "response.inResponseToMismatch"
        /// An unsolicited response (no request expected) was refused by policy, or names a request anyway.
        case unsolicitedResponse = "response.unsolicited"
        /// The Response or Assertion `IssueInstant` lies in the future beyond the allowed skew.
        case issueInstantInFuture = "response.issueInstantInFuture"
        /// The assertion's Subject carries no `NameID`.
        case nameIDMissing = "assertion.nameIDMissing"
        /// The assertion has no bearer `SubjectConfirmation`.
        case subjectConfirmationMissing = "assertion.subjectConfirmationMissing"
        /// No bearer confirmation is satisfied (Recipient, NotOnOrAfter missing/expired, NotBefore present).
        case subjectConfirmationInvalid = "assertion.subjectConfirmationInvalid"
        /// The assertion's `Conditions/@NotBefore` is in the future beyond the allowed skew.
        case conditionsNotYetValid = "assertion.conditionsNotYetValid"
        /// The assertion's `Conditions/@NotOnOrAfter` has passed beyond the allowed skew.
        case conditionsExpired = "assertion.conditionsExpired"
        /// The assertion has no `AudienceRestriction`, so it is not addressed to this SP.
        case audienceRestrictionMissing = "assertion.audienceRestrictionMissing"
        /// An `AudienceRestriction` does not name the SP's entity ID.
        case audienceMismatch = "assertion.audienceMismatch"

        // MARK: Replay

        /// This assertion was accepted before.
        case replayDetected = "assertion.replayDetected"
        /// The replay cache is full of unexpired entries, so a replay could not be ruled out.
        case replayCacheFull = "assertion.replayCacheFull"

        // MARK: Other

        /// A library failed in a way no other code describes; the message is refused.
        case internalError = "internal.error"
        /// The two signature engines gave different verdicts on one signature; only raised by the
        /// cross-checking engine the test suite runs, never by a verifier built with the public API.
        case signatureEnginesDisagree = "internal.signatureEnginesDisagree"
    }
}
